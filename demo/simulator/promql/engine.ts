// Instant and range queries: parse once, evaluate at each step, shape the result as Prometheus' HTTP API does.
import { PromQLBadData, typeOf } from './ast';
import { compareLabels, labelsKey } from './labels';
import { Evaluator, type RangeSeries } from './evaluator';
import type { Labels } from './exposition';
import { parsePromQL } from './parser';
import type { SampleStore } from './store';

/** Prometheus refuses range queries with more points per series than this. */
export const MAX_POINTS_PER_SERIES = 11_000;

/** A value as Prometheus writes it: [unix seconds, "value"]. */
export type ApiPoint = [number, string];

export type QueryData =
  | { resultType: 'scalar'; result: ApiPoint }
  | { resultType: 'vector'; result: Array<{ metric: Labels; value: ApiPoint }> }
  | { resultType: 'matrix'; result: Array<{ metric: Labels; values: ApiPoint[] }> };

/** Go's strconv.FormatFloat(v, 'f', -1, 64): shortest round-trip digits, never an exponent. */
export function formatValue(v: number): string {
  if (Number.isNaN(v)) {
    return 'NaN';
  }
  if (v === Infinity) {
    return '+Inf';
  }
  if (v === -Infinity) {
    return '-Inf';
  }
  const text = String(v);
  const exp = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(text);
  if (!exp) {
    return text;
  }
  const [, sign, lead, frac = '', e] = exp;
  const digits = lead + frac;
  const point = 1 + Number(e);
  if (point <= 0) {
    return `${sign}0.${'0'.repeat(-point)}${digits}`;
  }
  return point >= digits.length
    ? `${sign}${digits}${'0'.repeat(point - digits.length)}`
    : `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}

const seconds = (ms: number): number => ms / 1000;

export function instantQuery(store: SampleStore, query: string, tMs: number): QueryData {
  const expr = parsePromQL(query);
  const value = new Evaluator(store).evaluate(expr, tMs);
  switch (value.kind) {
    case 'scalar':
      return { resultType: 'scalar', result: [seconds(tMs), formatValue(value.value)] };
    case 'vector':
      return {
        resultType: 'vector',
        result: value.samples.map((s) => ({ metric: s.labels, value: [seconds(tMs), formatValue(s.value)] })),
      };
    case 'matrix':
      return {
        resultType: 'matrix',
        result: value.series
          .map((s) => ({ metric: s.labels, values: s.points.map(([t, v]): ApiPoint => [seconds(t), formatValue(v)]) }))
          .sort((a, b) => compareLabels(a.metric, b.metric)),
      };
  }
}

export function rangeQuery(
  store: SampleStore,
  query: string,
  startMs: number,
  endMs: number,
  stepMs: number
): QueryData {
  if (endMs < startMs) {
    throw new PromQLBadData('end timestamp must not be before start time');
  }
  if (!(stepMs > 0)) {
    throw new PromQLBadData('zero or negative query resolution step widths are not accepted. Try a positive integer');
  }
  if ((endMs - startMs) / stepMs > MAX_POINTS_PER_SERIES) {
    throw new PromQLBadData(
      'exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)'
    );
  }
  const expr = parsePromQL(query);
  const type = typeOf(expr);
  if (type === 'matrix') {
    throw new PromQLBadData('invalid expression type "range vector" for range query, must be Scalar or instant Vector');
  }
  const evaluator = new Evaluator(store);
  const series = new Map<string, RangeSeries>();
  const steps = Math.floor((endMs - startMs) / stepMs);
  for (let i = 0; i <= steps; i++) {
    const t = startMs + i * stepMs;
    const value = evaluator.evaluate(expr, t);
    const samples =
      value.kind === 'scalar' ? [{ labels: {}, value: value.value }] : value.kind === 'vector' ? value.samples : [];
    for (const s of samples) {
      const key = labelsKey(s.labels);
      let out = series.get(key);
      if (!out) {
        out = { labels: s.labels, points: [] };
        series.set(key, out);
      }
      out.points.push([t, s.value]);
    }
  }
  return {
    resultType: 'matrix',
    result: [...series.values()]
      .sort((a, b) => compareLabels(a.labels, b.labels))
      .map((s) => ({ metric: s.labels, values: s.points.map(([t, v]): ApiPoint => [seconds(t), formatValue(v)]) })),
  };
}
