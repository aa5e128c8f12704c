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
    const n = this.count;
    if (n === 0) {
      return NaN;
    }
    const position = (n - 1) * q;
    const lo = Math.floor(position);
    const hi = Math.min(lo + 1, n - 1);
    return this.sorted[lo] + (this.sorted[hi] - this.sorted[lo]) * (position - lo);
  }

  median(): number {
    return this.quantile(0.5);
  }

  /**
   * Median absolute deviation from `centre` (usually the median): the deviations left and right of the
   * centre form two ascending runs, merged only up to the middle element, so this is O(n) without sorting.
   */
  mad(centre = this.median()): number {
    const n = this.count;
    if (n === 0) {
      return NaN;
    }
    const s = this.sorted;
    let right = this.lowerBound(centre);
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

  /** Fraction of stored values strictly below `value` plus half of the ties (mid-rank ECDF). */
  rank(value: number): number {
    if (this.count === 0) {
      return NaN;
    }
    const below = this.lowerBound(value);
    const notAbove = this.upperBound(value);
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
    let lo = 0;
    let hi = this.count;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.sorted[mid] < x) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  private upperBound(x: number): number {
    let lo = 0;
    let hi = this.count;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.sorted[mid] <= x) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }
}
