import { averagePathLength, IsolationForest } from './isolationForest';
import { createRng } from '../stats/random';

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
    // An outlier in one feature only is still found (its margin over the inlier is 0.11–0.17 across seeds 1–20).
    expect(forest.score([0, 0, 6])).toBeGreaterThan(inlier + 0.1);
  });

  it('is deterministic for a seed and differs across seeds', () => {
    const rows = cluster(1000, 4, 2);
    const a = new IsolationForest({ seed: 3 }).fit(rows).scoreAll(rows);
    const b = new IsolationForest({ seed: 3 }).fit(rows).scoreAll(rows);
    const c = new IsolationForest({ seed: 4 }).fit(rows).scoreAll(rows);
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(Array.from(a)).not.toEqual(Array.from(c));
  });

  it('draws a fresh random stream on each refit, reproducibly for a seed', () => {
    const rows = cluster(800, 3, 9);
    const a = new IsolationForest({ seed: 3 });
    const b = new IsolationForest({ seed: 3 });
    const first = Array.from(a.fit(rows).scoreAll(rows));
    const second = Array.from(a.fit(rows).scoreAll(rows));
    expect(second).not.toEqual(first);
    expect(Array.from(b.fit(rows).scoreAll(rows))).toEqual(first);
    expect(Array.from(b.fit(rows).scoreAll(rows))).toEqual(second);
  });

  it('stratifies the root features: each varying feature roots the same number of trees', () => {
    const rng = createRng(11);
    const rows = Array.from({ length: 300 }, () => [rng(), rng(), rng(), rng()]);
    const count = (roots: Int32Array, f: number) => roots.filter((r) => r === f).length;
    const roots = new IsolationForest({ seed: 4, trees: 32 }).fit(rows).rootFeatures();
    expect([0, 1, 2, 3].map((f) => count(roots, f))).toEqual([8, 8, 8, 8]);
    // A constant feature roots its share too (as in Liu et al.'s iTree: the feature is drawn, then split at its value).
    const withConstant = rows.map((r) => [r[0], 5, r[2], r[3]]);
    const roots2 = new IsolationForest({ seed: 4, trees: 400 }).fit(withConstant).rootFeatures();
    expect([0, 1, 2, 3].map((f) => count(roots2, f))).toEqual([100, 100, 100, 100]);
  });

  it('splits on a node-constant feature at its value: a point off it on either side is isolated there', () => {
    const rng = createRng(12);
    const rows = Array.from({ length: 1000 }, () => [rng(), 5]);
    const forest = new IsolationForest({ seed: 6, trees: 200, sampleSize: 1000 }).fit(rows);
    const typical = forest.score([0.5, 5]);
    const below = forest.score([0.5, 4]);
    const above = forest.score([0.5, 6]);
    // Half the draws pick the constant feature; each sends the rows to one side (either, with probability ½) and a
    // point off the constant on the other side to an empty leaf at once.
    expect(below).toBeGreaterThan(typical + 0.2);
    expect(above).toBeGreaterThan(typical + 0.2);
    expect(Math.abs(above - below)).toBeLessThan(0.05);
  });

  it('scores training rows as if left out: never lower than in-sample, equal when every leaf holds one row', () => {
    const rows = cluster(500, 3, 13);
    const limited = new IsolationForest({ seed: 2, sampleSize: 500, maxDepth: 5 }).fit(rows);
    const inSample = limited.scoreAll(rows);
    const leftOut = limited.scoreAll(rows, undefined, true);
    // Height 5 leaves hold many rows: c(size − 1) < c(size) shortens every path a little.
    expect(Array.from(leftOut).every((s, i) => s > inSample[i])).toBe(true);
    expect(Array.from(leftOut).every((s, i) => s < inSample[i] + 0.05)).toBe(true);
    // Grown until every row is alone in its leaf (c(1) = c(0) = 0): leaving a row out changes nothing.
    const full = new IsolationForest({ seed: 2, sampleSize: 500, maxDepth: 499 }).fit(rows);
    expect(Array.from(full.scoreAll(rows, undefined, true))).toEqual(Array.from(full.scoreAll(rows)));
  });

  it('accepts row-major typed arrays, caps ψ at the row count and handles constant features', () => {
    const flat = new Float64Array([1, 5, 2, 5, 3, 5, 50, 5]);
    const forest = new IsolationForest({ sampleSize: 256, trees: 50, seed: 1 }).fit(flat, 2);
    const scores = forest.scoreAll(flat, 2);
    expect(scores[3]).toBeGreaterThan(scores[1]);
    expect(scores.every((s) => s > 0 && s < 1)).toBe(true);
  });

  it('draws the split feature uniformly among the features that vary in a node', () => {
    // Three constant columns, then two exchangeable varying ones: an outlier in either must score the same. (Scanning
    // forward from a random start would pick the first varying column 4 times as often and isolate it faster.)
    const rng = createRng(5);
    const rows = Array.from({ length: 2000 }, () => [1, 2, 3, rng(), rng()]);
    const forest = new IsolationForest({ seed: 9, trees: 400 }).fit(rows);
    const outlierInFirst = forest.score([1, 2, 3, 3, 0.5]);
    const outlierInSecond = forest.score([1, 2, 3, 0.5, 3]);
    expect(Math.abs(outlierInFirst - outlierInSecond)).toBeLessThan(0.02);
  });

  it('honours a height limit below log2 ψ and still ranks outliers first', () => {
    const rows = cluster(4000, 3, 3);
    const full = new IsolationForest({ seed: 2, sampleSize: 4000 }).fit(rows);
    const limited = new IsolationForest({ seed: 2, sampleSize: 4000, maxDepth: 4 }).fit(rows);
    const inlier = [0, 0, 0];
    const outlier = [3, -3, 3];
    expect(limited.score(outlier)).toBeGreaterThan(limited.score(inlier) + 0.15);
    // Capped paths: a far outlier's path is no shorter, an inlier's is much shorter than without the limit.
    expect(limited.score(inlier)).toBeGreaterThan(full.score(inlier));
    expect(() => new IsolationForest({ maxDepth: 0 })).toThrow(/maxDepth must be a positive integer, got 0/);
  });

  it('scores a row the same alone and in a block walk (any row count, not only multiples of 4)', () => {
    const rows = cluster(1003, 5, 4);
    const forest = new IsolationForest({ seed: 5, trees: 37, sampleSize: 1003, extraDepth: 1 }).fit(rows);
    const all = forest.scoreAll(rows);
    for (const i of [0, 1, 2, 3, 500, 1000, 1001, 1002]) {
      expect(all[i]).toBeCloseTo(forest.score(rows[i]), 12);
    }
  });

  it('does not depend on the order of the rows when every tree sees every row', () => {
    const rows = cluster(600, 3, 6);
    const reversed = [...rows].reverse();
    const a = new IsolationForest({ seed: 8, sampleSize: 600 }).fit(rows).scoreAll(rows);
    const b = new IsolationForest({ seed: 8, sampleSize: 600 }).fit(reversed).scoreAll(rows);
    expect(Array.from(b)).toEqual(Array.from(a));
  });

  it('splits features whose variation is tiny next to their magnitude (keys are relative to the column mean)', () => {
    // 1e9 + [0, 1e-3): float32 of the raw value could not tell these apart; an outlier at 1e9 + 0.01 must stand out.
    const rng = createRng(3);
    const rows = Array.from({ length: 1000 }, () => [1e9 + rng() * 1e-3]);
    const forest = new IsolationForest({ seed: 1, sampleSize: 1000 }).fit(rows);
    expect(forest.score([1e9 + 0.01])).toBeGreaterThan(forest.score([1e9 + 5e-4]) + 0.1);
  });

  it('grows extraDepth levels beyond ⌈log2 ψ⌉ (= the same height given as maxDepth)', () => {
    const rows = cluster(512, 2, 7);
    const standard = new IsolationForest({ seed: 3, sampleSize: 512 }).fit(rows).scoreAll(rows);
    const deeper = new IsolationForest({ seed: 3, sampleSize: 512, extraDepth: 3 }).fit(rows).scoreAll(rows);
    const explicit = new IsolationForest({ seed: 3, sampleSize: 512, maxDepth: 12 }).fit(rows).scoreAll(rows);
    expect(Array.from(explicit)).toEqual(Array.from(deeper));
    expect(Array.from(deeper)).not.toEqual(Array.from(standard));
    expect(() => new IsolationForest({ extraDepth: -1 })).toThrow(/extraDepth must be a non-negative integer, got -1/);
  });

  it('rejects bad input with the offending value in the message', () => {
    expect(() => new IsolationForest({ trees: 0 })).toThrow(/got 0/);
    expect(() => new IsolationForest().fit([[1, 2]])).toThrow(/at least 2 rows, got 1/);
    expect(() => new IsolationForest().fit([[1, 2], [3]])).toThrow(/row 1 has 1 features/);
    expect(() => new IsolationForest().fit(new Float64Array(5), 2)).toThrow(/featureCount 2/);
  });
});
