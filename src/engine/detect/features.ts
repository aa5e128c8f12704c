import { SortedWindow } from '../stats/sortedWindow';

/**
 * The 16 engineered features of requirements A1, computed causally (every window ends at the current point; no
 * back-fill: before a window has enough points it uses what it has, and undefined statistics are 0).
 */
export const FEATURE_NAMES = [
  'value',
  'mean5',
  'mean15',
  'mean60',
  'std5',
  'std15',
  'rateOfChange',
  'acceleration',
  'zscore5',
  'zscore15',
  'hour',
  'dayOfWeek',
  'isBusinessHours',
  'isWeekend',
  'volatility',
  'percentileRank60',
] as const;

export const FEATURE_COUNT = FEATURE_NAMES.length;

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

/** Rolling mean/std over the last `size` pushed values (running sums around a fixed shift). */
class RollingMoments {
  private readonly ring: Float64Array;
  private head = 0;
  private count = 0;
  private sum = 0;
  private sumSq = 0;
  constructor(
    size: number,
    private readonly shift: () => number
  ) {
    this.ring = new Float64Array(size);
  }
  push(v: number): void {
    const d = v - this.shift();
    if (this.count === this.ring.length) {
      const old = this.ring[this.head];
      this.sum -= old;
      this.sumSq -= old * old;
    } else {
      this.count++;
    }
    this.ring[this.head] = d;
    this.head = (this.head + 1) % this.ring.length;
    this.sum += d;
    this.sumSq += d * d;
  }
  mean(): number {
    return this.sum / this.count + this.shift();
  }
  std(): number {
    if (this.count < 2) {
      return 0;
    }
    const m = this.sum / this.count;
    return Math.sqrt(Math.max(0, (this.sumSq - this.count * m * m) / (this.count - 1)));
  }
}

export class FeatureExtractor {
  private shiftValue = NaN;
  private readonly shift = () => this.shiftValue;
  private readonly m5 = new RollingMoments(5, this.shift);
  private readonly m15 = new RollingMoments(15, this.shift);
  private readonly m60 = new RollingMoments(60, this.shift);
  private readonly rank60 = new SortedWindow(60);
  private prev = NaN;
  private prevDiff = NaN;

  /** Writes the features of point (t, v) into `out` (length ≥ FEATURE_COUNT). `v` must be finite. */
  update(t: number, v: number, out: Float64Array | number[]): void {
    if (this.shiftValue !== this.shiftValue) {
      this.shiftValue = v;
    }
    this.m5.push(v);
    this.m15.push(v);
    this.m60.push(v);
    this.rank60.push(v);
    const mean5 = this.m5.mean();
    const mean15 = this.m15.mean();
    const std5 = this.m5.std();
    const std15 = this.m15.std();
    const diff = this.prev === this.prev ? v - this.prev : 0;
    const acceleration = this.prevDiff === this.prevDiff ? diff - this.prevDiff : 0;
    this.prevDiff = this.prev === this.prev ? diff : NaN;
    this.prev = v;
    const day = Math.floor(t / DAY_MS);
    const hour = Math.floor((t - day * DAY_MS) / HOUR_MS);
    const dayOfWeek = (((day + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday (= 4, Sunday = 0)
    const weekend = dayOfWeek === 0 || dayOfWeek === 6 ? 1 : 0;
    out[0] = v;
    out[1] = mean5;
    out[2] = mean15;
    out[3] = this.m60.mean();
    out[4] = std5;
    out[5] = std15;
    out[6] = diff;
    out[7] = acceleration;
    out[8] = (v - mean5) / (std5 + 1e-10);
    out[9] = (v - mean15) / (std15 + 1e-10);
    out[10] = hour;
    out[11] = dayOfWeek;
    out[12] = !weekend && hour >= 9 && hour < 17 ? 1 : 0;
    out[13] = weekend;
    out[14] = mean5 !== 0 ? std5 / Math.abs(mean5) : 0;
    out[15] = this.rank60.rank(v);
  }
}
