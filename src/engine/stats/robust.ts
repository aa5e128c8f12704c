/**
 * Robust statistics on plain arrays. NaN marks a missing value and is skipped everywhere,
 * so callers never have to pre-clean their input.
 */

/** Consistency constant: MAD × 1.4826 estimates σ for normally distributed data. */
export const MAD_TO_SIGMA = 1.4826;

/** Finite values of `values`, in order. */
export function finiteValues(values: ArrayLike<number | null>): number[] {
  const out: number[] = [];
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v !== null && Number.isFinite(v)) {
      out.push(v);
    }
  }
  return out;
}

/** Quantile of an ascending-sorted array with linear interpolation (type 7, as numpy and R default). */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0 || !(q >= 0 && q <= 1)) {
    return NaN;
  }
  const position = (n - 1) * q;
  const lo = Math.floor(position);
  const hi = Math.min(lo + 1, n - 1);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (position - lo);
}

export function quantile(values: ArrayLike<number | null>, q: number): number {
  return quantileSorted(
    finiteValues(values).sort((a, b) => a - b),
    q
  );
}

export function median(values: ArrayLike<number | null>): number {
  return quantile(values, 0.5);
}

/** Median absolute deviation from the median (unscaled). */
export function mad(values: ArrayLike<number | null>): number {
  const finite = finiteValues(values);
  const m = median(finite);
  return median(finite.map((v) => Math.abs(v - m)));
}

/** Robust σ estimate: MAD scaled to σ. */
export function robustSigma(values: ArrayLike<number | null>): number {
  return mad(values) * MAD_TO_SIGMA;
}

export function mean(values: ArrayLike<number | null>): number {
  let sum = 0;
  let count = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v !== null && Number.isFinite(v)) {
      sum += v;
      count++;
    }
  }
  return count === 0 ? NaN : sum / count;
}

/** Sample standard deviation (n − 1), NaN for fewer than two values. */
export function std(values: ArrayLike<number | null>): number {
  const finite = finiteValues(values);
  if (finite.length < 2) {
    return NaN;
  }
  const m = mean(finite);
  let ss = 0;
  for (const v of finite) {
    ss += (v - m) * (v - m);
  }
  return Math.sqrt(ss / (finite.length - 1));
}
