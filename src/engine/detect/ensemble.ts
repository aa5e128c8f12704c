import { ScoreCalibrator } from './calibrate';
import { PointScore, StreamingDetector } from './streaming';

/**
 * Ensemble: every member is already calibrated against its own score history; the ensemble turns each member's
 * probability into a surprise −log10(1 − p), averages the members (a point several views agree on beats one
 * view shouting; on NAB the mean beat the max), averages that over a short recent window (an anomalous *episode*
 * is more convincing than a single noisy point, as in Numenta's anomaly likelihood) and calibrates the result
 * against the ensemble's own history. Band and expected value come from the first member that has one.
 */
export interface EnsembleOptions {
  threshold?: number;
  /** Short averaging window of the combined surprise (default 2). */
  shortWindow?: number;
}

const MAX_SURPRISE = 16;

export class EnsembleDetector implements StreamingDetector {
  readonly name: string;
  // Members need their own history first; a longer warm-up keeps the ensemble's tail fit from early noise.
  private readonly calibrator = new ScoreCalibrator({ minHistory: 300 });
  private readonly short: Float64Array;
  private shortHead = 0;
  private shortSum = 0;
  private lastProbabilities: number[] = [];
  private readonly threshold: number;

  constructor(
    private readonly members: StreamingDetector[],
    { threshold = 0.9999, shortWindow = 2 }: EnsembleOptions = {}
  ) {
    if (members.length === 0) {
      throw new RangeError('ensemble needs at least one member');
    }
    this.name = `ensemble(${members.map((m) => m.name).join('+')})`;
    this.short = new Float64Array(Math.max(1, shortWindow));
    this.threshold = threshold;
  }

  update(t: number, v: number): PointScore {
    let best: PointScore | undefined;
    let surprise = 0;
    this.lastProbabilities = this.members.map((member) => {
      const point = member.update(t, v);
      if (best === undefined || (best.expected !== best.expected && point.expected === point.expected)) {
        best = point;
      }
      surprise += -Math.log10(Math.max(1 - point.probability, Math.pow(10, -MAX_SURPRISE)));
      return point.probability;
    });
    surprise /= this.members.length;
    const head = best as PointScore;
    if (v !== v) {
      return { ...head, raw: 0, probability: 0 };
    }
    this.shortSum += surprise - this.short[this.shortHead];
    this.short[this.shortHead] = surprise;
    this.shortHead = (this.shortHead + 1) % this.short.length;
    const raw = this.shortSum / this.short.length;
    const probability = this.calibrator.probability(raw);
    this.calibrator.learn(raw);
    return { ...head, raw, probability };
  }

  /** Members whose own probability crossed the threshold at the last point (the strongest one if none did). */
  firedBy(): string[] {
    const names = this.members.filter((_, i) => this.lastProbabilities[i] >= this.threshold).map((m) => m.name);
    if (names.length > 0) {
      return names;
    }
    let best = 0;
    this.lastProbabilities.forEach((p, i) => {
      if (p > this.lastProbabilities[best]) {
        best = i;
      }
    });
    return [this.members[best].name];
  }
}
