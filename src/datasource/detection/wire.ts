/**
 * The JSON contract of `POST /api/detect` (Foresight backend, reached through the plugin proxy), shared by the
 * datasource and the backend route. Pure: no Grafana, DOM or Node imports. NaN travels as null.
 */
import type { Anomaly, CannotScore } from '../../engine/detect/types';
import type { SeriesOutcome } from '../frames';
import type { DetectionOptions } from './protocol';

export interface WireSeries {
  /** Echoed back with the result; unique within one request. */
  key: string;
  timestamps: number[];
  values: Array<number | null>;
  /** Leading points used only for fitting: they are learnt, and the outcome starts after them. */
  trainingPoints: number;
}

export interface DetectRequestBody {
  options: DetectionOptions;
  series: WireSeries[];
}

export type WireOutcome =
  | {
      key: string;
      ok: true;
      /** The points after the training points (cleaned: sorted, duplicates merged); every array aligns with it. */
      timestamps: number[];
      expected: Array<number | null>;
      lower: Array<number | null>;
      upper: Array<number | null>;
      score: Array<number | null>;
      isAnomaly: number[];
      anomalies: Anomaly[];
      detector: string;
      warnings: string[];
    }
  | { key: string; ok: false; reason: CannotScore['reason']; message: string };

export interface DetectResponseBody {
  results: WireOutcome[];
}

const toJsonNumbers = (values: Float64Array): Array<number | null> =>
  Array.from(values, (v) => (Number.isFinite(v) ? v : null));
const toFloat64 = (values: Array<number | null>) => Float64Array.from(values, (v) => (v === null ? NaN : v));

export function outcomeToWire(key: string, outcome: SeriesOutcome): WireOutcome {
  if (!outcome.ok) {
    return { key, ok: false, reason: outcome.reason, message: outcome.message };
  }
  return {
    key,
    ok: true,
    timestamps: Array.from(outcome.timestamps),
    expected: toJsonNumbers(outcome.expected),
    lower: toJsonNumbers(outcome.lower),
    upper: toJsonNumbers(outcome.upper),
    score: toJsonNumbers(outcome.score),
    isAnomaly: Array.from(outcome.isAnomaly),
    anomalies: outcome.anomalies,
    detector: outcome.detector,
    warnings: outcome.warnings,
  };
}

export function outcomeFromWire(wire: WireOutcome): SeriesOutcome {
  if (!wire.ok) {
    return { ok: false, reason: wire.reason, message: wire.message };
  }
  return {
    ok: true,
    timestamps: Float64Array.from(wire.timestamps),
    expected: toFloat64(wire.expected),
    lower: toFloat64(wire.lower),
    upper: toFloat64(wire.upper),
    score: toFloat64(wire.score),
    isAnomaly: Uint8Array.from(wire.isAnomaly),
    anomalies: wire.anomalies,
    detector: wire.detector,
    warnings: wire.warnings ?? [],
  };
}

export function seriesToWire(
  key: string,
  timestamps: Float64Array,
  values: Float64Array,
  trainingPoints: number
): WireSeries {
  return { key, timestamps: Array.from(timestamps), values: toJsonNumbers(values), trainingPoints };
}

export function seriesFromWire(series: WireSeries): { timestamps: Float64Array; values: Float64Array } {
  return { timestamps: Float64Array.from(series.timestamps), values: toFloat64(series.values) };
}
