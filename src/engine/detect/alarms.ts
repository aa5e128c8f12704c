/**
 * Alarm post-processing on a stream of calibrated probabilities: a point is *active* when it crosses the threshold
 * and enough recent points agree (k-of-n and/or m consecutive); an *onset* is the first active point of an episode,
 * after which new onsets are suppressed for a while. Onsets are what a pager (and NAB) should see: early, once.
 */
export interface AlarmOptions {
  /** Calibrated probability a point must reach (from `thresholdForSensitivity`). */
  threshold: number;
  /** Consecutive points at or above the threshold needed (default 1). */
  minConsecutive?: number;
  /** k-of-n rule: at least `minInWindow` of the last `window` points at or above the threshold (default 1 of 1). */
  window?: number;
  minInWindow?: number;
  /** Points after an onset during which no new onset is raised (default 0). */
  suppress?: number;
}

export interface AlarmState {
  active: boolean;
  onset: boolean;
  /** Inside the quiet period that follows an onset (the onset itself excluded). */
  suppressed: boolean;
}

/** Sensitivity 0..1 → probability threshold: 0.5 ↦ 1 − 1e-4, 1 ↦ 1 − 10^-1.5, 0 ↦ 1 − 10^-6.5. */
export function thresholdForSensitivity(sensitivity: number): number {
  const s = Math.min(1, Math.max(0, sensitivity));
  return 1 - Math.pow(10, -(1.5 + 5 * (1 - s)));
}

export class AlarmFilter {
  private readonly recent: Uint8Array;
  private recentHead = 0;
  private recentHits = 0;
  private consecutive = 0;
  private quietLeft = 0;
  private wasActive = false;
  private readonly threshold: number;
  private readonly minConsecutive: number;
  private readonly minInWindow: number;
  private readonly suppress: number;

  constructor({ threshold, minConsecutive = 1, window = 1, minInWindow = 1, suppress = 0 }: AlarmOptions) {
    this.threshold = threshold;
    this.minConsecutive = Math.max(1, Math.floor(minConsecutive));
    this.recent = new Uint8Array(Math.max(1, Math.floor(window)));
    this.minInWindow = Math.max(1, Math.min(Math.floor(minInWindow), this.recent.length));
    this.suppress = Math.max(0, Math.floor(suppress));
  }

  update(probability: number): AlarmState {
    const hit = probability >= this.threshold ? 1 : 0;
    this.recentHits += hit - this.recent[this.recentHead];
    this.recent[this.recentHead] = hit;
    this.recentHead = (this.recentHead + 1) % this.recent.length;
    this.consecutive = hit ? this.consecutive + 1 : 0;
    const active = hit === 1 && this.consecutive >= this.minConsecutive && this.recentHits >= this.minInWindow;
    let onset = false;
    const suppressed = this.quietLeft > 0;
    if (suppressed) {
      this.quietLeft--;
    } else if (active && !this.wasActive) {
      onset = true;
      this.quietLeft = this.suppress;
    }
    this.wasActive = active;
    return { active, onset, suppressed };
  }
}

/**
 * Threshold-free alarm suppression for scored streams whose threshold is chosen later (NAB, dashboards with a
 * sensitivity slider): a point keeps its score only when it is more surprising, by `margin` decades of
 * −log10(1 − p), than every point in the previous `window` points; otherwise it reports 0. So for ANY threshold,
 * an episode raises one alarm at its first crossing, and again only if it escalates by a factor 10^margin.
 */
export class EpisodeScorer {
  private readonly times: Int32Array;
  private readonly surprises: Float64Array;
  private head = 0;
  private tail = 0;
  private index = 0;

  constructor(
    private readonly window: number,
    private readonly margin = 1
  ) {
    const size = Math.max(1, Math.floor(window)) + 1;
    this.times = new Int32Array(size);
    this.surprises = new Float64Array(size);
  }

  update(probability: number): number {
    const cap = this.times.length;
    const i = this.index++;
    // Drop points that left the window from the front of the monotone deque.
    while (this.head !== this.tail && this.times[this.head] <= i - this.window - 1) {
      this.head = (this.head + 1) % cap;
    }
    const surprise = -Math.log10(Math.max(1 - probability, 1e-300));
    const previousMax = this.head !== this.tail ? this.surprises[this.head] : 0;
    while (this.head !== this.tail && this.surprises[(this.tail - 1 + cap) % cap] <= surprise) {
      this.tail = (this.tail - 1 + cap) % cap;
    }
    this.times[this.tail] = i;
    this.surprises[this.tail] = surprise;
    this.tail = (this.tail + 1) % cap;
    return surprise >= previousMax + this.margin ? probability : 0;
  }
}
