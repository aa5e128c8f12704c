/**
 * Seeded pseudo-random numbers (mulberry32), the one generator of the codebase: detectors, the demo simulator,
 * benchmarks and tests all draw from it, so the same seed gives the same sequence in the browser and in Node.
 * Fast and well mixed; not for cryptography.
 */
export interface Rng {
  /** Uniform in [0, 1). Calling the generator itself is the same draw. */
  (): number;
  next(): number;
  /** Integer uniform in [min, max] (both included). */
  int(min: number, max: number): number;
  /** One item, uniformly. */
  pick<T>(items: readonly T[]): T;
  /** `count` distinct items in random order (all of them when `count` ≥ their number). */
  sample<T>(items: readonly T[], count: number): T[];
  /** Standard normal (Box–Muller). */
  normal(): number;
  /** Exponential with the given mean (gaps of a Poisson process). */
  exponential(mean: number): number;
  /** Poisson-distributed count with the given mean. */
  poisson(mean: number): number;
  /** Binomial count of successes in `trials` draws with probability `p`. */
  binomial(trials: number, p: number): number;
  /** Lowercase hex string of `length` characters (trace ids). */
  hex(length: number): string;
}

export function createRng(seed: number): Rng {
  if (!Number.isFinite(seed)) {
    throw new Error(`seed must be a finite number, got ${seed}`);
  }
  // The golden-ratio constant spreads small consecutive seeds (0, 1, 2…) over the state space.
  let state = (Math.floor(seed) ^ 0x9e3779b9) >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const normal = (): number => {
    // 1 − next() keeps the logarithm's argument in (0, 1].
    const u1 = 1 - next();
    const u2 = next();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  };
  const rng = next as Rng;
  rng.next = next;
  rng.normal = normal;
  rng.int = (min, max) => min + Math.floor(next() * (max - min + 1));
  rng.pick = (items) => items[Math.floor(next() * items.length)];
  rng.sample = (items, count) => {
    const copy = [...items];
    for (let i = copy.length - 1; i > 0; i--) {
      const j = Math.floor(next() * (i + 1));
      [copy[i], copy[j]] = [copy[j], copy[i]];
    }
    return copy.slice(0, Math.min(count, copy.length));
  };
  rng.exponential = (mean) => -Math.log(1 - next()) * mean;
  rng.poisson = (mean) => poisson(next, normal, mean);
  rng.binomial = (trials, p) => binomial(next, normal, trials, p);
  rng.hex = (length) => {
    let out = '';
    while (out.length < length) {
      out += Math.floor(next() * 0x100000000)
        .toString(16)
        .padStart(8, '0');
    }
    return out.slice(0, length);
  };
  return rng;
}

function poisson(next: () => number, normal: () => number, mean: number): number {
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
  // The normal approximation is accurate for large means and O(1).
  return Math.max(0, Math.round(mean + Math.sqrt(mean) * normal()));
}

function binomial(next: () => number, normal: () => number, trials: number, p: number): number {
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
}
