import { MAD_TO_SIGMA } from '../stats/robust';
import { SortedWindow } from '../stats/sortedWindow';
import { ScoreCalibrator } from './calibrate';
import { PointScore, StreamingDetector } from './streaming';

/**
 * Robust baseline: rolling median/MAD z-score and rolling mean/std z-score of the value, plus a median/MAD z-score
 * of the first difference (catches a jump even while the level window still contains the old level). Causal:
 * point t is scored against the windows of points before t, then pushed into them.
 */
export interface RobustOptions {
  /** Rolling window length in samples (default 256). */
  window?: number;
  /** Points needed before scoring starts (default 16). */
  minPoints?: number;
  /** Calibrated probability at which a point counts as anomalous; sets the band width (default 0.9999). */
  threshold?: number;
  /** Stride of the calibrator's learning (1 = every point). */
  calibratorStride?: number;
  /**
   * Recompute median/MAD every `refreshEvery` points (default 1). Batch scoring uses 64: the baseline of a 256-point
   * window barely moves in 64 points, and it makes long series score at over a million points per second.
   */
  refreshEvery?: number;
}

/** σ never drops below this fraction of the level, so flat lines give large but finite z-scores. */
export const RELATIVE_SIGMA_FLOOR = 1e-9;
export const ABSOLUTE_SIGMA_FLOOR = 1e-12;
/** Band half-width in σ until the calibrator has enough history to set it from the threshold. */
export const DEFAULT_BAND_SIGMA = 4;

export class RobustDetector implements StreamingDetector {
  readonly name = 'robust';
  private readonly level: SortedWindow;
  private readonly diffs: SortedWindow;
  private readonly ring: Float64Array;
  private ringHead = 0;
  private ringCount = 0;
  private sum = 0;
  private sumSq = 0;
  private shift = NaN;
  private last = NaN;
  private readonly calibrator: ScoreCalibrator;
  private readonly minPoints: number;
  private readonly threshold: number;
  private readonly refreshEvery: number;
  private sinceRefresh = Infinity;
  private median = NaN;
  private madSigma = NaN;
  private diffMedian = NaN;
  private diffSigma = NaN;
  private bandK = DEFAULT_BAND_SIGMA;

  constructor({
    window = 256,
    minPoints = 16,
    threshold = 0.9999,
    calibratorStride = 1,
    refreshEvery = 1,
  }: RobustOptions = {}) {
    this.refreshEvery = Math.max(1, Math.floor(refreshEvery));
    this.level = new SortedWindow(window);
    this.diffs = new SortedWindow(window);
    this.ring = new Float64Array(window);
    this.minPoints = Math.max(3, Math.min(minPoints, window));
    this.threshold = threshold;
    this.calibrator = new ScoreCalibrator({ stride: calibratorStride });
  }

  update(_t: number, v: number): PointScore {
    if (v !== v) {
      const expected = this.level.size > 0 ? this.level.median() : NaN;
      return { expected, lower: expected, upper: expected, deviation: 0, raw: 0, probability: 0 };
    }
    if (this.shift !== this.shift) {
      this.shift = v;
    }
    let result: PointScore;
    if (this.level.size < this.minPoints) {
      const expected = this.level.size > 0 ? this.level.median() : v;
      result = { expected, lower: expected, upper: expected, deviation: 0, raw: 0, probability: 0 };
    } else {
      if (++this.sinceRefresh >= this.refreshEvery) {
        this.sinceRefresh = 0;
        this.median = this.level.median();
        this.madSigma = this.level.mad(this.median) * MAD_TO_SIGMA;
        this.diffMedian = this.diffs.median();
        this.diffSigma = this.diffs.mad(this.diffMedian) * MAD_TO_SIGMA;
        this.bandK = this.calibrator.ready ? this.calibrator.rawAt(this.threshold) : DEFAULT_BAND_SIGMA;
      }
      const median = this.median;
      const floor = Math.max(RELATIVE_SIGMA_FLOOR * Math.abs(median), ABSOLUTE_SIGMA_FLOOR);
      const n = this.ringCount;
      const meanShifted = this.sum / n;
      const std = Math.sqrt(Math.max(0, (this.sumSq - n * meanShifted * meanShifted) / (n - 1)));
      const sigma = Math.max(this.madSigma, floor);
      const z = (v - median) / sigma;
      const zMean = (v - (meanShifted + this.shift)) / Math.max(std, floor);
      const d = v - this.last;
      const diffSigma = Math.max(this.diffSigma, floor);
      const zDiff = this.diffs.size >= this.minPoints ? (d - this.diffMedian) / diffSigma : 0;
      // Any z that is not finite (overflowing sums on values near 1e308) is left out rather than poisoning the max.
      const raw = finiteMax(Math.abs(z), Math.abs(zMean), Math.abs(zDiff));
      const probability = this.calibrator.probability(raw);
      this.calibrator.learn(raw);
      const k = this.bandK;
      result = {
        expected: median,
        lower: median - k * sigma,
        upper: median + k * sigma,
        deviation: z,
        raw,
        probability,
      };
    }
    this.learn(v);
    return result;
  }

  private learn(v: number): void {
    if (this.last === this.last) {
      this.diffs.push(v - this.last);
    }
    this.last = v;
    this.level.push(v);
    const d = v - this.shift;
    const cap = this.ring.length;
    if (this.ringCount === cap) {
      const old = this.ring[this.ringHead];
      this.sum -= old;
      this.sumSq -= old * old;
    } else {
      this.ringCount++;
    }
    this.ring[this.ringHead] = d;
    this.ringHead = (this.ringHead + 1) % cap;
    this.sum += d;
    this.sumSq += d * d;
  }
}

/** Largest of three |z| values, ignoring non-finite ones (0 when none is finite and positive). */
export function finiteMax(a: number, b: number, c: number): number {
  let m = 0;
  if (a > m && a !== Infinity) {
    m = a;
  }
  if (b > m && b !== Infinity) {
    m = b;
  }
  if (c > m && c !== Infinity) {
    m = c;
  }
  return m;
}
