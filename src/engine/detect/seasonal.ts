import { MAD_TO_SIGMA } from '../stats/robust';
import { SortedWindow } from '../stats/sortedWindow';
import { ScoreCalibrator } from './calibrate';
import { detectPeriod } from './period';
import { PointScore, StreamingDetector } from './streaming';

/**
 * Seasonal baseline: an additive Holt-Winters model (damped trend) gives the expected value and band, and a
 * same-time-last-periods median (median of t−P, t−2P, t−3P) gives a second opinion; a point is as anomalous as the
 * smaller of the two robust z-scores, so one model's lag (HW after a level shift, the seasonal-naive
 * forecast after a noisy period) does not raise alarms alone. Without a period it degrades to a level model.
 * Model updates use the error clipped at 3σ, so an anomaly does not drag the baseline along.
 */
export interface SeasonalOptions {
  /** Period in samples; undefined = none (or detect online). */
  period?: number;
  /** Try `detectPeriod` on the history seen so far at a few checkpoints (default false). */
  detectPeriodOnline?: boolean;
  threshold?: number;
  alpha?: number;
  beta?: number;
  gamma?: number;
  phi?: number;
  /** Window of forecast errors for the robust σ (default 256). */
  errorWindow?: number;
  calibratorStride?: number;
}

const PERIOD_CHECKPOINTS = [400, 600, 1000, 1500, 3000, 6000];
const MAX_HISTORY = 12000;
const CLIP_SIGMA = 3;
const SIGMA_FLOOR = 1e-12;
const RELATIVE_FLOOR = 1e-9;

export class SeasonalDetector implements StreamingDetector {
  readonly name = 'seasonal';
  private period: number;
  private readonly options: Required<Omit<SeasonalOptions, 'period'>>;
  private level = NaN;
  private trend = 0;
  private season: Float64Array = new Float64Array(1);
  private phase = 0;
  private seen = 0;
  private readonly history: number[] = [];
  private recent: Float64Array = new Float64Array(3);
  private recentHead = 0;
  private recentCount = 0;
  private errors: SortedWindow;
  private naiveErrors: SortedWindow;
  private calibrator: ScoreCalibrator;

  constructor(options: SeasonalOptions = {}) {
    this.options = {
      detectPeriodOnline: options.detectPeriodOnline ?? false,
      threshold: options.threshold ?? 0.9999,
      alpha: options.alpha ?? 0.1,
      beta: options.beta ?? 0.005,
      gamma: options.gamma ?? 0.15,
      phi: options.phi ?? 0.98,
      errorWindow: options.errorWindow ?? 256,
      calibratorStride: options.calibratorStride ?? 1,
    };
    this.errors = new SortedWindow(this.options.errorWindow);
    this.naiveErrors = new SortedWindow(this.options.errorWindow);
    this.calibrator = new ScoreCalibrator({ stride: this.options.calibratorStride });
    this.period = options.period && options.period >= 2 ? Math.floor(options.period) : 1;
    this.reset(this.period);
  }

  /** The period in use (1 = none). */
  get currentPeriod(): number {
    return this.period;
  }

  update(_t: number, v: number): PointScore {
    if (v !== v) {
      const expected = this.forecast();
      // Keep the phase and the same-time-last-period memory aligned across the gap (the forecast stands in).
      if (this.level === this.level) {
        this.pushRecent(expected);
      }
      this.advancePhase();
      return { expected, lower: expected, upper: expected, deviation: 0, raw: 0, probability: 0 };
    }
    const result = this.score(v, true);
    if (this.options.detectPeriodOnline && this.period === 1) {
      this.history.push(v);
      if (this.history.length > MAX_HISTORY) {
        this.history.shift();
      }
      if (PERIOD_CHECKPOINTS.includes(this.history.length)) {
        const p = detectPeriod(this.history, { maxPeriod: Math.floor(this.history.length / 2) });
        if (p !== undefined) {
          this.replay(p);
        }
      }
    }
    return result;
  }

  private reset(period: number): void {
    this.period = period;
    this.level = NaN;
    this.trend = 0;
    this.season = new Float64Array(period);
    this.phase = 0;
    this.seen = 0;
    this.recent = new Float64Array(period * 3);
    this.recentHead = 0;
    this.recentCount = 0;
    this.errors = new SortedWindow(this.options.errorWindow);
    this.naiveErrors = new SortedWindow(this.options.errorWindow);
  }

  /** Re-fits the model with a newly found period from the stored history (no outputs). */
  private replay(period: number): void {
    const history = this.history.slice();
    this.reset(period);
    // Scores of the period-less model are not this model's scores: calibrate afresh.
    this.calibrator = new ScoreCalibrator({ stride: this.options.calibratorStride });
    for (const v of history) {
      this.score(v, false);
    }
  }

  private forecast(): number {
    if (this.level !== this.level) {
      return NaN;
    }
    return this.level + this.options.phi * this.trend + this.season[this.phase];
  }

  private advancePhase(): void {
    this.phase = (this.phase + 1) % this.period;
  }

  private naiveForecast(): number {
    const p = this.period;
    if (p === 1 || this.recentCount < 3 * p) {
      return NaN;
    }
    const len = this.recent.length;
    const a = this.recent[(this.recentHead - p + len) % len];
    const b = this.recent[(this.recentHead - 2 * p + len) % len];
    const c = this.recent[(this.recentHead - 3 * p + len) % len];
    return Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
  }

  private score(v: number, emit: boolean): PointScore {
    const o = this.options;
    const p = this.period;
    this.seen++;
    // Initialise the level over the first period; seasonal indices start at the deviation from it.
    if (this.seen <= p || this.level !== this.level) {
      this.season[this.phase] = v;
      if (this.seen === p) {
        let mean = 0;
        for (let i = 0; i < p; i++) {
          mean += this.season[i];
        }
        mean /= p;
        for (let i = 0; i < p; i++) {
          this.season[i] -= mean;
        }
        this.level = mean;
      }
      this.pushRecent(v);
      this.advancePhase();
      return { expected: v, lower: v, upper: v, deviation: 0, raw: 0, probability: 0 };
    }
    const expected = this.forecast();
    const error = v - expected;
    const floor = Math.max(SIGMA_FLOOR, RELATIVE_FLOOR * Math.abs(expected));
    const errorCentre = this.errors.size > 0 ? this.errors.median() : 0;
    const sigma = this.errors.size >= 16 ? Math.max(this.errors.mad(errorCentre) * MAD_TO_SIGMA, floor) : NaN;
    const naive = this.naiveForecast();
    const naiveError = v - naive;
    const naiveCentre = this.naiveErrors.size > 0 ? this.naiveErrors.median() : 0;
    const naiveSigma =
      this.naiveErrors.size >= 16 ? Math.max(this.naiveErrors.mad(naiveCentre) * MAD_TO_SIGMA, floor) : NaN;
    const z = sigma === sigma ? (error - errorCentre) / sigma : 0;
    const zNaive = naiveSigma === naiveSigma && naive === naive ? (naiveError - naiveCentre) / naiveSigma : Infinity;
    const raw = sigma === sigma ? Math.min(Math.abs(z), Math.abs(zNaive)) : 0;
    let probability = 0;
    let k = 4;
    if (emit && sigma === sigma) {
      probability = this.calibrator.probability(raw);
      this.calibrator.learn(raw);
      if (this.calibrator.ready) {
        k = this.calibrator.rawAt(o.threshold);
      }
    }
    // Learn with the error clipped so an outlier moves the baseline by at most 3σ.
    const clipped = sigma === sigma ? Math.max(-CLIP_SIGMA * sigma, Math.min(CLIP_SIGMA * sigma, error)) : error;
    const vAdj = expected + clipped;
    const s = this.season[this.phase];
    const previousLevel = this.level;
    this.level = o.alpha * (vAdj - s) + (1 - o.alpha) * (previousLevel + o.phi * this.trend);
    this.trend = o.beta * (this.level - previousLevel) + (1 - o.beta) * o.phi * this.trend;
    if (p > 1) {
      this.season[this.phase] = o.gamma * (vAdj - this.level) + (1 - o.gamma) * s;
    }
    this.errors.push(error);
    if (naive === naive) {
      this.naiveErrors.push(naiveError);
    }
    this.pushRecent(v);
    this.advancePhase();
    const band = sigma === sigma ? k * sigma : NaN;
    return { expected, lower: expected - band, upper: expected + band, deviation: z, raw, probability };
  }

  private pushRecent(v: number): void {
    const len = this.recent.length;
    this.recent[this.recentHead] = v;
    this.recentHead = (this.recentHead + 1) % len;
    this.recentCount = Math.min(this.recentCount + 1, len);
  }
}
