// Latency distributions: a log-normal per route, split analytically into histogram buckets so the simulator never
// has to observe requests one by one (hundreds of thousands per real second at high acceleration).
import type { Rng } from '../../src/engine/stats/random';

/** Standard normal CDF (Abramowitz–Stegun 7.1.26 erf approximation, |error| < 1.5e-7). */
export function normalCdf(z: number): number {
  if (z === Number.POSITIVE_INFINITY) {
    return 1;
  }
  if (z === Number.NEGATIVE_INFINITY) {
    return 0;
  }
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erf = 1 - poly * Math.exp(-x * x);
  return z >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
}

export interface LogNormal {
  /** Median in seconds (e^mu). */
  medianSeconds: number;
  /** Standard deviation of ln(latency). */
  sigma: number;
}

export function logNormalMean({ medianSeconds, sigma }: LogNormal): number {
  return medianSeconds * Math.exp((sigma * sigma) / 2);
}

/** P(X <= x). */
export function logNormalCdf({ medianSeconds, sigma }: LogNormal, x: number): number {
  if (x <= 0) {
    return 0;
  }
  if (x === Number.POSITIVE_INFINITY) {
    return 1;
  }
  return normalCdf((Math.log(x) - Math.log(medianSeconds)) / sigma);
}

/** E[X | a < X <= b], used to keep the histogram's _sum consistent with its buckets. */
export function logNormalIntervalMean(dist: LogNormal, a: number, b: number): number {
  const mu = Math.log(dist.medianSeconds);
  const s = dist.sigma;
  const z = (x: number, shift: number): number =>
    x <= 0 ? Number.NEGATIVE_INFINITY : x === Number.POSITIVE_INFINITY ? x : (Math.log(x) - mu - shift) / s;
  const mass = normalCdf(z(b, 0)) - normalCdf(z(a, 0));
  if (mass <= 1e-12) {
    // Negligible mass: the interval midpoint (or its lower edge for +Inf) is as good as anything.
    return b === Number.POSITIVE_INFINITY ? Math.max(a, dist.medianSeconds) : (a + b) / 2;
  }
  const shiftedMass = normalCdf(z(b, s * s)) - normalCdf(z(a, s * s));
  return (Math.exp(mu + (s * s) / 2) * shiftedMass) / mass;
}

export interface BucketDraw {
  /** Non-cumulative counts per bucket (same length as the upper bounds, last bound +Inf). */
  counts: number[];
  /** Sum of the drawn latencies in seconds. */
  sumSeconds: number;
}

/**
 * Distributes `requests` latencies over buckets with upper bounds `upperBounds` (ascending, last = +Inf) by
 * sequential conditional binomials, so the counts are integers that add up to `requests` exactly.
 */
export function drawBuckets(rng: Rng, dist: LogNormal, upperBounds: readonly number[], requests: number): BucketDraw {
  const counts = new Array<number>(upperBounds.length).fill(0);
  let remaining = requests;
  let sumSeconds = 0;
  let lower = 0;
  let cdfLower = 0;
  for (let i = 0; i < upperBounds.length && remaining > 0; i++) {
    const upper = upperBounds[i];
    const cdfUpper = logNormalCdf(dist, upper);
    const conditional = i === upperBounds.length - 1 ? 1 : (cdfUpper - cdfLower) / Math.max(1e-12, 1 - cdfLower);
    const k = rng.binomial(remaining, Math.min(1, Math.max(0, conditional)));
    counts[i] = k;
    remaining -= k;
    if (k > 0) {
      sumSeconds += k * logNormalIntervalMean(dist, lower, upper);
    }
    lower = upper;
    cdfLower = cdfUpper;
  }
  return { counts, sumSeconds };
}
