// Functions over a range of samples, with Prometheus 2.x semantics (promql/functions.go).
import type { Point } from './store';

export interface RangeWindow {
  /** Evaluation time minus offset, ms. */
  endMs: number;
  rangeMs: number;
}

/**
 * rate() and increase(): the counter's increase between the first and last sample (adding back the value before each
 * reset), extrapolated towards the window edges. Each side is extended by the gap to the edge when that gap is
 * under 1.1 average sample intervals, else by half an interval; a counter is not extrapolated below zero.
 */
export function extrapolatedRate(points: readonly Point[], window: RangeWindow, isRate: boolean): number | undefined {
  if (points.length < 2) {
    return undefined;
  }
  const first = points[0];
  const last = points[points.length - 1];
  let result = last[1] - first[1];
  let previous = 0;
  for (const [, v] of points) {
    if (v < previous) {
      result += previous;
    }
    previous = v;
  }
  const rangeStart = window.endMs - window.rangeMs;
  let durationToStart = (first[0] - rangeStart) / 1000;
  const durationToEnd = (window.endMs - last[0]) / 1000;
  const sampledInterval = (last[0] - first[0]) / 1000;
  const averageInterval = sampledInterval / (points.length - 1);
  if (result > 0 && first[1] >= 0) {
    const durationToZero = sampledInterval * (first[1] / result);
    if (durationToZero < durationToStart) {
      durationToStart = durationToZero;
    }
  }
  const threshold = averageInterval * 1.1;
  let extrapolateTo = sampledInterval;
  extrapolateTo += durationToStart < threshold ? durationToStart : averageInterval / 2;
  extrapolateTo += durationToEnd < threshold ? durationToEnd : averageInterval / 2;
  result *= extrapolateTo / sampledInterval;
  return isRate ? result / (window.rangeMs / 1000) : result;
}

/** irate(): per-second change between the last two samples; after a reset the last value is the increase. */
export function instantRate(points: readonly Point[]): number | undefined {
  if (points.length < 2) {
    return undefined;
  }
  const [t0, v0] = points[points.length - 2];
  const [t1, v1] = points[points.length - 1];
  const delta = v1 < v0 ? v1 : v1 - v0;
  const seconds = (t1 - t0) / 1000;
  return seconds === 0 ? undefined : delta / seconds;
}

export type OverTime = 'avg_over_time' | 'sum_over_time' | 'min_over_time' | 'max_over_time' | 'count_over_time';

export function overTime(kind: OverTime, points: readonly Point[]): number | undefined {
  if (points.length === 0) {
    return undefined;
  }
  switch (kind) {
    case 'count_over_time':
      return points.length;
    case 'sum_over_time':
      return points.reduce((a, [, v]) => a + v, 0);
    case 'avg_over_time':
      return points.reduce((a, [, v]) => a + v, 0) / points.length;
    case 'min_over_time':
    case 'max_over_time': {
      // As Prometheus: a NaN is replaced by the first real value after it.
      let best = points[0][1];
      for (const [, v] of points) {
        if ((kind === 'max_over_time' ? v > best : v < best) || Number.isNaN(best)) {
          best = v;
        }
      }
      return best;
    }
  }
}
