import { getBackendSrv } from '@grafana/runtime';
import { lastValueFrom } from 'rxjs';
import { backendRequest } from '../../api/backendClient';
import { PLUGIN_ID } from '../../constants';
import type { SeriesOutcome, SeriesToScore } from '../frames';
import type { OnSeriesResult } from './runner';
import type { DetectionOptions } from './protocol';
import { DetectRequestBody, DetectResponseBody, outcomeFromWire, seriesToWire } from './wire';

/**
 * Points per request: ~30 bytes of JSON each keeps a request under the backend's default 1 MiB body limit
 * (FORESIGHT_BODY_LIMIT). A single longer series goes alone.
 */
export const POINTS_PER_REQUEST = 25_000;

/** The index makes keys unique even when two series share a display name and labels. */
const wireKey = (index: number, s: SeriesToScore) => `${index}|${s.key}`;

/** Consecutive batches of series, each under `maxPoints` unless a single series is larger. */
export function batchSeries(series: SeriesToScore[], maxPoints = POINTS_PER_REQUEST): number[][] {
  const batches: number[][] = [];
  let current: number[] = [];
  let points = 0;
  series.forEach((s, index) => {
    if (current.length > 0 && points + s.timestamps.length > maxPoints) {
      batches.push(current);
      current = [];
      points = 0;
    }
    current.push(index);
    points += s.timestamps.length;
  });
  if (current.length > 0) {
    batches.push(current);
  }
  return batches;
}

/** Says what to do when the app has no backend URL saved, before any series is sent. */
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

/** Sends the series in batches through Grafana's plugin proxy (`POST /api/detect`) and reports each result. */
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
  const outcomes: SeriesOutcome[] = new Array(series.length);
  for (const batch of batchSeries(series)) {
    if (signal.aborted) {
      return outcomes;
    }
    const body: DetectRequestBody = {
      options,
      series: batch.map((i) =>
        seriesToWire(wireKey(i, series[i]), series[i].timestamps, series[i].values, series[i].trainingPoints)
      ),
    };
    const response = await backendRequest<DetectResponseBody>('/api/detect', { method: 'POST', data: body });
    const byKey = new Map(response.results.map((r) => [r.key, r]));
    for (const index of batch) {
      const wire = byKey.get(wireKey(index, series[index]));
      const outcome: SeriesOutcome = wire
        ? outcomeFromWire(wire)
        : { ok: false, reason: 'invalid-options', message: `The backend returned no result for ${series[index].key}` };
      outcomes[index] = outcome;
      onResult?.(index, outcome);
    }
  }
  return outcomes;
}
