import { drawBuckets, logNormalCdf, logNormalIntervalMean, logNormalMean, normalCdf } from './lognormal';
import { createRng } from '../../src/engine/stats/random';

const BOUNDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, Number.POSITIVE_INFINITY];

describe('log-normal helpers', () => {
  it.each([
    [0, 0.5],
    [1, 0.841345],
    [-1.959964, 0.025],
    [3, 0.99865],
  ])('normalCdf(%p) = %p', (z, expected) => {
    expect(normalCdf(z)).toBeCloseTo(expected, 5);
  });

  it('puts half the mass below the median and has the textbook mean', () => {
    const dist = { medianSeconds: 0.08, sigma: 0.5 };
    expect(logNormalCdf(dist, 0.08)).toBeCloseTo(0.5, 6);
    expect(logNormalMean(dist)).toBeCloseTo(0.08 * Math.exp(0.125), 9);
    expect(logNormalCdf(dist, 0)).toBe(0);
    expect(logNormalCdf(dist, Number.POSITIVE_INFINITY)).toBe(1);
  });

  it('interval means lie inside their interval and the whole-range mean is the mean', () => {
    const dist = { medianSeconds: 0.2, sigma: 0.6 };
    const m = logNormalIntervalMean(dist, 0.1, 0.25);
    expect(m).toBeGreaterThan(0.1);
    expect(m).toBeLessThan(0.25);
    expect(logNormalIntervalMean(dist, 0, Number.POSITIVE_INFINITY)).toBeCloseTo(logNormalMean(dist), 6);
  });
});

describe('drawBuckets', () => {
  it('returns integer counts that add up to the request count', () => {
    const rng = createRng(5);
    const draw = drawBuckets(rng, { medianSeconds: 0.04, sigma: 0.5 }, BOUNDS, 1234);
    expect(draw.counts.reduce((a, b) => a + b, 0)).toBe(1234);
    draw.counts.forEach((c) => expect(Number.isInteger(c)).toBe(true));
    expect(draw.sumSeconds / 1234).toBeCloseTo(0.04 * Math.exp(0.125), 2);
  });

  it('moves mass to higher buckets when the median grows', () => {
    const rng = createRng(6);
    const fast = drawBuckets(rng, { medianSeconds: 0.02, sigma: 0.4 }, BOUNDS, 5000);
    const slow = drawBuckets(rng, { medianSeconds: 0.6, sigma: 0.4 }, BOUNDS, 5000);
    const below100ms = (c: number[]): number => c.slice(0, 5).reduce((a, b) => a + b, 0);
    expect(below100ms(fast.counts)).toBeGreaterThan(4900);
    expect(below100ms(slow.counts)).toBeLessThan(50);
  });

  it('draws nothing for zero requests', () => {
    const draw = drawBuckets(createRng(1), { medianSeconds: 0.1, sigma: 0.5 }, BOUNDS, 0);
    expect(draw.counts.every((c) => c === 0)).toBe(true);
    expect(draw.sumSeconds).toBe(0);
  });
});
