import { distancePairInBand, minFrom, orderPairInBand, selectInPlace, selectPair } from './select';
import { lowerBoundIn, upperBoundIn } from './sortedWindow';
import { createRng } from './random';

const shapes: Array<[string, (i: number, r: () => number) => number]> = [
  ['random', (_i, r) => r()],
  ['ties', (_i, r) => Math.round(r() * 4)],
  ['ascending', (i) => i],
  ['descending', (i) => -i],
  ['all equal', () => 3],
  ['infinities', (i, r) => (i % 7 === 0 ? Infinity : i % 11 === 0 ? -Infinity : r())],
];

describe('selectInPlace / minFrom', () => {
  it.each(shapes)('return the order statistics of a sorted copy (%s)', (_name, make) => {
    const r = createRng(5);
    for (const n of [1, 2, 15, 16, 17, 100, 256]) {
      const values = Float64Array.from({ length: n }, (_, i) => make(i, r));
      const sorted = values.slice().sort();
      for (const k of [0, n >> 1, (n - 1) >> 1, n - 1]) {
        const a = values.slice();
        expect(selectInPlace(a, n, k)).toBe(sorted[k]);
        if (k + 1 < n) {
          expect(minFrom(a, k + 1, n)).toBe(sorted[k + 1]);
        }
        expect(a.slice().sort()).toEqual(sorted);
      }
    }
  });

  it('rejects k outside the range', () => {
    expect(() => selectInPlace(new Float64Array(4), 4, 4)).toThrow(/k must be in 0..3/);
  });
});

describe('orderPairInBand', () => {
  it('finds the pair when the band holds it, and says so when it does not', () => {
    const r = createRng(9);
    const n = 200;
    const values = Float64Array.from({ length: n }, () => r());
    const sorted = values.slice().sort();
    const band = new Float64Array(n);
    const out = new Float64Array(2);
    const k = 99;
    expect(orderPairInBand(values, n, k, sorted[90], sorted[110], band, out)).toBe(true);
    expect(Array.from(out)).toEqual([sorted[99], sorted[100]]);
    expect(orderPairInBand(values, n, k, sorted[100], sorted[150], band, out)).toBe(false);
    expect(orderPairInBand(values, n, k, sorted[0], sorted[99], band, out)).toBe(false);
    expect(orderPairInBand(values, n, k, NaN, NaN, band, out)).toBe(false);
    expect(orderPairInBand(values, n, n - 1, sorted[150], Infinity, band, out)).toBe(true);
    expect(Array.from(out)).toEqual([sorted[n - 1], sorted[n - 1]]);
    expect(values).toEqual(Float64Array.from({ length: n }, (_, i) => values[i]));
  });
});

describe('order pairs on long bands (bucketed selection)', () => {
  const makers: Array<[string, (r: () => number, i: number) => number]> = [
    ['uniform', (r) => r()],
    ['heavy ties', (r) => Math.round(r() * 4)],
    ['zeros of both signs and denormals', (r) => (r() < 0.3 ? -0 : r() < 0.5 ? 0 : r() * 1e-310)],
    ['huge magnitudes (distances overflow)', (r) => (r() - 0.5) * 1.7e308 * 2],
    ['clustered with outliers', (r, i) => (i % 17 === 0 ? 1e6 * r() : 1 + r() * 1e-9)],
  ];
  it.each(makers)('match a full sort for every k and band, %s', (_name, make) => {
    const r = createRng(21);
    const n = 256;
    const band = new Float64Array(n);
    const out = new Float64Array(2);
    for (let trial = 0; trial < 40; trial++) {
      const values = Float64Array.from({ length: n }, (_, i) => make(r, i));
      const sorted = values.slice().sort();
      for (const k of [0, 1, 127, 128, 200, n - 2, n - 1]) {
        // Bands from narrow to the whole range, always holding ranks k and k + 1 (so the long-band path runs).
        for (const spread of [30, 80, 200, n]) {
          const lo = Math.max(0, k - spread);
          const hi = Math.min(n - 1, k + 1 + spread);
          expect(orderPairInBand(values, n, k, sorted[lo], sorted[hi], band, out)).toBe(true);
          const next = Math.min(k + 1, n - 1);
          // Selection compares with <, so −0 and +0 are ties: either may come out where sort() puts −0 first.
          expect([trial, k, spread, out[0] + 0, out[1] + 0]).toEqual([
            trial,
            k,
            spread,
            sorted[k] + 0,
            sorted[next] + 0,
          ]);
        }
      }
      // Distances from a centre: the k-th and next smallest |x − c|.
      const centre = sorted[128];
      const distances = Float64Array.from(values, (x) => Math.abs(x - centre)).sort();
      for (const k of [0, 127, 250]) {
        expect(distancePairInBand(values, centre, k, 0, distances[n - 1], band, out)).toBe(true);
        expect([trial, k, out[0], out[1]]).toEqual([trial, k, distances[k], distances[k + 1]]);
      }
    }
  });
});

describe('selectPair', () => {
  it.each([5, 47, 48, 256, 1000])('gives the k-th and next smallest of %i values for every k', (n) => {
    const r = createRng(n);
    for (const make of [() => r(), () => Math.round(r() * 3), () => (r() < 0.5 ? -1.7e308 : 1.7e308) * r()]) {
      const values = Float64Array.from({ length: n }, make);
      const sorted = values.slice().sort();
      const out = new Float64Array(2);
      for (let k = 0; k < n; k += Math.max(1, Math.floor(n / 50))) {
        selectPair(values.slice(), n, k, out);
        expect([n, k, out[0], out[1]]).toEqual([n, k, sorted[k], sorted[Math.min(k + 1, n - 1)]]);
      }
    }
    expect(() => selectPair(new Float64Array(3), 3, 3, new Float64Array(2))).toThrow(/k must be in 0..2/);
  });
});

describe('lowerBoundIn / upperBoundIn', () => {
  it('match a linear scan on sorted arrays with ties, infinities and NaN queries', () => {
    const r = createRng(3);
    for (const n of [0, 1, 2, 3, 7, 8, 64, 4000]) {
      const s = Float64Array.from({ length: n }, () => Math.round(r() * 10)).sort();
      if (n > 3) {
        s[n - 1] = Infinity;
      }
      for (const x of [-Infinity, -1, 0, 3, 3.5, 10, Infinity, NaN]) {
        let lower = 0;
        while (lower < n && s[lower] < x) {
          lower++;
        }
        let upper = 0;
        while (upper < n && s[upper] <= x) {
          upper++;
        }
        expect([n, x, lowerBoundIn(s, n, x), upperBoundIn(s, n, x)]).toEqual([n, x, lower, upper]);
      }
    }
  });
});
