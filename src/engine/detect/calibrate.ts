import { SortedWindow } from '../stats/sortedWindow';

/**
 * Maps a detector's raw score to a 0–1 anomaly probability against that detector's OWN past scores
 * (never per-batch min–max, requirements §6.4 #26): the empirical CDF below the 95th percentile, and above it an
 * exponential tail (peaks-over-threshold with the scale fitted from the 95th and 99th percentiles), so probabilities
 * keep increasing for scores beyond anything seen and 1 − p stays meaningful down to 1e-6 and below.
 */
export interface CalibratorOptions {
  /** How many past raw scores form the reference distribution (default 4000). */
  history?: number;
  /** Scores needed before probabilities are produced (default 100). */
  minHistory?: number;
  /** Learn only every `stride`-th score (keeps the cost per point low on long series; default 1). */
  stride?: number;
}

const TAIL_Q = 0.95;
const FAR_Q = 0.99;

export class ScoreCalibrator {
  private readonly window: SortedWindow;
  private readonly minHistory: number;
  private readonly stride: number;
  /** Finite scores seen so far, modulo `stride` (kept as a counter: no division per point). */
  private phase = 0;
  private pushes = 0;
  private cacheAt = -1;
  private tailStart = 0;
  private tailScale = 0;

  constructor({ history = 4000, minHistory = 100, stride = 1 }: CalibratorOptions = {}) {
    this.window = new SortedWindow(history);
    this.minHistory = minHistory;
    this.stride = Math.max(1, Math.floor(stride));
  }

  get ready(): boolean {
    return this.window.size >= this.minHistory;
  }

  /** Probability that the detector's score is at most `raw` under its own history (0 until ready). */
  probability(raw: number): number {
    if (!this.ready || !(raw === raw)) {
      return 0;
    }
    this.refreshTail();
    if (raw <= this.tailStart) {
      return Math.min(TAIL_Q, this.window.rank(raw));
    }
    return 1 - (1 - TAIL_Q) * Math.exp(-(raw - this.tailStart) / this.tailScale);
  }

  /** Inverse of `probability`: the raw score at which the probability reaches `p`. */
  rawAt(p: number): number {
    if (!this.ready) {
      return NaN;
    }
    this.refreshTail();
    if (p <= TAIL_Q) {
      return this.window.quantile(p);
    }
    return this.tailStart + this.tailScale * Math.log((1 - TAIL_Q) / Math.max(1 - p, 1e-300));
  }

  /**
   * Whether `learn` would keep the next finite score. When it would not, a caller may call `pass()` instead of
   * computing that score: the calibrator ends up in exactly the same state.
   */
  get learnsNext(): boolean {
    return this.phase === 0 || this.window.size < 2 * this.minHistory;
  }

  /** Counts one finite score without looking at it: what `learn` does with a score it does not keep. */
  pass(): void {
    this.phase = this.phase + 1 === this.stride ? 0 : this.phase + 1;
  }

  learn(raw: number): void {
    if (!(raw === raw) || raw === Infinity) {
      return;
    }
    // Learn every score until the history is comfortably ready, so striding never delays the first probabilities.
    const take = this.phase === 0 || this.window.size < 2 * this.minHistory;
    this.pass();
    if (take) {
      this.window.push(raw);
      this.pushes++;
    }
  }

  private refreshTail(): void {
    if (this.cacheAt === this.pushes) {
      return;
    }
    this.cacheAt = this.pushes;
    const u = this.window.quantile(TAIL_Q);
    const far = this.window.quantile(FAR_Q);
    // P(X > q99 | X > q95) = 1/5 under an exponential tail ⇒ scale = (q99 − q95) / ln 5.
    const iqr = this.window.quantile(0.75) - this.window.quantile(0.25);
    const spread = Math.max(far - u, iqr, 1e-9 * Math.abs(u), 1e-12);
    this.tailStart = u;
    this.tailScale = spread / Math.log(5);
  }
}
