import { averagePathLength, IsolationForest } from './isolationForest';
import { createRng } from './rng';

function cluster(n: number, d: number, seed: number): number[][] {
  const rng = createRng(seed);
  return Array.from({ length: n }, () => Array.from({ length: d }, () => rng() + rng() - 1));
}

describe('IsolationForest', () => {
  it('uses the standard normaliser c(n) = 2H(n−1) − 2(n−1)/n', () => {
    expect(averagePathLength(1)).toBe(0);
    expect(averagePathLength(2)).toBe(1);
    expect(averagePathLength(256)).toBeCloseTo(10.2448, 3);
  });

  it('scores isolated points above 0.5 and cluster points below (multivariate)', () => {
    const rows = cluster(2000, 3, 1);
    const forest = new IsolationForest({ seed: 7 }).fit(rows);
    const inlier = forest.score([0, 0, 0]);
    const outlier = forest.score([4, -4, 4]);
    expect(inlier).toBeLessThan(0.45);
    expect(outlier).toBeGreaterThan(0.65);
    // An outlier in one feature only is still found.
    expect(forest.score([0, 0, 6])).toBeGreaterThan(inlier + 0.15);
  });

  it('is deterministic for a seed and differs across seeds', () => {
    const rows = cluster(1000, 4, 2);
    const a = new IsolationForest({ seed: 3 }).fit(rows).scoreAll(rows);
    const b = new IsolationForest({ seed: 3 }).fit(rows).scoreAll(rows);
    const c = new IsolationForest({ seed: 4 }).fit(rows).scoreAll(rows);
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(Array.from(a)).not.toEqual(Array.from(c));
  });

  it('accepts row-major typed arrays, caps ψ at the row count and handles constant features', () => {
    const flat = new Float64Array([1, 5, 2, 5, 3, 5, 50, 5]);
    const forest = new IsolationForest({ sampleSize: 256, trees: 50, seed: 1 }).fit(flat, 2);
    const scores = forest.scoreAll(flat, 2);
    expect(scores[3]).toBeGreaterThan(scores[1]);
    expect(scores.every((s) => s > 0 && s < 1)).toBe(true);
  });

  it('rejects bad input with the offending value in the message', () => {
    expect(() => new IsolationForest({ trees: 0 })).toThrow(/got 0/);
    expect(() => new IsolationForest().fit([[1, 2]])).toThrow(/at least 2 rows, got 1/);
    expect(() => new IsolationForest().fit([[1, 2], [3]])).toThrow(/row 1 has 1 features/);
    expect(() => new IsolationForest().fit(new Float64Array(5), 2)).toThrow(/featureCount 2/);
  });
});
