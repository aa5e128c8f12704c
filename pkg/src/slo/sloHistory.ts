/** An SLO over time: SLI (1h) vs objective with breach intervals, budget burn-down, burn rate. */
import {
  breachIntervals,
  CURRENT_BURN_WINDOW,
  parseDuration,
  rawErrorRatioQuery,
  SLO_METRICS,
  type TimeInterval,
} from '../../../src/engine/slo';
import type { SloSpec } from '../../../src/engine/types';
import { rangeQuery, type RangeSeries } from './prometheusClient';
import type { SloEvaluationMode } from './sloEvaluator';

export interface SloHistorySeries {
  group: Record<string, string>;
  points: Array<[number, number]>;
}

export interface SloHistory {
  startMs: number;
  endMs: number;
  stepSeconds: number;
  objective: number;
  sli: SloHistorySeries[];
  budgetRemaining: SloHistorySeries[];
  burnRate: SloHistorySeries[];
  /** Per SLI series (same order): where the 1h SLI was under the objective. */
  breaches: TimeInterval[][];
}

const IDENTITY = new Set(['__name__', 'slo_id', 'slo_name', 'slo_service', 'slo_window']);

function toSeries(spec: SloSpec, result: RangeSeries[]): SloHistorySeries[] {
  return result.map((r) => ({
    group: Object.fromEntries(Object.entries(r.metric).filter(([k]) => !IDENTITY.has(k) && !(k in spec.labels))),
    points: r.values.map(([t, v]) => [t * 1000, v] as [number, number]),
  }));
}

/** About 240 points over `rangeSeconds` (default: the SLO window), never finer than a minute. */
export async function sloHistory(
  prometheusUrl: string,
  spec: SloSpec,
  nowMs: number,
  rangeSeconds?: number,
  mode: SloEvaluationMode = 'recorded'
): Promise<SloHistory> {
  const range = rangeSeconds ?? parseDuration(spec.window)!;
  const step = Math.max(60, Math.round(range / 240));
  const end = Math.floor(nowMs / 1000);
  const start = end - range;
  const queries = mode === 'recorded' ? recordedQueries(spec) : rawQueries(spec);
  const [sli, budget, burn] = await Promise.all([
    rangeQuery(prometheusUrl, queries.sli, start, end, step),
    rangeQuery(prometheusUrl, queries.budgetRemaining, start, end, step),
    rangeQuery(prometheusUrl, queries.burnRate, start, end, step),
  ]);
  const sliSeries = toSeries(spec, sli);
  return {
    startMs: start * 1000,
    endMs: end * 1000,
    stepSeconds: step,
    objective: spec.objective,
    sli: sliSeries,
    budgetRemaining: toSeries(spec, budget),
    burnRate: toSeries(spec, burn),
    breaches: sliSeries.map((s) =>
      breachIntervals(
        s.points.map((p) => p[0]),
        s.points.map((p) => p[1]),
        spec.objective
      )
    ),
  };
}

interface HistoryQueries {
  sli: string;
  budgetRemaining: string;
  burnRate: string;
}

function recordedQueries(spec: SloSpec): HistoryQueries {
  const sel = `{slo_id="${spec.id}"}`;
  return {
    sli: `1 - ${SLO_METRICS.errorRatio(CURRENT_BURN_WINDOW)}${sel}`,
    budgetRemaining: `${SLO_METRICS.budgetRemaining}${sel}`,
    burnRate: `${SLO_METRICS.currentBurnRate}${sel}`,
  };
}

/** The same three figures as the recording rules define them, computed from the raw SLI counters. */
function rawQueries(spec: SloSpec): HistoryQueries {
  const budget = 1 - spec.objective;
  const ratio = (w: string) => `(${rawErrorRatioQuery(spec.sli, spec.groupBy, w)})`;
  return {
    sli: `1 - ${ratio(CURRENT_BURN_WINDOW)}`,
    budgetRemaining: `1 - ${ratio(spec.window)} / ${budget}`,
    burnRate: `${ratio(CURRENT_BURN_WINDOW)} / ${budget}`,
  };
}
