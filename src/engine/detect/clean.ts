import { Float64Pool, takeFloat64 } from '../stats/float64Pool';
import { selectInPlace } from '../stats/select';

/**
 * Turns raw (timestamp, value) input into the ordered, de-duplicated shape the detectors need, and says what it
 * changed: out-of-order points are sorted (stable), duplicated timestamps are merged by averaging their finite
 * values, and null / NaN / ±Infinity become NaN (missing) instead of being dropped, so no sample is silently lost.
 */
export interface CleanSeries {
  timestamps: Float64Array;
  /** NaN marks a missing sample. */
  values: Float64Array;
  finiteCount: number;
  warnings: string[];
  /** Median step between consecutive timestamps (ms), NaN for fewer than two points. */
  medianStepMs: number;
}

/** `pool`: where the output arrays come from (recycled ones when given). */
export function cleanSeries(
  timestamps: ArrayLike<number>,
  values: ArrayLike<number | null>,
  pool?: Float64Pool
): CleanSeries {
  const warnings: string[] = [];
  const n = Math.min(timestamps.length, values.length);
  if (timestamps.length !== values.length) {
    warnings.push(
      `timestamps (${timestamps.length}) and values (${values.length}) differ in length; scored the first ${n} points`
    );
  }
  const fast = strictlyIncreasingFinite(timestamps, n) ? fastPath(timestamps, values, n, warnings, pool) : undefined;
  if (fast) {
    return fast;
  }
  const order: number[] = [];
  let badTimes = 0;
  let sorted = true;
  for (let i = 0; i < n; i++) {
    const t = timestamps[i];
    if (typeof t !== 'number' || !Number.isFinite(t)) {
      badTimes++;
      continue;
    }
    if (order.length > 0 && t < timestamps[order[order.length - 1]]) {
      sorted = false;
    }
    order.push(i);
  }
  if (badTimes > 0) {
    warnings.push(`${badTimes} point(s) with a non-finite timestamp were skipped`);
  }
  if (!sorted) {
    order.sort((a, b) => timestamps[a] - timestamps[b] || a - b);
    warnings.push('timestamps were out of order; points were sorted by time');
  }
  const outT: number[] = [];
  const outV: number[] = [];
  let duplicates = 0;
  let nonFinite = 0;
  let i = 0;
  while (i < order.length) {
    const t = timestamps[order[i]];
    let sum = 0;
    let count = 0;
    let j = i;
    while (j < order.length && timestamps[order[j]] === t) {
      const v = values[order[j]];
      if (typeof v === 'number' && Number.isFinite(v)) {
        sum += v;
        count++;
      } else {
        nonFinite++;
      }
      j++;
    }
    duplicates += j - i - 1;
    outT.push(t);
    outV.push(count > 0 ? sum / count : NaN);
    i = j;
  }
  if (duplicates > 0) {
    warnings.push(`${duplicates} duplicated timestamp(s) were merged (values averaged)`);
  }
  if (nonFinite > 0) {
    warnings.push(`${nonFinite} missing or non-finite value(s) (null, NaN, ±Infinity) are treated as gaps`);
  }
  let finiteCount = 0;
  for (const v of outV) {
    if (!Number.isNaN(v)) {
      finiteCount++;
    }
  }
  const medianStepMs = medianStep(outT);
  const gaps = countGaps(outT, medianStepMs);
  if (gaps > 0) {
    warnings.push(`${gaps} gap(s) longer than twice the median step; detectors work on sample order across gaps`);
  }
  return {
    timestamps: Float64Array.from(outT),
    values: Float64Array.from(outV),
    finiteCount,
    warnings,
    medianStepMs,
  };
}

function medianStep(ts: number[]): number {
  if (ts.length < 2) {
    return NaN;
  }
  const steps = new Float64Array(ts.length - 1);
  for (let i = 1; i < ts.length; i++) {
    steps[i - 1] = ts[i] - ts[i - 1];
  }
  // Selection, not a sort: the same order statistic in linear time.
  return selectInPlace(steps, steps.length, (steps.length - 1) >> 1);
}

function countGaps(ts: number[], step: number): number {
  if (!(step > 0)) {
    return 0;
  }
  let gaps = 0;
  for (let i = 1; i < ts.length; i++) {
    if (ts[i] - ts[i - 1] > 2 * step) {
      gaps++;
    }
  }
  return gaps;
}

function strictlyIncreasingFinite(ts: ArrayLike<number>, n: number): boolean {
  let previous = -Infinity;
  for (let i = 0; i < n; i++) {
    const t = ts[i];
    if (!(t > previous) || t === Infinity) {
      return false;
    }
    previous = t;
  }
  return true;
}

/** Already ordered, unique timestamps (the common case): copy into typed arrays without sorting. */
function fastPath(
  ts: ArrayLike<number>,
  vs: ArrayLike<number | null>,
  n: number,
  warnings: string[],
  pool: Float64Pool | undefined
): CleanSeries {
  // Every element of both is written below, so recycled arrays are fine.
  const timestamps = takeFloat64(pool, n);
  const values = takeFloat64(pool, n);
  let finiteCount = 0;
  if (ts instanceof Float64Array && vs instanceof Float64Array) {
    // Typed input (the overlay's workers): block copies, then one monomorphic pass for non-finite values.
    timestamps.set(ts.subarray(0, n));
    values.set(vs.subarray(0, n));
    for (let i = 0; i < n; i++) {
      const v = values[i];
      if (v - v === 0) {
        finiteCount++;
      } else {
        values[i] = NaN;
      }
    }
  } else {
    for (let i = 0; i < n; i++) {
      timestamps[i] = ts[i];
      const v = vs[i];
      if (typeof v === 'number' && Number.isFinite(v)) {
        values[i] = v;
        finiteCount++;
      } else {
        values[i] = NaN;
      }
    }
  }
  if (finiteCount < n) {
    warnings.push(`${n - finiteCount} missing or non-finite value(s) (null, NaN, ±Infinity) are treated as gaps`);
  }
  const step = n >= 2 ? medianOfSteps(timestamps) : NaN;
  let gaps = 0;
  for (let i = 1; i < n; i++) {
    if (timestamps[i] - timestamps[i - 1] > 2 * step) {
      gaps++;
    }
  }
  if (gaps > 0) {
    warnings.push(`${gaps} gap(s) longer than twice the median step; detectors work on sample order across gaps`);
  }
  return { timestamps, values, finiteCount, warnings, medianStepMs: step };
}

/** Median step from at most ~10k evenly spaced steps (exact for shorter series; sorting 1M steps costs more than scoring). */
function medianOfSteps(ts: Float64Array): number {
  const total = ts.length - 1;
  const stride = Math.max(1, Math.floor(total / 10000));
  // A regular series (the usual query result) has one step: no array needed.
  const first = ts[1] - ts[0];
  let regular = true;
  for (let i = 1; i < ts.length && regular; i += stride) {
    regular = ts[i] - ts[i - 1] === first;
  }
  if (regular) {
    return first;
  }
  const steps = new Float64Array(Math.ceil(total / stride));
  for (let i = 1, j = 0; i < ts.length && j < steps.length; i += stride, j++) {
    steps[j] = ts[i] - ts[i - 1];
  }
  // Selection, not a sort: the same order statistic in linear time.
  return selectInPlace(steps, steps.length, (steps.length - 1) >> 1);
}
