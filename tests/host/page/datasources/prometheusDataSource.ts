import { lastValueFrom, Observable, from, map, mergeMap, catchError, of, toArray } from 'rxjs';
import {
  DataSourceApi,
  FieldType,
  LoadingState,
  createDataFrame,
  type DataFrame,
  type DataQuery,
  type DataQueryRequest,
  type DataQueryResponse,
  type DataSourceInstanceSettings,
  type DataSourceJsonData,
  type MetricFindValue,
  type ScopedVars,
} from '@grafana/data';
import { getBackendSrv, getTemplateSrv, toDataQueryError } from '@grafana/runtime';

export interface PromQuery extends DataQuery {
  expr: string;
  legendFormat?: string;
  instant?: boolean;
}

interface PromOptions extends DataSourceJsonData {
  timeInterval?: string;
}

type PromSample = [number, string];
interface PromSeries {
  metric: Record<string, string>;
  values?: PromSample[];
  value?: PromSample;
}

/** Grafana keeps a range query under 11,000 points per series. */
const MAX_POINTS = 11_000;

/** "15s", "1m", "2h" → seconds. */
export function parseDurationSeconds(text: string | undefined, fallback: number): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)$/.exec(text ?? '');
  if (!match) {
    return fallback;
  }
  const factor = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86400 }[match[2] as 'ms' | 's' | 'm' | 'h' | 'd'];
  return Number(match[1]) * factor;
}

function sampleValue(text: string): number {
  return text === '+Inf' ? Infinity : text === '-Inf' ? -Infinity : Number(text); // "NaN" → NaN
}

/** `{{label}}` in a legend format, as Grafana's Prometheus datasource renders it. */
export function renderLegend(format: string | undefined, labels: Record<string, string>): string {
  if (format) {
    return format.replace(/\{\{\s*(.+?)\s*\}\}/g, (_, name: string) => labels[name] ?? '');
  }
  const { __name__: name = '', ...rest } = labels;
  const pairs = Object.entries(rest).map(([key, value]) => `${key}="${value}"`);
  return pairs.length ? `${name}{${pairs.join(', ')}}` : name || '{}';
}

/**
 * A Prometheus datasource for the host, over the Prometheus HTTP API through Grafana's datasource proxy
 * (`/api/datasources/proxy/uid/<uid>/api/v1/…`, as Grafana's frontend did before its backend query path).
 * Range and instant PromQL queries → one data frame per series (Time, Value with labels), label_values() variables.
 */
export class HostPrometheusDataSource extends DataSourceApi<PromQuery, PromOptions> {
  private readonly url: string;
  private readonly scrapeSeconds: number;

  constructor(instanceSettings: DataSourceInstanceSettings<PromOptions>) {
    super(instanceSettings);
    this.url = instanceSettings.url ?? `/api/datasources/proxy/uid/${instanceSettings.uid}`;
    this.scrapeSeconds = parseDurationSeconds(instanceSettings.jsonData.timeInterval, 15);
  }

  query(request: DataQueryRequest<PromQuery>): Observable<DataQueryResponse> {
    const targets = request.targets.filter((target) => !target.hide && target.expr);
    const start = Math.floor(request.range.from.valueOf() / 1000);
    const end = Math.ceil(request.range.to.valueOf() / 1000);
    const step = Math.max(
      this.scrapeSeconds,
      Math.ceil((request.intervalMs ?? 0) / 1000),
      Math.ceil((end - start) / MAX_POINTS)
    );
    const scopedVars: ScopedVars = {
      ...request.scopedVars,
      __interval: { text: `${step}s`, value: `${step}s` },
      __interval_ms: { text: String(step * 1000), value: step * 1000 },
      __rate_interval: {
        text: `${Math.max(4 * this.scrapeSeconds, step + this.scrapeSeconds)}s`,
        value: `${Math.max(4 * this.scrapeSeconds, step + this.scrapeSeconds)}s`,
      },
      __range: { text: `${end - start}s`, value: `${end - start}s` },
    };
    return from(targets).pipe(
      mergeMap((target) => {
        const expr = getTemplateSrv().replace(target.expr, scopedVars);
        const params: Record<string, string> = target.instant
          ? { query: expr, time: String(end) }
          : {
              query: expr,
              start: String(Math.floor(start / step) * step),
              end: String(Math.ceil(end / step) * step),
              step: String(step),
            };
        return this.post<{ resultType: string; result: PromSeries[] }>(
          target.instant ? 'api/v1/query' : 'api/v1/query_range',
          params
        ).pipe(
          map((data) => data.result.map((series) => this.toFrame(series, target))),
          catchError((error) => of({ error: toDataQueryError(error), refId: target.refId }))
        );
      }),
      toArray(),
      map((results) => {
        const data: DataFrame[] = [];
        let error;
        for (const result of results) {
          if (Array.isArray(result)) {
            data.push(...result);
          } else {
            error = { ...result.error, refId: result.refId };
          }
        }
        return { data, error, state: error ? LoadingState.Error : LoadingState.Done };
      })
    );
  }

  private toFrame(series: PromSeries, target: PromQuery): DataFrame {
    const samples = series.values ?? (series.value ? [series.value] : []);
    const name = renderLegend(target.legendFormat, series.metric);
    const { __name__: _metric, ...labels } = series.metric;
    return createDataFrame({
      refId: target.refId,
      name,
      fields: [
        { name: 'Time', type: FieldType.time, values: samples.map(([ts]) => ts * 1000) },
        {
          name: 'Value',
          type: FieldType.number,
          values: samples.map(([, value]) => sampleValue(value)),
          labels,
          config: { displayNameFromDS: name },
        },
      ],
    });
  }

  private post<T>(path: string, params: Record<string, string>): Observable<T> {
    return getBackendSrv()
      .fetch<{ status: string; data: T; error?: string }>({
        url: `${this.url}/${path}`,
        method: 'POST',
        data: new URLSearchParams(params).toString(),
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        showErrorAlert: false,
      })
      .pipe(map((response) => response.data.data));
  }

  async metricFindQuery(query: string): Promise<MetricFindValue[]> {
    const text = getTemplateSrv().replace(query);
    const labelValues = /^label_values\((?:(.+),\s*)?([a-zA-Z_][a-zA-Z0-9_]*)\)\s*$/.exec(text);
    if (labelValues) {
      const [, selector, label] = labelValues;
      const search = selector ? `?${new URLSearchParams({ 'match[]': selector })}` : '';
      const values = await lastValueFrom(
        getBackendSrv().fetch<{ data: string[] }>({
          url: `${this.url}/api/v1/label/${label}/values${search}`,
          showErrorAlert: false,
        })
      );
      return values.data.data.map((value) => ({ text: value, value }));
    }
    const result = await lastValueFrom(this.post<{ result: PromSeries[] }>('api/v1/query', { query: text }));
    return result.result.map((series) => ({ text: renderLegend(undefined, series.metric) }));
  }

  async testDatasource() {
    try {
      await lastValueFrom(getBackendSrv().fetch({ url: `${this.url}/api/v1/status/buildinfo`, showErrorAlert: false }));
      return { status: 'success', message: 'Successfully queried the Prometheus API.' };
    } catch (error) {
      return { status: 'error', message: toDataQueryError(error).message ?? 'Prometheus did not answer' };
    }
  }
}
