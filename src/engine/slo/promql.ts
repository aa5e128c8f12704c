/** PromQL for an SLI's event rates over a window: the only place that knows how each SLI kind is counted. */
import { LatencySli, RatioSli, SliSpec } from './types';
import { WINDOW_PLACEHOLDER } from './validate';

export function renderWindow(query: string, window: string): string {
  return query.split(WINDOW_PLACEHOLDER).join(window);
}

/**
 * Matcher for a histogram bucket bound that accepts how different client libraries print it
 * (`0.5`/`0.50`, `1`/`1.0`): a latency SLO that silently matches no bucket is the classic mistake.
 */
export function leMatcher(thresholdSeconds: number): string {
  const text = String(thresholdSeconds);
  const dot = text.indexOf('.');
  const pattern = dot < 0 ? `${text}([.]0+)?` : `${text.slice(0, dot)}[.]${text.slice(dot + 1)}0*`;
  return `le=~"${pattern}"`;
}

function sumBy(groupBy: string[] | undefined, inner: string): string {
  return groupBy && groupBy.length > 0 ? `sum by (${groupBy.join(', ')}) (${inner})` : `sum(${inner})`;
}

function selector(sli: LatencySli, extra?: string): string {
  const parts = [sli.selector, extra].filter((p): p is string => p !== undefined && p !== '');
  return parts.length > 0 ? `{${parts.join(',')}}` : '';
}

export interface SliEventQueries {
  /** Bad events per second. */
  errors: string;
  /** All events per second. */
  total: string;
}

function ratioQueries(sli: RatioSli, window: string): SliEventQueries {
  const total = renderWindow(sli.totalQuery, window);
  // `or (total * 0)`: a counter of failures often does not exist until the first failure; without this the
  // error rate (and so the whole SLO) would be missing instead of 0 on a healthy service.
  if (sli.badQuery !== undefined) {
    return { errors: `(${renderWindow(sli.badQuery, window)})\nor\n((${total}) * 0)`, total };
  }
  const good = renderWindow(sli.goodQuery!, window);
  return { errors: `(${total})\n-\n((${good}) or ((${total}) * 0))`, total };
}

function latencyQueries(sli: LatencySli, groupBy: string[] | undefined, window: string): SliEventQueries {
  const total = sumBy(groupBy, `rate(${sli.histogramMetric}_count${selector(sli)}[${window}])`);
  const fast = sumBy(
    groupBy,
    `rate(${sli.histogramMetric}_bucket${selector(sli, leMatcher(sli.thresholdSeconds))}[${window}])`
  );
  return { errors: `(${total})\n-\n((${fast}) or ((${total}) * 0))`, total };
}

/** Bad-event and total-event rates over `window` for any SLI kind. */
export function sliEventQueries(sli: SliSpec, groupBy: string[] | undefined, window: string): SliEventQueries {
  return sli.kind === 'ratio' ? ratioQueries(sli, window) : latencyQueries(sli, groupBy, window);
}

/** Error ratio straight from the raw metrics over a window (previews and ad-hoc checks; the rules never do this for long windows). */
export function rawErrorRatioQuery(sli: SliSpec, groupBy: string[] | undefined, window: string): string {
  const q = sliEventQueries(sli, groupBy, window);
  return `(${q.errors})\n/\n(${q.total})`;
}
