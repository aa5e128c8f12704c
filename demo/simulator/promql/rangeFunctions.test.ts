import { extrapolatedRate, instantRate, overTime } from './rangeFunctions';
import type { Point } from './store';

const s = (sec: number): number => sec * 1000;
const pts = (...pairs: Array<[number, number]>): Point[] => pairs.map(([t, v]) => [s(t), v]);

describe('extrapolatedRate (Prometheus rate/increase)', () => {
  // Each expected value is worked out by hand in the comment next to it.
  it.each([
    {
      name: 'gaps of half an interval at both ends are extrapolated fully',
      // increase 50 over 50 s sampled; 5 s to each edge (< 1.1 x 10 s) -> 60 s covered: 50 * 60/50 = 60
      points: pts([5, 10], [15, 20], [25, 30], [35, 40], [45, 50], [55, 60]),
      window: { endMs: s(60), rangeMs: s(60) },
      increase: 60,
      rate: 1,
    },
    {
      name: 'a counter reset adds back the value before it',
      // 15 - 10 + 20 (reset after 20) = 25 over 30 s sampled, 5 s to each edge -> 25 * 40/30
      points: pts([5, 10], [15, 20], [25, 5], [35, 15]),
      window: { endMs: s(40), rangeMs: s(40) },
      increase: (25 * 40) / 30,
      rate: (25 * 40) / 30 / 40,
    },
    {
      name: 'no extrapolation below zero: the start gap shrinks to where the counter would reach 0',
      // increase 20 over 20 s; 20 s to the start, but 0 is reached 20*(1/20) = 1 s before: 20 * 21/20 = 21
      points: pts([20, 1], [30, 11], [40, 21]),
      window: { endMs: s(40), rangeMs: s(40) },
      increase: 21,
      rate: 21 / 40,
    },
    {
      name: 'a gap over 1.1 intervals is extended by half an interval only',
      // increase 20 over 10 s (interval 5 s); 30 s to the start -> +2.5 s, 0 to the end: 20 * 12.5/10 = 25
      points: pts([30, 100], [35, 110], [40, 120]),
      window: { endMs: s(40), rangeMs: s(40) },
      increase: 25,
      rate: 25 / 40,
    },
  ])('$name', ({ points, window, increase, rate }) => {
    expect(extrapolatedRate(points, window, false)).toBeCloseTo(increase, 10);
    expect(extrapolatedRate(points, window, true)).toBeCloseTo(rate, 10);
  });

  it('needs two samples', () => {
    expect(extrapolatedRate(pts([5, 10]), { endMs: s(10), rangeMs: s(10) }, true)).toBeUndefined();
  });
});

describe('instantRate (irate)', () => {
  it.each([
    { points: pts([0, 1], [10, 5], [20, 15]), want: 1 },
    // After a reset the last value is the increase: 10 over 10 s.
    { points: pts([10, 50], [20, 10]), want: 1 },
    { points: pts([10, 50]), want: undefined },
  ])('$points -> $want', ({ points, want }) => {
    expect(instantRate(points)).toBe(want);
  });
});

describe('overTime', () => {
  const points = pts([0, 4], [10, NaN], [20, 1], [30, 7]);
  it.each([
    ['count_over_time', 4],
    ['min_over_time', 1],
    ['max_over_time', 7],
  ] as const)('%s', (kind, want) => {
    expect(overTime(kind, points)).toBe(want);
  });
  it('sum and avg', () => {
    const clean = pts([0, 4], [10, 2], [20, 1], [30, 7]);
    expect(overTime('sum_over_time', clean)).toBe(14);
    expect(overTime('avg_over_time', clean)).toBe(3.5);
    expect(overTime('avg_over_time', [])).toBeUndefined();
  });
  it('a leading NaN is replaced by the next value in min/max', () => {
    expect(overTime('max_over_time', pts([0, NaN], [10, 3], [20, 2]))).toBe(3);
  });
});
