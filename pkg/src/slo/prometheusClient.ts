/** Instant queries against Prometheus' HTTP API (`/api/v1/query`), the only I/O of SLO evaluation. */

export interface VectorSample {
  metric: Record<string, string>;
  value: number;
}

export class PrometheusError extends Error {}

export async function instantQuery(baseUrl: string, query: string, timeoutMs = 10000): Promise<VectorSample[]> {
  const url = new URL('api/v1/query', baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`);
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ query }).toString(),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const body = (await response.json().catch(() => null)) as {
    status: string;
    error?: string;
    data?: { resultType: string; result: Array<{ metric: Record<string, string>; value: [number, string] }> };
  } | null;
  if (!response.ok || !body || body.status !== 'success' || !body.data) {
    throw new PrometheusError(`Prometheus query failed (${response.status}): ${body?.error ?? 'no JSON answer'}`);
  }
  if (body.data.resultType !== 'vector') {
    throw new PrometheusError(`Prometheus answered a ${body.data.resultType}, expected a vector`);
  }
  return body.data.result.map((r) => ({ metric: r.metric, value: Number(r.value[1]) }));
}

export interface RangeSeries {
  metric: Record<string, string>;
  /** [unix seconds, value] pairs. */
  values: Array<[number, number]>;
}

export async function rangeQuery(
  baseUrl: string,
  query: string,
  startSeconds: number,
  endSeconds: number,
  stepSeconds: number,
  timeoutMs = 15000
): Promise<RangeSeries[]> {
  const url = new URL('api/v1/query_range', baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`);
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      query,
      start: String(startSeconds),
      end: String(endSeconds),
      step: String(stepSeconds),
    }).toString(),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const body = (await response.json().catch(() => null)) as {
    status: string;
    error?: string;
    data?: { result: Array<{ metric: Record<string, string>; values: Array<[number, string]> }> };
  } | null;
  if (!response.ok || !body || body.status !== 'success' || !body.data) {
    throw new PrometheusError(`Prometheus range query failed (${response.status}): ${body?.error ?? 'no JSON answer'}`);
  }
  return body.data.result.map((r) => ({
    metric: r.metric,
    values: r.values.map(([t, v]) => [t, Number(v)] as [number, number]),
  }));
}
