/**
 * Public entry of the detection engine: `detectSeries` (batch, used by the overlay Web Worker and the backend) and
 * `createDetectorStream` (causal, point by point, used by live scoring and the NAB runner). Pure, never throws on data.
 */
import { AlarmFilter, AlarmOptions, thresholdForSensitivity } from './alarms';
import { cleanSeries } from './clean';
import { BATCH_ROBUST, createDetector, DetectorConfig, isBatchRobust, STREAMABLE_KINDS } from './detectors';
import { explainAnomalies } from './explain';
import { detectPeriod } from './period';
import { Float64Pool, takeFloat64 } from '../stats/float64Pool';
import { lowerBoundIn } from '../stats/sortedWindow';
import { RobustBatchScorer, RobustBatchScores } from './robustBatch';
import { PointScore, StreamingDetector } from './streaming';
import { Anomaly, CannotScore, DetectorKind } from './types';

export * from './types';
export type { PointScore, StreamingDetector } from './streaming';
export { detectPeriod } from './period';
export { AlarmFilter, EpisodeScorer, thresholdForSensitivity } from './alarms';
export type { AlarmOptions, AlarmState } from './alarms';
export { IsolationForest, averagePathLength } from './isolationForest';
export type { IsolationForestOptions } from './isolationForest';
export { FeatureExtractor, FEATURE_COUNT, FEATURE_NAMES } from './features';
export { ScoreCalibrator } from './calibrate';
export { createDetector } from './detectors';
export { RobustBatchScorer, scoreRobustBatch } from './robustBatch';
export type { RobustBatchScores } from './robustBatch';
export type { DetectorConfig } from './detectors';

export interface DetectOptions {
  kind: DetectorKind;
  /** 0..1, default 0.5: higher flags more. */
  sensitivity?: number;
  /** 'auto' detects the period (in samples) from the data; 'none' disables seasonal modelling. */
  seasonality?: 'auto' | 'none' | number;
  seed?: number;
  /** Leading points used only for fitting: never flagged, score 0. */
  trainingPoints?: number;
  /**
   * Return only the points after the training points (the result's `timestamps` start there too), for callers that
   * show only those, like the overlay. The numbers are exactly the tail of the untrimmed result; the robust path
   * then skips the work nobody reads (bands and probabilities of training points).
   */
  trimTraining?: boolean;
}

export interface DetectResult {
  ok: true;
  /** The cleaned timestamps every output array aligns with (sorted, de-duplicated). */
  timestamps: Float64Array;
  expected: Float64Array;
  lower: Float64Array;
  upper: Float64Array;
  /** Calibrated anomaly probability 0..1. */
  score: Float64Array;
  isAnomaly: Uint8Array;
  anomalies: Anomaly[];
  detector: string;
  /** Seasonal period in samples, when one was used. */
  period?: number;
  warnings: string[];
}

/** Fewer numeric points than this cannot be scored honestly. */
export const MIN_POINTS = 24;

export interface StreamPoint extends PointScore {
  /** Confirmed anomalous point (threshold + alarm rules). */
  isAnomaly: boolean;
  /** First point of an anomalous episode (then suppressed for a while). */
  onset: boolean;
  /** In the quiet period after an onset: alarms would be repeats of the same episode. */
  suppressed: boolean;
  /** Detectors whose calibrated probability crossed the threshold at this point. */
  detectors: string[];
}

export interface DetectorStream {
  readonly detector: string;
  readonly threshold: number;
  update(t: number, v: number): StreamPoint;
}

function validate(options: DetectOptions): CannotScore | undefined {
  const bad = (message: string): CannotScore => ({ ok: false, reason: 'invalid-options', message });
  if (!options || typeof options !== 'object') {
    return bad(`options must be an object, got ${String(options)}`);
  }
  if (!STREAMABLE_KINDS.includes(options.kind)) {
    return bad(
      options.kind === 'backend-lstm' || options.kind === 'backend-forecast'
        ? `kind "${options.kind}" runs in the Node backend, not in detectSeries`
        : `kind must be one of ${STREAMABLE_KINDS.join(', ')}, got ${JSON.stringify(options.kind)}`
    );
  }
  const s = options.sensitivity;
  if (s !== undefined && !(typeof s === 'number' && s >= 0 && s <= 1)) {
    return bad(`sensitivity must be a number in 0..1, got ${String(s)}`);
  }
  const p = options.seasonality;
  if (p !== undefined && p !== 'auto' && p !== 'none' && !(typeof p === 'number' && Number.isInteger(p) && p >= 2)) {
    return bad(`seasonality must be 'auto', 'none' or an integer period ≥ 2 samples, got ${String(p)}`);
  }
  const tp = options.trainingPoints;
  if (tp !== undefined && !(Number.isInteger(tp) && tp >= 0)) {
    return bad(`trainingPoints must be a non-negative integer, got ${String(tp)}`);
  }
  if (options.seed !== undefined && !Number.isFinite(options.seed)) {
    return bad(`seed must be a finite number, got ${String(options.seed)}`);
  }
  if (options.trimTraining !== undefined && typeof options.trimTraining !== 'boolean') {
    return bad(`trimTraining must be a boolean, got ${String(options.trimTraining)}`);
  }
  return undefined;
}

function configFor(options: DetectOptions, period: number | undefined): DetectorConfig {
  return {
    threshold: thresholdForSensitivity(options.sensitivity ?? 0.5),
    seed: options.seed ?? 42,
    period,
    detectPeriodOnline: options.seasonality === undefined || options.seasonality === 'auto',
  };
}

/** Causal detector stream: each `update` scores the new point from the past only. */
export interface StreamOptions extends DetectOptions {
  /** Known period in samples (overrides online detection). */
  period?: number;
  /** Alarm post-processing (threshold comes from sensitivity). */
  alarm?: Omit<AlarmOptions, 'threshold'>;
}

export function createDetectorStream(options: StreamOptions): DetectorStream {
  const invalid = validate(options);
  if (invalid) {
    throw new RangeError(invalid.message);
  }
  const fixedPeriod = typeof options.seasonality === 'number' ? options.seasonality : options.period;
  const config = configFor(options, options.seasonality === 'none' ? undefined : fixedPeriod);
  const detector: StreamingDetector & { firedBy?: () => string[] } = createDetector(options.kind, config);
  const alarms = new AlarmFilter({ ...options.alarm, threshold: config.threshold });
  return {
    detector: detector.name,
    threshold: config.threshold,
    update(t: number, v: number): StreamPoint {
      const point = detector.update(t, v);
      const state = alarms.update(point.probability);
      const detectors = state.active ? (detector.firedBy ? detector.firedBy() : [detector.name]) : [];
      return { ...point, isAnomaly: state.active, onset: state.onset, suppressed: state.suppressed, detectors };
    },
  };
}

/** Scores a whole series. Output arrays align with the returned (cleaned) `timestamps`. */
export function detectSeries(
  timestamps: ArrayLike<number>,
  values: ArrayLike<number | null>,
  options: DetectOptions
): DetectResult | CannotScore {
  const prepared = prepare(timestamps, values, options);
  if (!prepared.ok) {
    return prepared;
  }
  const { clean, config, training, outputFrom } = prepared;
  const scored = isBatchRobust(options.kind)
    ? robustScores(
        new RobustBatchScorer({ threshold: config.threshold, ...BATCH_ROBUST }).score(clean.values, outputFrom)
      )
    : scoreByStreaming(
        clean.timestamps,
        clean.values,
        createDetector(options.kind, config),
        config.threshold,
        training
      );
  return finish(prepared, scored);
}

/**
 * What `detectSeriesResumable` keeps to continue a robust/auto detection when the same series comes back with its
 * range slid forward: the detector state after the last point and the per-point outputs so far (own copies).
 */
export interface ResumableDetection {
  /** Detector settings the state belongs to; a resume needs the same. */
  readonly key: string;
  readonly scorer: RobustBatchScorer;
  readonly timestamps: Float64Array;
  readonly values: Float64Array;
  /** Per-point outputs, probabilities before training points are zeroed (the scorer's own arrays, never handed out). */
  readonly scores: RobustBatchScores;
  /** Points before this index were only learnt (trimmed training): their band and probability were not computed. */
  readonly scoredFrom: number;
}

export interface ResumableResult {
  result: DetectResult | CannotScore;
  /** State to pass as `previous` next time (robust/auto kinds only). */
  resumable?: ResumableDetection;
  /** Points whose scores were taken from `previous` instead of being computed again. */
  reusedPoints: number;
}

/**
 * `detectSeries` that can continue from an earlier call: when the new (cleaned) data starts inside `previous`'s
 * data and agrees with it bit for bit up to its end, only the points after that end are scored, from the saved
 * detector state, and the earlier points keep their scores. The result is then what one batch run over
 * `previous`'s data followed by the new points gives (the model keeps the history before the new range). Any other
 * data (changed samples, earlier start, other settings) is scored from scratch. `previous` is consumed: its scorer
 * moves on and its arrays are reused or given to `pool`, so keep only the returned `resumable`. With a `pool`, the
 * new arrays come from it too (a browser worker scoring the same series again and again allocates almost nothing).
 */
export function detectSeriesResumable(
  timestamps: ArrayLike<number>,
  values: ArrayLike<number | null>,
  options: DetectOptions,
  previous?: ResumableDetection,
  pool?: Float64Pool
): ResumableResult {
  if (!isBatchRobust(options.kind)) {
    return { result: detectSeries(timestamps, values, options), reusedPoints: 0 };
  }
  // What `previous` holds and the new state does not keep goes back to `pool` for the next series.
  const recycle = (...arrays: Float64Array[]) => pool?.give(...arrays);
  const prepared = prepare(timestamps, values, options, pool);
  if (!prepared.ok) {
    if (previous) {
      recycleResumable(previous, pool);
    }
    return { result: prepared, reusedPoints: 0 };
  }
  const { clean, config, outputFrom } = prepared;
  const key = `robust|${config.threshold}`;
  const n = clean.values.length;
  let reused = previous && previous.key === key ? sharedPrefix(previous, clean.timestamps, clean.values) : -1;
  // Index in `previous` of the new data's first point; the reused points the caller will see must have been scored.
  const offset = previous ? previous.timestamps.length - reused : 0;
  if (reused >= 0 && outputFrom < reused && offset + outputFrom < previous!.scoredFrom) {
    reused = -1;
  }
  let scorer: RobustBatchScorer;
  let scores: RobustBatchScores;
  if (previous && reused === n && offset === 0) {
    // The same data again: nothing to score, and the kept arrays are the scores as they are.
    scorer = previous.scorer;
    scores = previous.scores;
    recycle(previous.timestamps, previous.values);
  } else if (previous && reused >= 0) {
    scorer = previous.scorer;
    const tail = scorer.score(clean.values.subarray(reused), Math.max(0, outputFrom - reused), pool);
    // The kept scores move to the front and the new ones follow; in place when the length is unchanged (a slid
    // range), since `previous` is consumed and its arrays were never handed out.
    const join = (field: keyof RobustBatchScores) => {
      const kept = previous.scores[field];
      const out = kept.length === n ? kept.copyWithin(0, offset) : takeFloat64(pool, n);
      if (out !== kept) {
        out.set(kept.subarray(offset));
        recycle(kept);
      }
      out.set(tail[field], reused);
      recycle(tail[field]);
      return out;
    };
    scores = {
      expected: join('expected'),
      lower: join('lower'),
      upper: join('upper'),
      deviation: join('deviation'),
      probability: join('probability'),
    };
    recycle(previous.timestamps, previous.values);
  } else {
    if (previous) {
      recycleResumable(previous, pool);
    }
    scorer = new RobustBatchScorer({ threshold: config.threshold, ...BATCH_ROBUST });
    scores = scorer.score(clean.values, outputFrom, pool);
  }
  // The result owns its arrays (it may be transferred to another thread). Trimmed, it holds copies (slices) and
  // finish() zeroes nothing, so the state keeps the scorer's own arrays; untrimmed, the state keeps copies.
  const untrimmed = outputFrom === 0;
  const own = (a: Float64Array) => (untrimmed ? a.slice() : a);
  const kept: RobustBatchScores = { ...scores, probability: own(scores.probability) };
  const result = finish(prepared, robustScores(untrimmed ? scores : kept));
  const resumable: ResumableDetection = {
    key,
    scorer,
    timestamps: own(clean.timestamps),
    values: clean.values,
    scores: { ...kept, expected: own(scores.expected), lower: own(scores.lower), upper: own(scores.upper) },
    scoredFrom: outputFrom,
  };
  return { result, resumable, reusedPoints: Math.max(0, reused) };
}

/** Gives every array a resumable state holds to `pool` (the state must not be used afterwards). */
export function recycleResumable(state: ResumableDetection, pool: Float64Pool | undefined): void {
  pool?.give(state.timestamps, state.values, ...Object.values(state.scores));
}

/**
 * How many leading points of the new data are the last points of `previous` (same timestamps, same values bit for
 * bit), or −1 when the new data does not continue `previous` that way.
 */
function sharedPrefix(previous: ResumableDetection, timestamps: Float64Array, values: Float64Array): number {
  const old = previous.timestamps;
  if (timestamps.length === 0) {
    return -1;
  }
  let lo = 0;
  let hi = old.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (old[mid] < timestamps[0]) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  const shared = old.length - lo;
  if (lo >= old.length || old[lo] !== timestamps[0] || shared > timestamps.length) {
    return -1;
  }
  for (let i = 0; i < shared; i++) {
    if (old[lo + i] !== timestamps[i] || !Object.is(previous.values[lo + i], values[i])) {
      return -1;
    }
  }
  return shared;
}

interface Prepared {
  ok: true;
  options: DetectOptions;
  clean: ReturnType<typeof cleanSeries>;
  config: DetectorConfig;
  training: number;
  /** First point the result covers: `training` with `trimTraining`, else 0. */
  outputFrom: number;
  period: number | undefined;
  warnings: string[];
}

/** Validation, cleaning, period and warnings: everything before the detector runs. */
function prepare(
  timestamps: ArrayLike<number>,
  values: ArrayLike<number | null>,
  options: DetectOptions,
  pool?: Float64Pool
): Prepared | CannotScore {
  const invalid = validate(options);
  if (invalid) {
    return invalid;
  }
  if (!timestamps || !values || typeof timestamps.length !== 'number' || typeof values.length !== 'number') {
    return { ok: false, reason: 'no-numeric-values', message: 'timestamps and values must be array-like' };
  }
  const clean = cleanSeries(timestamps, values, pool);
  if (clean.finiteCount === 0) {
    return {
      ok: false,
      reason: 'no-numeric-values',
      message: `none of the ${values.length} values is a finite number`,
    };
  }
  if (clean.finiteCount < MIN_POINTS) {
    return {
      ok: false,
      reason: 'too-short',
      message: `need at least ${MIN_POINTS} numeric points to learn a baseline, got ${clean.finiteCount}`,
    };
  }
  const warnings = clean.warnings;
  const n = clean.values.length;
  const training = trainingEnd(timestamps, clean.timestamps, options.trainingPoints ?? 0);
  let period: number | undefined;
  if (typeof options.seasonality === 'number') {
    period = options.seasonality;
  } else if (options.seasonality !== 'none' && (options.kind === 'seasonal' || options.kind === 'ensemble')) {
    const fitPart = training >= 3 * MIN_POINTS ? clean.values.subarray(0, training) : clean.values;
    period = detectPeriod(fitPart);
    if (period === undefined && options.kind === 'seasonal') {
      warnings.push('no seasonal period found; the seasonal detector falls back to a level band');
    }
  }
  let constant = true;
  let first = NaN;
  for (let i = 0; i < n; i++) {
    const v = clean.values[i];
    if (v === v) {
      if (first !== first) {
        first = v;
      } else if (v !== first) {
        constant = false;
        break;
      }
    }
  }
  if (constant) {
    warnings.push('the series is constant: any later change will be flagged');
  }
  const config = configFor(options, period);
  config.detectPeriodOnline = false;
  config.batch = true;
  const outputFrom = options.trimTraining ? training : 0;
  return { ok: true, options, clean, config, training, outputFrom, period, warnings };
}

/**
 * How many cleaned points are training points: those before the earliest (finite) input timestamp from index
 * `trainingPoints` on. For sorted input without duplicates that is `trainingPoints` itself; when cleaning merged
 * duplicated timestamps or sorted the input, it keeps the training range ending at the same time.
 */
function trainingEnd(input: ArrayLike<number>, cleaned: Float64Array, trainingPoints: number): number {
  let end = Infinity;
  for (let i = trainingPoints; i < input.length; i++) {
    const t = input[i];
    if (t < end) {
      end = t;
    }
  }
  return lowerBoundIn(cleaned, cleaned.length, end);
}

/** Training points zeroed, alarms, explanations: scores → the result (from `outputFrom` on). */
function finish(prepared: Prepared, scored: BatchScores): DetectResult {
  const { clean, config, training, outputFrom, period, warnings } = prepared;
  const n = clean.values.length;
  const { expected, lower, upper, deviation, score, firedAt } = scored;
  const alarms = new AlarmFilter({ threshold: config.threshold });
  const isAnomaly = new Uint8Array(n);
  const fired = new Map<number, string[]>();
  // When trimming, outputFrom = training: the points before it would all score 0, and a default AlarmFilter fed a 0
  // is in its initial state, so starting there gives the same alarms.
  for (let i = outputFrom; i < n; i++) {
    if (i < training) {
      score[i] = 0;
    }
    if (alarms.update(score[i]).active && clean.values[i] === clean.values[i]) {
      isAnomaly[i] = 1;
      fired.set(i, firedAt(i));
    }
  }
  // On the whole series: the explainer looks back at the values and expected line before an interval.
  const anomalies = explainAnomalies(
    {
      timestamps: clean.timestamps,
      values: clean.values,
      expected,
      lower,
      upper,
      score,
      deviation,
      isAnomaly,
      firedBy: (i) => fired.get(i) ?? [],
    },
    period
  );
  const from = <T extends Float64Array | Uint8Array>(a: T): T => (outputFrom > 0 ? (a.slice(outputFrom) as T) : a);
  return {
    ok: true,
    timestamps: from(clean.timestamps),
    expected: from(expected),
    lower: from(lower),
    upper: from(upper),
    score: from(score),
    isAnomaly: from(isAnomaly),
    anomalies,
    detector: scored.detector,
    period,
    warnings,
  };
}

/** Per-point outputs of one detector over a cleaned series (score = calibrated probability). */
interface BatchScores {
  detector: string;
  expected: Float64Array;
  lower: Float64Array;
  upper: Float64Array;
  deviation: Float64Array;
  score: Float64Array;
  /** Detectors that fired at point i; read right after that point was scored (ensembles report per point). */
  firedAt: (i: number) => string[];
}

const ROBUST_NAME = ['robust'];

/** The robust detector's typed-array path: the same numbers as the streaming RobustDetector with BATCH_ROBUST. */
function robustScores(r: RobustBatchScores): BatchScores {
  return { detector: 'robust', ...r, score: r.probability, firedAt: () => ROBUST_NAME };
}

/**
 * Any streaming detector driven point by point. `firedBy()` describes the LAST scored point, so the names of the
 * firing detectors are read right away at every point that can alarm (the default AlarmFilter fires at p ≥ threshold).
 */
function scoreByStreaming(
  timestamps: Float64Array,
  values: Float64Array,
  detector: StreamingDetector & { firedBy?: () => string[] },
  threshold: number,
  training: number
): BatchScores {
  const n = values.length;
  const expected = new Float64Array(n);
  const lower = new Float64Array(n);
  const upper = new Float64Array(n);
  const score = new Float64Array(n);
  const deviation = new Float64Array(n);
  const firedBy = new Map<number, string[]>();
  const self = [detector.name];
  for (let i = 0; i < n; i++) {
    const point = detector.update(timestamps[i], values[i]);
    expected[i] = point.expected;
    lower[i] = point.lower;
    upper[i] = point.upper;
    deviation[i] = point.deviation;
    score[i] = point.probability;
    // Only points that can raise an alarm (past training, at or above the threshold) need the names.
    if (detector.firedBy && i >= training && point.probability >= threshold) {
      firedBy.set(i, detector.firedBy());
    }
  }
  return {
    detector: detector.name,
    expected,
    lower,
    upper,
    deviation,
    score,
    firedAt: (i) => firedBy.get(i) ?? (detector.firedBy ? [] : self),
  };
}
