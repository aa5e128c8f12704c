import { breachIntervals } from './history';

describe('breach intervals', () => {
  const t = [0, 1, 2, 3, 4, 5, 6];
  it.each([
    { values: [1, 1, 1, 1, 1, 1, 1], expected: [] },
    {
      values: [1, 0.9, 0.9, 1, 1, 0.9, 1],
      expected: [
        { startMs: 1, endMs: 3 },
        { startMs: 5, endMs: 6 },
      ],
    },
    {
      values: [0.9, 0.9, 1, 1, 1, 0.9, 0.9],
      expected: [
        { startMs: 0, endMs: 2 },
        { startMs: 5, endMs: 6 },
      ],
    },
    {
      values: [1, 0.9, null, 0.9, 0.999, 1, 1],
      expected: [
        { startMs: 1, endMs: 1 },
        { startMs: 3, endMs: 4 },
      ],
    },
    { values: [NaN, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9], expected: [{ startMs: 1, endMs: 6 }] },
  ])('$values', ({ values, expected }) => {
    expect(breachIntervals(t, values, 0.999)).toEqual(expected);
  });
});
