import { getBackendSrv } from '@grafana/runtime';
import { lastValueFrom } from 'rxjs';
import { backendRequest } from '../../api/backendClient';
import { PLUGIN_ID } from '../../constants';
import type { Anomaly } from '../../engine/detect/types';
import type { SeriesOutcome, SeriesToScore } from '../frames';
import type { OnSeriesResult } from './runner';
import type { DetectionOptions } from './protocol';

/** Body of `POST /api/detect` (the backend runs the same `src/engine` detectors). NaN travels as null. */
export interface DetectRequestBody {
  options: DetectionOptions;
  series: Array<{ key: string; timestamps: number[]; values: Array<number | null>; trainingPoints: number }>;
}

type WireOutcome =
  | {
      key: string;
      ok: true;
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
  | { key: string; ok: false; reason: 'too-short' | 'no-numeric-values' | 'constant' | 'invalid-options'; message: string };

export interface DetectResponseBody {
  results: WireOutcome[];
}

const wireKey = (index: number, s: SeriesToScore) => `${index}|${s.key}`;

const toFloat64 = (values: Array<number | null>) => Float64Array.from(values, (v) => (v === null ? NaN : v));

export function requestBody(series: SeriesToScore[], options: DetectionOptions): DetectRequestBody {
  return {
    options,
    // The index makes keys unique even when two series share a display name and labels.
    series: series.map((s, index) => ({
      key: wireKey(index, s),
      timestamps: Array.from(s.timestamps),
      values: Array.from(s.values, (v) => (Number.isFinite(v) ? v : null)),
      trainingPoints: s.trainingPoints,
    })),
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

/** Says what to do when the app has no backend URL saved, before any request is sent. */
async function assertBackendConfigured(): Promise<void> {
  let backendUrl: unknown;
  try {
    const response = await lastValueFrom(
      getBackendSrv().fetch<{ jsonData?: { backendUrl?: string } }>({
        url: `/api/plugins/${PLUGIN_ID}/settings`,
        showErrorAlert: false,
      })
    );
    backendUrl = response.data?.jsonData?.backendUrl;
  } catch {
    throw new Error(
      'Backend detectors need the Foresight AIOps app: enable it in Administration → Plugins, or pick an in-browser detector.'
    );
  }
  if (typeof backendUrl !== 'string' || backendUrl.trim() === '') {
    throw new Error(
      'Backend detectors need the Foresight backend: set its URL and API key on the Foresight AIOps configuration page, or pick an in-browser detector (auto, robust, seasonal, isolation forest, ensemble).'
    );
  }
}

/** Sends all series in one request through Grafana's plugin proxy and reports each returned result. */
export async function detectInBackend(
  series: SeriesToScore[],
  options: DetectionOptions,
  signal: AbortSignal,
  onResult?: OnSeriesResult
): Promise<SeriesOutcome[]> {
  if (series.length === 0) {
    return [];
  }
  await assertBackendConfigured();
  const response = await backendRequest<DetectResponseBody>('/api/detect', { method: 'POST', data: requestBody(series, options) });
  if (signal.aborted) {
    return [];
  }
  const byKey = new Map(response.results.map((r) => [r.key, r]));
  return series.map((s, index) => {
    const wire = byKey.get(wireKey(index, s));
    const outcome: SeriesOutcome = wire
      ? outcomeFromWire(wire)
      : { ok: false, reason: 'invalid-options', message: `The backend returned no result for ${s.key}` };
    onResult?.(index, outcome);
    return outcome;
  });
}
