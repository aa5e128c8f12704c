import { detectSeries } from '../../engine/detect';
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

/** Runs the engine on one series; the result arrays never alias the inputs, so both can be transferred. */
export function detectOne(
  timestamps: Float64Array,
  values: Float64Array,
  trainingPoints: number,
  options: DetectionOptions
): SeriesOutcome {
  const result = detectSeries(timestamps, values, { ...options, trainingPoints });
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

/** Detection with the per-series model cache in front of it. */
export class CachedDetector {
  private readonly cache = new ModelCache(CACHE_MAX_POINTS);

  run(
    cacheKey: string,
    timestamps: Float64Array,
    values: Float64Array,
    trainingPoints: number,
    options: DetectionOptions
  ): { outcome: SeriesOutcome; fromCache: boolean } {
    const key = `${cacheKey}|${JSON.stringify(options)}|${trainingPoints}|${fingerprint(timestamps, values)}`;
    const cached = this.cache.get(key);
    if (cached) {
      return { outcome: cloneOutcome(cached), fromCache: true };
    }
    const outcome = detectOne(timestamps, values, trainingPoints, options);
    this.cache.set(key, cloneOutcome(outcome));
    return { outcome, fromCache: false };
  }
}
