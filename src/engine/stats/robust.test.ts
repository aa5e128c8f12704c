import { finiteValues, mad, mean, median, quantile, robustSigma, std } from './robust';

describe('robust statistics', () => {
  it.each([
    { values: [3, 1, 2], median: 2 },
    { values: [4, 1, 3, 2], median: 2.5 },
    { values: [5], median: 5 },
    { values: [], median: NaN },
    { values: [1, NaN, null, 3], median: 2 },
  ])('median of $values is $median', ({ values, median: expected }) => {
    expect(median(values)).toEqual(expected);
  });

  it.each([
    { q: 0, expected: 1 },
    { q: 0.25, expected: 1.75 },
    { q: 0.5, expected: 2.5 },
    { q: 0.9, expected: 3.7 },
    { q: 1, expected: 4 },
    { q: 1.5, expected: NaN },
  ])('quantile $q of [1..4] is $expected (numpy linear)', ({ q, expected }) => {
    const actual = quantile([4, 2, 1, 3], q);
    if (Number.isNaN(expected)) {
      expect(actual).toBeNaN();
    } else {
      expect(actual).toBeCloseTo(expected, 12);
    }
  });

  it('MAD ignores a single huge outlier where std explodes', () => {
    const values = [10, 11, 9, 10, 12, 8, 10, 1e9];
    expect(median(values)).toBe(10);
    expect(mad(values)).toBe(1);
    expect(robustSigma(values)).toBeCloseTo(1.4826, 10);
    expect(std(values)).toBeGreaterThan(1e8);
  });

  it('mean and std skip missing values and report NaN when too few remain', () => {
    expect(mean([1, null, 3])).toBe(2);
    expect(std([2, 4, 4, 4, 5, 5, 7, 9])).toBeCloseTo(2.138089935, 8);
    expect(std([1])).toBeNaN();
    expect(mean([])).toBeNaN();
    expect(finiteValues([Infinity, -Infinity, NaN, null, 0])).toEqual([0]);
  });
});
