import { rollingMeanStd, rollingMedian, rollingMedianMad, rollingQuantiles } from './rolling';
import { mad, mean, median, quantile, std } from './robust';

function expectClose(actual: number, expected: number, digits: number) {
  if (Number.isNaN(expected)) {
    expect(actual).toBeNaN();
  } else {
    expect(actual).toBeCloseTo(expected, digits);
  }
}

/** Reference implementation: recompute every window from scratch. */
function naive(values: Array<number | null>, window: number, stat: (w: Array<number | null>) => number) {
  return values.map((_, i) => stat(values.slice(Math.max(0, i - window + 1), i + 1)));
}

function seededValues(n: number, seed: number): Array<number | null> {
  let state = seed;
  const next = () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
  return Array.from({ length: n }, () => {
    const r = next();
    return r < 0.05 ? null : Math.round(next() * 1000) / 10 + 1e6;
  });
}

describe('causal rolling windows', () => {
  const values = seededValues(300, 42);

  it.each([1, 2, 5, 17, 60])('window %i matches a from-scratch computation', (window) => {
    const { mean: m, std: s } = rollingMeanStd(values, { window });
    const expectedMean = naive(values, window, mean);
    const expectedStd = naive(values, window, std);
    for (let i = 0; i < values.length; i++) {
      expectClose(m[i], expectedMean[i], 6);
      expectClose(s[i], expectedStd[i], 4);
    }
    const med = rollingMedian(values, { window });
    const { mad: rollingMad } = rollingMedianMad(values, { window });
    const [p90] = rollingQuantiles(values, [0.9], { window });
    naive(values, window, median).forEach((e, i) => expectClose(med[i], e, 9));
    naive(values, window, mad).forEach((e, i) => expectClose(rollingMad[i], e, 9));
    naive(values, window, (w) => quantile(w, 0.9)).forEach((e, i) => expectClose(p90[i], e, 9));
  });

  it('never looks ahead: changing a future value leaves earlier outputs unchanged', () => {
    const changed = [...values];
    changed[200] = -5e9;
    const before = rollingMeanStd(values, { window: 20 }).mean;
    const after = rollingMeanStd(changed, { window: 20 }).mean;
    expect(Array.from(after.slice(0, 200))).toEqual(Array.from(before.slice(0, 200)));
    expect(after[200]).not.toEqual(before[200]);
  });

  it('honours minCount and rejects a bad window', () => {
    const { mean: m } = rollingMeanStd([1, 2, 3], { window: 3, minCount: 2 });
    expect(m[0]).toBeNaN();
    expect(m[1]).toBe(1.5);
    expect(() => rollingMedian([1], { window: 0 })).toThrow(RangeError);
  });
});
