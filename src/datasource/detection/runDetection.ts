import { detectSeriesResumable, recycleResumable, ResumableDetection } from '../../engine/detect';
import { isBatchRobust } from '../../engine/detect/detectors';
import { Float64Pool } from '../../engine/stats/float64Pool';
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

/** Points of resumable detector state kept per worker (≈ 56 bytes each). */
export const RESUME_MAX_POINTS = 1_000_000;

/** Doubles of recycled arrays kept per worker between series (16 MB). */
const POOL_MAX_POINTS = 2_000_000;

/**
 * Runs the engine on one series; the result covers the points from `trainingPoints` on (the training points are
 * learnt, not returned) and its arrays never alias the inputs, so both can be transferred.
 */
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
  previous?: ResumableDetection,
  pool?: Float64Pool
): { outcome: SeriesOutcome; resumable?: ResumableDetection; reusedPoints: number } {
  // Only the points after the training range are shown (frames are trimmed to the panel), so only those come back.
  const { result, resumable, reusedPoints } = detectSeriesResumable(
    timestamps,
    values,
    { ...options, trainingPoints, trimTraining: true },
    previous,
    pool
  );
  return { outcome: toOutcome(result, timestamps), resumable, reusedPoints };
}

function toOutcome(
  result: ReturnType<typeof detectSeriesResumable>['result'],
  timestamps: Float64Array
): SeriesOutcome {
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
 * Detection with a cache in front of it, keyed by series identity (`cacheKey`) and detector options. Robust/auto
 * kinds keep each series' resumable state: data that extends the last data seen (the panel's range slid forward)
 * is scored only on its new points, and the same data again is not scored at all (checked sample by sample). Other
 * kinds keep their last results per exact data (fingerprint) in a model cache.
 */
export class CachedDetector {
  private readonly cache = new ModelCache(CACHE_MAX_POINTS);
  /** Latest resumable state per series + options, least recently used first; bounded by RESUME_MAX_POINTS. */
  private readonly resume = new Map<string, ResumableDetection>();
  private resumePoints = 0;
  /** Arrays of replaced and evicted states, reused by the next series (allocation is slow in browser workers). */
  private readonly pool = new Float64Pool(POOL_MAX_POINTS);

  run(
    cacheKey: string,
    timestamps: Float64Array,
    values: Float64Array,
    trainingPoints: number,
    options: DetectionOptions
  ): { outcome: SeriesOutcome; fromCache: boolean; reusedPoints: number } {
    const identity = `${cacheKey}|${JSON.stringify(options)}`;
    if (isBatchRobust(options.kind)) {
      const previous = this.takeResumable(identity);
      const { outcome, resumable, reusedPoints } = detectOneResumable(
        timestamps,
        values,
        trainingPoints,
        options,
        previous,
        this.pool
      );
      if (resumable) {
        this.keepResumable(identity, resumable);
      }
      const fromCache = resumable !== undefined && reusedPoints === resumable.timestamps.length;
      return { outcome, fromCache, reusedPoints: fromCache ? 0 : reusedPoints };
    }
    const key = `${identity}|${trainingPoints}|${fingerprint(timestamps, values)}`;
    const cached = this.cache.get(key);
    if (cached) {
      return { outcome: cloneOutcome(cached), fromCache: true, reusedPoints: 0 };
    }
    const { outcome } = detectOneResumable(timestamps, values, trainingPoints, options);
    this.cache.set(key, cloneOutcome(outcome));
    return { outcome, fromCache: false, reusedPoints: 0 };
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
      recycleResumable(entry, this.pool);
    }
  }
}
