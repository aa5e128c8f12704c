/**
 * What the anomaly overlay does for a dashboard panel, done from a test: the panel's PromQL through Prometheus'
 * `query_range`, then the series to the backend's `POST /api/detect`, which runs the same `src/engine` detectors as
 * the browser's Web Worker (contract: src/datasource/detection/wire.ts).
 */
import type { DetectionOptions } from '../../../src/datasource/detection/protocol';
import type { DetectRequestBody, DetectResponseBody, WireOutcome } from '../../../src/datasource/detection/wire';

/**
 * Grafana's `$__rate_interval`: max(interval + scrape interval, 4 × scrape interval), so a rate always spans at
 * least four scrapes.
 */
export function rateIntervalSeconds(stepSeconds: number, scrapeSeconds: number): number {
  return Math.max(stepSeconds + scrapeSeconds, 4 * scrapeSeconds);
}

/** The p95 latency panel query of one service (the demo alert rule's expression, on the panel's rate interval). */
export function p95LatencyQuery(service: string, rateInterval: string): string {
  return (
    `histogram_quantile(0.95, sum by (le, service) ` +
    `(rate(http_request_duration_seconds_bucket{job="foresight-demo", service="${service}"}[${rateInterval}])))`
  );
}

export interface RangeSeries {
  /** ms epoch, ascending. */
  timestamps: number[];
  /** NaN (no requests in the window) travels as null. */
  values: Array<number | null>;
}

/** One series from `query_range`; an error answer or more than one series is an error naming the query. */
export async function queryRange(
  prometheus: string,
  expr: string,
  startMs: number,
  endMs: number,
  stepSeconds: number
): Promise<RangeSeries> {
  const params = new URLSearchParams({
    query: expr,
    start: String(startMs / 1000),
    end: String(endMs / 1000),
    step: String(stepSeconds),
  });
  const res = await fetch(`${prometheus}/api/v1/query_range?${params}`);
  const body = (await res.json()) as {
    status: string;
    error?: string;
    data?: { result: Array<{ values: Array<[number, string]> }> };
  };
  if (body.status !== 'success' || !body.data) {
    throw new Error(`query_range ${expr}: ${res.status} ${body.error ?? JSON.stringify(body)}`);
  }
  const result = body.data.result;
  if (result.length > 1) {
    throw new Error(`query_range ${expr}: expected one series, got ${result.length}`);
  }
  const values = result[0]?.values ?? [];
  return {
    timestamps: values.map(([t]) => Math.round(t * 1000)),
    values: values.map(([, v]) => (Number.isFinite(Number(v)) ? Number(v) : null)),
  };
}

/** `POST /api/detect` for one series; a non-200 answer is an error with the backend's message. */
export async function detectOnBackend(
  backend: string,
  apiKey: string,
  key: string,
  series: RangeSeries,
  trainingPoints: number,
  options: DetectionOptions
): Promise<WireOutcome> {
  const body: DetectRequestBody = { options, series: [{ key, ...series, trainingPoints }] };
  const res = await fetch(`${backend}/api/detect`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-foresight-key': apiKey },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  if (res.status !== 200) {
    throw new Error(`POST /api/detect for ${key}: ${res.status} ${text.slice(0, 500)}`);
  }
  const answer = JSON.parse(text) as DetectResponseBody;
  const outcome = answer.results.find((r) => r.key === key);
  if (!outcome) {
    throw new Error(`POST /api/detect for ${key}: no result with that key in ${text.slice(0, 500)}`);
  }
  return outcome;
}

/** Timestamps (ms) of the points the detector flagged, in time order. */
export function flaggedTimes(outcome: WireOutcome): number[] {
  if (!outcome.ok) {
    return [];
  }
  return outcome.timestamps.filter((_t, i) => outcome.isAnomaly[i] === 1);
}

/** Index of the first timestamp at or after `ms` (the training split of the overlay's extended range). */
export function countBefore(timestamps: number[], ms: number): number {
  const index = timestamps.findIndex((t) => t >= ms);
  return index < 0 ? timestamps.length : index;
}
