import { cleanSeries } from './clean';

describe('cleanSeries', () => {
  it('keeps ordered unique input as is and marks missing values NaN', () => {
    const c = cleanSeries([1, 2, 3, 4], [1, null, NaN, Infinity]);
    expect(Array.from(c.timestamps)).toEqual([1, 2, 3, 4]);
    expect(Array.from(c.values)).toEqual([1, NaN, NaN, NaN]);
    expect(c.finiteCount).toBe(1);
    expect(c.warnings.join(' ')).toMatch(/3 missing or non-finite/);
  });

  it('sorts out-of-order points stably and says so', () => {
    const c = cleanSeries([3, 1, 2], [30, 10, 20]);
    expect(Array.from(c.timestamps)).toEqual([1, 2, 3]);
    expect(Array.from(c.values)).toEqual([10, 20, 30]);
    expect(c.warnings.join(' ')).toMatch(/out of order/);
  });

  it('merges duplicated timestamps by averaging their finite values', () => {
    const c = cleanSeries([1, 2, 2, 2, 3], [1, 4, null, 6, 3]);
    expect(Array.from(c.timestamps)).toEqual([1, 2, 3]);
    expect(Array.from(c.values)).toEqual([1, 5, 3]);
    expect(c.warnings.join(' ')).toMatch(/2 duplicated timestamp/);
  });

  it('skips non-finite timestamps, reports length mismatches and gaps', () => {
    const c = cleanSeries([1, NaN, 2, 3, 100], [1, 2, 3, 4, 5, 6]);
    expect(Array.from(c.timestamps)).toEqual([1, 2, 3, 100]);
    expect(c.warnings.join(' ')).toMatch(/non-finite timestamp/);
    expect(c.warnings.join(' ')).toMatch(/differ in length/);
    expect(c.warnings.join(' ')).toMatch(/1 gap/);
  });

  it('gives the same result on the fast path and the sorting path', () => {
    const ts = [5, 1, 2, 3, 4];
    const vs = [5, 1, null, 3, 4];
    const slow = cleanSeries(ts, vs);
    const fast = cleanSeries([1, 2, 3, 4, 5], [1, null, 3, 4, 5]);
    expect(Array.from(slow.timestamps)).toEqual(Array.from(fast.timestamps));
    expect(Array.from(slow.values)).toEqual(Array.from(fast.values));
    expect(slow.finiteCount).toBe(fast.finiteCount);
  });
});
