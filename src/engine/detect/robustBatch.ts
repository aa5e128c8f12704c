/**
 * Batch fast path of the robust detector: the same numbers as driving `RobustDetector` point by point (same options,
 * same floating-point operations in the same order), written straight into typed arrays.
 * The streaming detector keeps two sorted 256-value windows up to date on every point; with `refreshEvery` = 64 the
 * median/MAD are only READ every 64 scored points, so here they are computed by selection on a scratch copy of the
 * last `window` values (and diffs) at those points only. The calibrator is the streaming one, fed the same scores.
 */
import { Float64Pool, takeFloat64 } from '../stats/float64Pool';
import { MirrorRing } from '../stats/mirrorRing';
import { MAD_TO_SIGMA } from '../stats/robust';
import { distancePairInBand, orderPairInBand, selectPair } from '../stats/select';
import { madOfSorted } from '../stats/sortedWindow';
import { ScoreCalibrator } from './calibrate';
import { ABSOLUTE_SIGMA_FLOOR, DEFAULT_BAND_SIGMA, finiteMax, RELATIVE_SIGMA_FLOOR, RobustOptions } from './robust';

export interface RobustBatchScores {
  expected: Float64Array;
  lower: Float64Array;
  upper: Float64Array;
  /** Signed z of the value against the rolling median/MAD (0 where not scored). */
  deviation: Float64Array;
  /** Calibrated probability 0..1 (0 while warming up and at missing points). */
  probability: Float64Array;
}

/**
 * Guess bands, as multiples of the previous MAD: median ± width, MAD × (1 ± width). Each width adapts: it doubles
 * after a miss and shrinks after a hit, so a drifting series gets a wide band and a steady one a narrow, cheap one.
 */
const START_BAND = 0.5;
const MIN_BAND = 0.05;
const MAX_BAND = 8;
const SHRINK_ON_HIT = 0.85;

function adapt(width: number, hit: boolean): number {
  return hit ? Math.max(MIN_BAND, width * SHRINK_ON_HIT) : Math.min(MAX_BAND, width * 2);
}

/**
 * Median and MAD of a window, exactly as `SortedWindow.median()` and `.mad(median)` return them. Successive windows
 * share most values, so the previous median/MAD bracket the new ones: only the values near them are selected
 * (falling back to the whole window when the guess misses).
 */
class WindowStats {
  private readonly scratch: Float64Array;
  private readonly band: Float64Array;
  private readonly pair = new Float64Array(2);
  private medianBand = START_BAND;
  private madBand = START_BAND;
  median = NaN;
  mad = NaN;

  constructor(capacity: number) {
    this.scratch = new Float64Array(capacity);
    this.band = new Float64Array(capacity);
  }

  /** `values` holds the window (any order, no NaN); it is not modified. */
  compute(values: Float64Array): void {
    const n = values.length;
    if (n === 0) {
      this.median = NaN;
      this.mad = NaN;
      return;
    }
    const a = this.scratch;
    const pair = this.pair;
    const guess = this.median;
    const spread = this.mad;
    const canGuess = spread > 0 && spread - spread === 0 && guess - guess === 0;
    // The type-7 median needs the lo-th AND hi-th smallest even when the fraction is 0 (Infinity × 0 is NaN).
    const position = (n - 1) * 0.5;
    const lo = Math.floor(position);
    let sLo: number;
    let sHi: number;
    const w = this.medianBand * spread;
    const medianHit = canGuess && orderPairInBand(values, n, lo, guess - w, guess + w, this.band, pair);
    if (canGuess) {
      this.medianBand = adapt(this.medianBand, medianHit);
    }
    if (!medianHit) {
      a.set(values);
      selectPair(a, n, lo, pair);
    }
    sLo = pair[0];
    sHi = pair[1];
    const centre = sLo + (sHi - sLo) * (position - lo);
    this.median = centre;
    if (centre - centre !== 0) {
      // Overflowed centre (±Infinity or NaN): distances can be NaN, whose order only the sorted merge defines.
      const sorted = a.subarray(0, n);
      sorted.set(values);
      sorted.sort();
      this.mad = madOfSorted(sorted, n, centre);
      return;
    }
    // |s − c| equals the streaming detector's c − s (left of c) and s − c (right of c) exactly: IEEE subtraction is
    // sign-symmetric. Only the sign of a zero MAD may differ, and the MAD is only used through max(·, floor).
    const kLo = (n - 1) >> 1;
    const kHi = n >> 1;
    let dLo: number;
    let dHi: number;
    const low = Math.max(0, 1 - this.madBand) * spread;
    const madHit =
      canGuess && distancePairInBand(values, centre, kLo, low, (1 + this.madBand) * spread, this.band, pair);
    if (canGuess) {
      this.madBand = adapt(this.madBand, madHit);
    }
    if (!madHit) {
      for (let i = 0; i < n; i++) {
        a[i] = Math.abs(values[i] - centre);
      }
      selectPair(a, n, kLo, pair);
    }
    dLo = pair[0];
    dHi = kHi === kLo ? dLo : pair[1];
    this.mad = (dLo + dHi) / 2;
  }
}

/**
 * Scores `values` (NaN = missing) exactly as `new RobustDetector(options)` fed point by point would, returning
 * typed arrays. Timestamps are not needed: the robust detector works on sample order.
 */
export function scoreRobustBatch(values: Float64Array, options: RobustOptions = {}): RobustBatchScores {
  return new RobustBatchScorer(options).score(values);
}

/**
 * The batch robust detector with its state kept between calls: `score(a)` then `score(b)` gives exactly what
 * `score(a ++ b)` gives, so a series whose range slid forward is scored only on its new points.
 */
export class RobustBatchScorer {
  private readonly window: number;
  private readonly minPoints: number;
  private readonly threshold: number;
  private readonly refreshEvery: number;
  private readonly calibrator: ScoreCalibrator;
  private readonly level: WindowStats;
  private readonly diffs: WindowStats;
  /** The last `window` finite values and their first differences: the level and diff windows. */
  private readonly levelRing: MirrorRing;
  private readonly diffRing: MirrorRing;
  /** Finite values learnt so far. */
  private count = 0;
  private medianAtCount = -1;
  private medianNow = NaN;
  private readonly ring: Float64Array;
  private ringHead = 0;
  private ringCount = 0;
  private sum = 0;
  private sumSq = 0;
  private shift = NaN;
  private last = NaN;
  private sinceRefresh = Infinity;
  private median = NaN;
  private madSigma = NaN;
  private diffMedian = NaN;
  private diffSigma = NaN;
  private bandK = DEFAULT_BAND_SIGMA;

  constructor(options: RobustOptions = {}) {
    const window = options.window ?? 256;
    if (!Number.isInteger(window) || window < 1) {
      throw new RangeError(`window must be a positive integer, got ${window}`);
    }
    this.window = window;
    this.minPoints = Math.max(3, Math.min(options.minPoints ?? 16, window));
    this.threshold = options.threshold ?? 0.9999;
    this.refreshEvery = Math.max(1, Math.floor(options.refreshEvery ?? 1));
    this.calibrator = new ScoreCalibrator({ stride: options.calibratorStride ?? 1 });
    this.level = new WindowStats(window);
    this.diffs = new WindowStats(window);
    this.ring = new Float64Array(window);
    this.levelRing = new MirrorRing(window);
    this.diffRing = new MirrorRing(window);
  }

  /** Points scored so far with a finite value. */
  get learnt(): number {
    return this.count;
  }

  /**
   * Scores `values` after everything scored before. The first `learnOnly` of them are only learnt: the detector
   * and its calibrator end in exactly the state a full score would leave (so later points get the same numbers),
   * but their band, deviation and probability are not computed (NaN, NaN, NaN, 0); `expected` is always filled,
   * since explanations look back at it. Callers that show only the points after a training range skip most of the
   * per-point work there: no probability lookup, and a raw score only where the calibrator keeps one.
   * `pool`: where the output arrays come from (recycled ones when given).
   */
  score(values: Float64Array, learnOnly = 0, pool?: Float64Pool): RobustBatchScores {
    const { window, minPoints, threshold, refreshEvery, calibrator, level, diffs, ring, levelRing, diffRing } = this;
    const n = values.length;
    if (!(Number.isInteger(learnOnly) && learnOnly >= 0)) {
      throw new RangeError(`learnOnly must be a non-negative integer, got ${learnOnly}`);
    }
    const skip = Math.min(learnOnly, n);
    // `expected`, and `lower`/`upper` from `skip` on, are written at every point below; the rest is filled here
    // (recycled arrays from `pool` hold old numbers).
    const expected = takeFloat64(pool, n);
    const lower = takeFloat64(pool, n).fill(NaN, 0, skip);
    const upper = takeFloat64(pool, n).fill(NaN, 0, skip);
    const deviation = takeFloat64(pool, n).fill(NaN, 0, skip).fill(0, skip);
    const probability = takeFloat64(pool, n).fill(0);

    let count = this.count;
    // The level median at a missing point: cached per `count`, since a gap does not change it.
    let medianAtCount = this.medianAtCount;
    let medianNow = this.medianNow;
    const currentMedian = (): number => {
      if (medianAtCount !== count) {
        medianAtCount = count;
        level.compute(levelRing.window());
        medianNow = level.median;
      }
      return medianNow;
    };

    // Rolling mean/std of (v − first value), ring-buffered exactly like the streaming detector's sums.
    let { ringHead, ringCount, sum, sumSq, shift, last, sinceRefresh, median, madSigma, diffMedian, diffSigma, bandK } =
      this;

    for (let i = 0; i < n; i++) {
      const v = values[i];
      if (v !== v) {
        const e = count > 0 ? currentMedian() : NaN;
        expected[i] = e;
        if (i >= skip) {
          lower[i] = e;
          upper[i] = e;
        }
        continue;
      }
      if (shift !== shift) {
        shift = v;
      }
      if (count < minPoints) {
        const e = count > 0 ? currentMedian() : v;
        expected[i] = e;
        if (i >= skip) {
          lower[i] = e;
          upper[i] = e;
        }
      } else {
        if (++sinceRefresh >= refreshEvery) {
          sinceRefresh = 0;
          median = currentMedian();
          madSigma = level.mad * MAD_TO_SIGMA;
          diffs.compute(diffRing.window());
          diffMedian = diffs.median;
          diffSigma = diffs.mad * MAD_TO_SIGMA;
          bandK = calibrator.ready ? calibrator.rawAt(threshold) : DEFAULT_BAND_SIGMA;
        }
        expected[i] = median;
        const scored = i >= skip;
        if (scored || calibrator.learnsNext) {
          const floor = Math.max(RELATIVE_SIGMA_FLOOR * Math.abs(median), ABSOLUTE_SIGMA_FLOOR);
          const m = ringCount;
          const meanShifted = sum / m;
          const std = Math.sqrt(Math.max(0, (sumSq - m * meanShifted * meanShifted) / (m - 1)));
          const sigma = Math.max(madSigma, floor);
          const z = (v - median) / sigma;
          const zMean = (v - (meanShifted + shift)) / Math.max(std, floor);
          const d = v - last;
          const zDiff = Math.min(count - 1, window) >= minPoints ? (d - diffMedian) / Math.max(diffSigma, floor) : 0;
          // Always finite (finiteMax), so `pass()` below stands for exactly these skipped scores.
          const raw = finiteMax(Math.abs(z), Math.abs(zMean), Math.abs(zDiff));
          if (scored) {
            probability[i] = calibrator.probability(raw);
            lower[i] = median - bandK * sigma;
            upper[i] = median + bandK * sigma;
            deviation[i] = z;
          }
          calibrator.learn(raw);
        } else {
          calibrator.pass();
        }
      }
      // Learn v (as RobustDetector.learn).
      if (count > 0) {
        diffRing.push(v - last);
      }
      last = v;
      levelRing.push(v);
      count++;
      const shifted = v - shift;
      if (ringCount === window) {
        const old = ring[ringHead];
        sum -= old;
        sumSq -= old * old;
      } else {
        ringCount++;
      }
      ring[ringHead] = shifted;
      ringHead = ringHead + 1 === window ? 0 : ringHead + 1;
      sum += shifted;
      sumSq += shifted * shifted;
    }

    this.count = count;
    this.medianAtCount = medianAtCount;
    this.medianNow = medianNow;
    this.ringHead = ringHead;
    this.ringCount = ringCount;
    this.sum = sum;
    this.sumSq = sumSq;
    this.shift = shift;
    this.last = last;
    this.sinceRefresh = sinceRefresh;
    this.median = median;
    this.madSigma = madSigma;
    this.diffMedian = diffMedian;
    this.diffSigma = diffSigma;
    this.bandK = bandK;
    return { expected, lower, upper, deviation, probability };
  }
}
