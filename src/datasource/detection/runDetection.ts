import { detectSeriesResumable, ResumableDetection } from '../../engine/detect';
import type { SeriesOutcome } from '../frames';
import { fingerprint, ModelCache } from './modelCache';
import type { DetectionOptions } from './protocol';

/** Points held by one cache (≈ 41 bytes each): 2M points ≈ 80 MB per worker at most. */
export const CACHE_MAX_POINTS = 2_000_000;

/** A private copy, so the cached result survives when the one sent is transferred (detached). */
function cloneOutcome(outcome: SeriesOutcome): SeriesOutcome {
  if (!outcome.ok) {
    return outcome;
  }
  return {
    ...outcome,
    timestamps: outcome.timestamps.slice(),
    expected: outcome.expected.slice(),
    lower: outcome.lower.slice(),
    upper: outcome.upper.slice(),
    score: outcome.score.slice(),
    isAnomaly: outcome.isAnomaly.slice(),
    anomalies: outcome.anomalies.map((a) => ({ ...a, explanation: { ...a.explanation } })),
    warnings: [...outcome.warnings],
  };
}

/** Points of resumable detector state kept per worker (≈ 48 bytes each). */
export const RESUME_MAX_POINTS = 1_000_000;

/** Runs the engine on one series; the result arrays never alias the inputs, so both can be transferred. */
export function detectOne(
  timestamps: Float64Array,
  values: Float64Array,
  trainingPoints: number,
  options: DetectionOptions
): SeriesOutcome {
  return detectOneResumable(timestamps, values, trainingPoints, options).outcome;
}

/** `detectOne` continuing from `previous` when the data extends it (see `detectSeriesResumable`). */
export function detectOneResumable(
  timestamps: Float64Array,
  values: Float64Array,
  trainingPoints: number,
  options: DetectionOptions,
  previous?: ResumableDetection
): { outcome: SeriesOutcome; resumable?: ResumableDetection; reusedPoints: number } {
  const { result, resumable, reusedPoints } = detectSeriesResumable(timestamps, values, { ...options, trainingPoints }, previous);
  return { outcome: toOutcome(result, timestamps), resumable, reusedPoints };
}

function toOutcome(result: ReturnType<typeof detectSeriesResumable>['result'], timestamps: Float64Array): SeriesOutcome {
  if (!result.ok) {
    return result;
  }
  const cleaned = (result as { timestamps?: Float64Array }).timestamps;
  const resultTimes = cleaned && cleaned.length === result.expected.length ? cleaned : timestamps;
  return {
    ok: true,
    timestamps: resultTimes === timestamps ? timestamps.slice() : resultTimes,
    expected: result.expected,
    lower: result.lower,
    upper: result.upper,
    score: result.score,
    isAnomaly: result.isAnomaly,
    anomalies: result.anomalies,
    detector: result.detector,
    warnings: result.warnings ?? [],
  };
}

/**
 * Detection with two caches in front of it, both keyed by series identity (`cacheKey`) and detector options:
 * the same data again is served from the model cache; data that extends the last data seen for the series (the
 * panel's range slid forward) resumes the fitted detector and scores only the new points.
 */
export class CachedDetector {
  private readonly cache = new ModelCache(CACHE_MAX_POINTS);
  /** Latest resumable state per series + options, least recently used first; bounded by RESUME_MAX_POINTS. */
  private readonly resume = new Map<string, ResumableDetection>();
  private resumePoints = 0;

  run(
    cacheKey: string,
    timestamps: Float64Array,
    values: Float64Array,
    trainingPoints: number,
    options: DetectionOptions
  ): { outcome: SeriesOutcome; fromCache: boolean; reusedPoints: number } {
    const identity = `${cacheKey}|${JSON.stringify(options)}`;
    const key = `${identity}|${trainingPoints}|${fingerprint(timestamps, values)}`;
    const cached = this.cache.get(key);
    if (cached) {
      return { outcome: cloneOutcome(cached), fromCache: true, reusedPoints: 0 };
    }
    const previous = this.takeResumable(identity);
    const { outcome, resumable, reusedPoints } = detectOneResumable(timestamps, values, trainingPoints, options, previous);
    if (resumable) {
      this.keepResumable(identity, resumable);
    }
    this.cache.set(key, cloneOutcome(outcome));
    return { outcome, fromCache: false, reusedPoints };
  }

  private takeResumable(identity: string): ResumableDetection | undefined {
    const previous = this.resume.get(identity);
    if (previous) {
      this.resume.delete(identity);
      this.resumePoints -= previous.timestamps.length;
    }
    return previous;
  }

  private keepResumable(identity: string, state: ResumableDetection): void {
    if (state.timestamps.length > RESUME_MAX_POINTS) {
      return;
    }
    this.resume.set(identity, state);
    this.resumePoints += state.timestamps.length;
    for (const [oldest, entry] of this.resume) {
      if (this.resumePoints <= RESUME_MAX_POINTS) {
        break;
      }
      this.resume.delete(oldest);
      this.resumePoints -= entry.timestamps.length;
    }
  }
}
