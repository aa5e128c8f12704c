/**
 * Public entry of the detection engine: `detectSeries` (batch, used by the overlay Web Worker and the backend) and
 * `createDetectorStream` (causal, point by point, used by live scoring and the NAB runner). Pure, never throws on data.
 */
import { AlarmFilter, AlarmOptions, thresholdForSensitivity } from './alarms';
import { cleanSeries } from './clean';
import { BATCH_ROBUST, createDetector, DetectorConfig, isBatchRobust, STREAMABLE_KINDS } from './detectors';
import { explainAnomalies } from './explain';
import { detectPeriod } from './period';
import { scoreRobustBatch } from './robustBatch';
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
  const invalid = validate(options);
  if (invalid) {
    return invalid;
  }
  if (!timestamps || !values || typeof timestamps.length !== 'number' || typeof values.length !== 'number') {
    return { ok: false, reason: 'no-numeric-values', message: 'timestamps and values must be array-like' };
  }
  const clean = cleanSeries(timestamps, values);
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
  const training = Math.min(options.trainingPoints ?? 0, n);
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
  const scored = isBatchRobust(options.kind)
    ? robustFastPath(clean.values, config.threshold)
    : scoreByStreaming(clean.timestamps, clean.values, createDetector(options.kind, config), config.threshold, training);
  const { expected, lower, upper, deviation, score, firedAt } = scored;
  const alarms = new AlarmFilter({ threshold: config.threshold });
  const isAnomaly = new Uint8Array(n);
  const fired = new Map<number, string[]>();
  for (let i = 0; i < n; i++) {
    if (i < training) {
      score[i] = 0;
    }
    if (alarms.update(score[i]).active && clean.values[i] === clean.values[i]) {
      isAnomaly[i] = 1;
      fired.set(i, firedAt(i));
    }
  }
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
  return {
    ok: true,
    timestamps: clean.timestamps,
    expected,
    lower,
    upper,
    score,
    isAnomaly,
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

/** The robust detector's typed-array path: the same numbers as the streaming RobustDetector with BATCH_ROBUST. */
function robustFastPath(values: Float64Array, threshold: number): BatchScores {
  const r = scoreRobustBatch(values, { threshold, ...BATCH_ROBUST });
  const name = ['robust'];
  return { detector: 'robust', ...r, score: r.probability, firedAt: () => name };
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
