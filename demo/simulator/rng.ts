// Seeded pseudo-random numbers so a simulator run (and every test) is reproducible from its seed.

export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Standard normal. */
  normal(): number;
  /** Poisson-distributed count with the given mean. */
  poisson(mean: number): number;
  /** Binomial count of successes in `trials` with probability `p`. */
  binomial(trials: number, p: number): number;
  /** Lowercase hex string of `length` characters (trace ids). */
  hex(length: number): string;
}

/** mulberry32: tiny, fast and good enough for simulation noise (not for cryptography). */
export function createRng(seed: number): Rng {
  if (!Number.isFinite(seed)) {
    throw new Error(`seed must be a finite number, got ${seed}`);
  }
  let state = Math.floor(seed) >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const normal = (): number => {
    // Box–Muller; 1 - next() keeps the log argument in (0, 1].
    const u1 = 1 - next();
    const u2 = next();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  };
  const poisson = (mean: number): number => {
    if (!(mean > 0)) {
      return 0;
    }
    if (mean < 30) {
      // Knuth: exact for small means.
      const limit = Math.exp(-mean);
      let k = 0;
      let product = next();
      while (product > limit) {
        k++;
        product *= next();
      }
      return k;
    }
    // Normal approximation is accurate for large means and O(1).
    return Math.max(0, Math.round(mean + Math.sqrt(mean) * normal()));
  };
  const binomial = (trials: number, p: number): number => {
    const n = Math.floor(trials);
    if (n <= 0 || !(p > 0)) {
      return 0;
    }
    if (p >= 1) {
      return n;
    }
    if (n <= 40) {
      let successes = 0;
      for (let i = 0; i < n; i++) {
        if (next() < p) {
          successes++;
        }
      }
      return successes;
    }
    const mean = n * p;
    const sd = Math.sqrt(mean * (1 - p));
    return Math.min(n, Math.max(0, Math.round(mean + sd * normal())));
  };
  const hex = (length: number): string => {
    let out = '';
    while (out.length < length) {
      out += Math.floor(next() * 0x100000000)
        .toString(16)
        .padStart(8, '0');
    }
    return out.slice(0, length);
  };
  return { next, normal, poisson, binomial, hex };
}
