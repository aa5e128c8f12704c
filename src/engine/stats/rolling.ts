/**
 * Causal rolling windows: the value at index i summarises values[i − window + 1 … i] only, so a
 * rolling statistic never sees the future (required for streaming detection and NAB).
 * Missing values (null/NaN) are skipped; an index whose window holds fewer than `minCount`
 * finite values gets NaN.
 */
import { quantileSorted } from './robust';

export interface RollingOptions {
  /** Window length in samples (≥ 1). */
  window: number;
  /** Minimum finite values in the window for a result (default 1). */
  minCount?: number;
}

function checkWindow(window: number): void {
  if (!Number.isInteger(window) || window < 1) {
    throw new RangeError(`rolling window must be a positive integer, got ${window}`);
  }
}

const isMissing = (v: number | null): v is null => v === null || !Number.isFinite(v);

/** Rolling mean and sample standard deviation in O(n) (running sums, re-centred for stability). */
export function rollingMeanStd(
  values: ArrayLike<number | null>,
  { window, minCount = 1 }: RollingOptions
): { mean: Float64Array; std: Float64Array } {
  checkWindow(window);
  const n = values.length;
  const meanOut = new Float64Array(n).fill(NaN);
  const stdOut = new Float64Array(n).fill(NaN);
  // Shift by the first finite value so the running sums do not lose precision on large offsets.
  let shift = 0;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (!isMissing(v)) {
      shift = v;
      break;
    }
  }
  let sum = 0;
  let sumSq = 0;
  let count = 0;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (!isMissing(v)) {
      const d = v - shift;
      sum += d;
      sumSq += d * d;
      count++;
    }
    if (i >= window) {
      const old = values[i - window];
      if (!isMissing(old)) {
        const d = old - shift;
        sum -= d;
        sumSq -= d * d;
        count--;
      }
    }
    if (count >= Math.max(1, minCount)) {
      const m = sum / count;
      meanOut[i] = m + shift;
      stdOut[i] = count > 1 ? Math.sqrt(Math.max(0, (sumSq - count * m * m) / (count - 1))) : NaN;
    }
  }
  return { mean: meanOut, std: stdOut };
}

/** Index of the first element ≥ x in an ascending array (binary search). */
function lowerBound(sorted: number[], x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < x) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return lo;
}

/**
 * Rolling quantiles over a sorted window maintained by binary insertion and removal:
 * O(n · window) worst case from the array shifts, fast in practice for windows up to a few thousand.
 */
export function rollingQuantiles(
  values: ArrayLike<number | null>,
  quantiles: number[],
  { window, minCount = 1 }: RollingOptions
): Float64Array[] {
  checkWindow(window);
  const n = values.length;
  const outs = quantiles.map(() => new Float64Array(n).fill(NaN));
  const sorted: number[] = [];
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (!isMissing(v)) {
      sorted.splice(lowerBound(sorted, v), 0, v);
    }
    if (i >= window) {
      const old = values[i - window];
      if (!isMissing(old)) {
        sorted.splice(lowerBound(sorted, old), 1);
      }
    }
    if (sorted.length >= Math.max(1, minCount)) {
      for (let q = 0; q < quantiles.length; q++) {
        outs[q][i] = quantileSorted(sorted, quantiles[q]);
      }
    }
  }
  return outs;
}

export function rollingMedian(values: ArrayLike<number | null>, options: RollingOptions): Float64Array {
  return rollingQuantiles(values, [0.5], options)[0];
}

/**
 * Rolling median and MAD (unscaled). The MAD of each window is computed exactly from the window's
 * sorted values, O(window) per step.
 */
export function rollingMedianMad(
  values: ArrayLike<number | null>,
  { window, minCount = 1 }: RollingOptions
): { median: Float64Array; mad: Float64Array } {
  checkWindow(window);
  const n = values.length;
  const medianOut = new Float64Array(n).fill(NaN);
  const madOut = new Float64Array(n).fill(NaN);
  const sorted: number[] = [];
  const deviations: number[] = [];
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (!isMissing(v)) {
      sorted.splice(lowerBound(sorted, v), 0, v);
    }
    if (i >= window) {
      const old = values[i - window];
      if (!isMissing(old)) {
        sorted.splice(lowerBound(sorted, old), 1);
      }
    }
    if (sorted.length >= Math.max(1, minCount)) {
      const m = quantileSorted(sorted, 0.5);
      medianOut[i] = m;
      deviations.length = sorted.length;
      for (let k = 0; k < sorted.length; k++) {
        deviations[k] = Math.abs(sorted[k] - m);
      }
      deviations.sort((a, b) => a - b);
      madOut[i] = quantileSorted(deviations, 0.5);
    }
  }
  return { median: medianOut, mad: madOut };
}
