/**
 * A fixed-capacity sliding window that keeps its values both in arrival order (ring buffer) and sorted,
 * so median, quantiles, MAD and ranks are available after every push without re-sorting.
 * Push is O(capacity) from one typed-array shift; queries are O(1) (quantile) or O(log n) (rank).
 * Only finite values may be pushed (callers skip missing samples).
 */
export class SortedWindow {
  private readonly ring: Float64Array;
  private readonly sorted: Float64Array;
  private head = 0;
  private count = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new RangeError(`SortedWindow capacity must be a positive integer, got ${capacity}`);
    }
    this.ring = new Float64Array(capacity);
    this.sorted = new Float64Array(capacity);
  }

  get size(): number {
    return this.count;
  }

  /** Adds a value, evicting the oldest one when full. */
  push(value: number): void {
    const sorted = this.sorted;
    if (this.count === this.capacity) {
      const old = this.ring[this.head];
      const at = this.lowerBound(old);
      sorted.copyWithin(at, at + 1, this.count);
      this.count--;
    }
    const pos = this.upperBound(value);
    sorted.copyWithin(pos + 1, pos, this.count);
    sorted[pos] = value;
    this.count++;
    this.ring[this.head] = value;
    this.head = (this.head + 1) % this.capacity;
  }

  /** Type-7 quantile (linear interpolation), NaN when empty. */
  quantile(q: number): number {
    return quantileOfSorted(this.sorted, this.count, q);
  }

  median(): number {
    return this.quantile(0.5);
  }

  /** Median absolute deviation from `centre` (usually the median), see `madOfSorted`. */
  mad(centre = this.median()): number {
    return madOfSorted(this.sorted, this.count, centre);
  }

  /** Fraction of stored values strictly below `value` plus half of the ties (mid-rank ECDF). */
  rank(value: number): number {
    if (this.count === 0) {
      return NaN;
    }
    const below = this.lowerBound(value);
    // Ties are rare: when the value at `below` is larger, nothing equals `value` and the second search is not needed.
    const notAbove = below < this.count && this.sorted[below] === value ? this.upperBound(value) : below;
    return (below + (notAbove - below) / 2) / this.count;
  }

  /** Values in arrival order, oldest first (copy). */
  values(): Float64Array {
    const out = new Float64Array(this.count);
    const start = this.count === this.capacity ? this.head : 0;
    for (let i = 0; i < this.count; i++) {
      out[i] = this.ring[(start + i) % this.capacity];
    }
    return out;
  }

  private lowerBound(x: number): number {
    return lowerBoundIn(this.sorted, this.count, x);
  }

  private upperBound(x: number): number {
    return upperBoundIn(this.sorted, this.count, x);
  }
}

/** Type-7 quantile (linear interpolation) of the first `n` values of an ascending array; NaN when n = 0. */
export function quantileOfSorted(sorted: Float64Array, n: number, q: number): number {
  if (n === 0) {
    return NaN;
  }
  const position = (n - 1) * q;
  const lo = Math.floor(position);
  const hi = Math.min(lo + 1, n - 1);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (position - lo);
}

/**
 * Median absolute deviation from `centre` of the first `n` values of an ascending array: the deviations left and
 * right of the centre form two ascending runs, merged only up to the middle element, so this is O(n) without sorting.
 */
export function madOfSorted(s: Float64Array, n: number, centre: number): number {
  if (n === 0) {
    return NaN;
  }
  let right = lowerBoundIn(s, n, centre);
  let left = right - 1;
  const kLo = (n - 1) >> 1;
  const kHi = n >> 1;
  let lowValue = 0;
  for (let k = 0; k <= kHi; k++) {
    const dl = left >= 0 ? centre - s[left] : Infinity;
    const dr = right < n ? s[right] - centre : Infinity;
    let d: number;
    if (dl <= dr) {
      d = dl;
      left--;
    } else {
      d = dr;
      right++;
    }
    if (k === kLo) {
      lowValue = d;
    }
    if (k === kHi) {
      return (lowValue + d) / 2;
    }
  }
  return lowValue;
}

/*
 * Binary searches without data-dependent branches (the step is added through a 0/−1 mask): which half a value falls
 * in is unpredictable, and a mispredicted branch per step costs more than the whole step. Rank queries run per point.
 */

/** First index in the ascending `s[0..n)` whose value is not below `x` (n when none). */
export function lowerBoundIn(s: Float64Array, n: number, x: number): number {
  if (n === 0) {
    return 0;
  }
  let base = 0;
  let len = n;
  while (len > 1) {
    const half = len >>> 1;
    base += half & -+(s[base + half] < x);
    len -= half;
  }
  return base + +(s[base] < x);
}

/** First index in the ascending `s[0..n)` whose value is above `x` (n when none). */
export function upperBoundIn(s: Float64Array, n: number, x: number): number {
  if (n === 0) {
    return 0;
  }
  let base = 0;
  let len = n;
  while (len > 1) {
    const half = len >>> 1;
    base += half & -+(s[base + half] <= x);
    len -= half;
  }
  return base + +(s[base] <= x);
}
