/**
 * Evaluates stored SLOs from the recorded `slo:*` series with ONE instant query for any number of SLOs
 * (recording rules make this cheap: no raw rate() at view time), or from raw queries per window when the metrics
 * source has no recording rules (and always for drafts' previews).
 * Results are cached for `cacheMs` so page views do not multiply Prometheus load.
 */
import {
  parseDuration,
  rawErrorRatioQuery,
  recordedWindowsFor,
  sliEventQueries,
  sloStatus,
} from '../../../src/engine/slo';
import type { SloSpec, SloStatus } from '../../../src/engine/types';
import { instantQuery, type VectorSample } from './prometheusClient';

const SLO_LABELS = new Set(['__name__', 'slo_id', 'slo_name', 'slo_service', 'slo_window']);

function groupOf(sample: VectorSample, spec: SloSpec): Record<string, string> {
  const group: Record<string, string> = {};
  for (const [k, v] of Object.entries(sample.metric)) {
    if (!SLO_LABELS.has(k) && !(k in spec.labels)) {
      group[k] = v;
    }
  }
  return group;
}

const groupKey = (group: Record<string, string>) => JSON.stringify(Object.entries(group).sort());
// Ids are validated to [a-z0-9-]: nothing in them is special to RE2 or needs a PromQL string escape.
const idAlternation = (specs: SloSpec[]) => specs.map((s) => s.id).join('|');

/** Statuses per SLO id (one per group value) from the recorded series. */
export async function evaluateRecorded(
  prometheusUrl: string,
  specs: SloSpec[],
  nowMs: number
): Promise<Map<string, SloStatus[]>> {
  const out = new Map<string, SloStatus[]>();
  if (specs.length === 0) {
    return out;
  }
  const ids = idAlternation(specs);
  const samples = await instantQuery(
    prometheusUrl,
    `{__name__=~"slo:sli_error:ratio_rate.+|slo:sli_total:rate.+", slo_id=~"${ids}"}`
  );
  const byId = new Map(specs.map((s) => [s.id, s]));
  const measured = new Map<
    string,
    Map<
      string,
      { group: Record<string, string>; errorRatios: Record<string, number>; trafficPerSecond: Record<string, number> }
    >
  >();
  for (const sample of samples) {
    const spec = byId.get(sample.metric.slo_id);
    const window = sample.metric.slo_window;
    if (!spec || !window) {
      continue;
    }
    const group = groupOf(sample, spec);
    const groups = measured.get(spec.id) ?? new Map();
    measured.set(spec.id, groups);
    const entry = groups.get(groupKey(group)) ?? { group, errorRatios: {}, trafficPerSecond: {} };
    groups.set(groupKey(group), entry);
    if (sample.metric.__name__.startsWith('slo:sli_error:ratio_rate')) {
      entry.errorRatios[window] = sample.value;
    } else {
      entry.trafficPerSecond[window] = sample.value;
    }
  }
  for (const spec of specs) {
    const groups = [...(measured.get(spec.id)?.values() ?? [])];
    out.set(
      spec.id,
      groups.length > 0 ? groups.map((m) => sloStatus(spec, m, nowMs)) : [sloStatus(spec, { errorRatios: {} }, nowMs)]
    );
  }
  return out;
}

/** How statuses are computed: from the recording rules' series, or from raw queries per window. */
export type SloEvaluationMode = 'recorded' | 'raw';

/** One SLO's status from raw queries over each window (previews, and sources without the recording rules). */
export async function evaluateRaw(prometheusUrl: string, spec: SloSpec, nowMs: number): Promise<SloStatus[]> {
  const windows = recordedWindowsFor(spec.window).filter((w) => parseDuration(w)! >= 300);
  const results = await Promise.all(
    windows.map(async (w) => {
      const [ratios, totals] = await Promise.all([
        instantQuery(prometheusUrl, rawErrorRatioQuery(spec.sli, spec.groupBy, w)),
        instantQuery(prometheusUrl, sliEventQueries(spec.sli, spec.groupBy, w).total),
      ]);
      return { w, ratios, totals };
    })
  );
  const groups = new Map<
    string,
    { group: Record<string, string>; errorRatios: Record<string, number>; trafficPerSecond: Record<string, number> }
  >();
  for (const { w, ratios, totals } of results) {
    for (const [kind, samples] of [
      ['ratio', ratios],
      ['total', totals],
    ] as const) {
      for (const sample of samples) {
        const group = groupOf(sample, spec);
        const entry = groups.get(groupKey(group)) ?? { group, errorRatios: {}, trafficPerSecond: {} };
        groups.set(groupKey(group), entry);
        (kind === 'ratio' ? entry.errorRatios : entry.trafficPerSecond)[w] = sample.value;
      }
    }
  }
  const measured = [...groups.values()];
  return measured.length > 0
    ? measured.map((m) => sloStatus(spec, m, nowMs))
    : [sloStatus(spec, { errorRatios: {} }, nowMs)];
}

/** A draft's status (a one-off preview, so the raw long windows are acceptable). */
export const previewDraft = evaluateRaw;

/** Statuses per SLO id in the given mode. */
export async function evaluateSlos(
  prometheusUrl: string,
  specs: SloSpec[],
  nowMs: number,
  mode: SloEvaluationMode
): Promise<Map<string, SloStatus[]>> {
  if (mode === 'recorded') {
    return evaluateRecorded(prometheusUrl, specs, nowMs);
  }
  const statuses = await Promise.all(specs.map((spec) => evaluateRaw(prometheusUrl, spec, nowMs)));
  return new Map(specs.map((spec, i) => [spec.id, statuses[i]]));
}

/** Caches whole evaluations for a short time, keyed by the evaluated SLO ids. */
export class SloEvaluationCache {
  private entry: { key: string; atMs: number; value: Map<string, SloStatus[]> } | null = null;

  constructor(
    private readonly ttlMs: number,
    private readonly mode: SloEvaluationMode = 'recorded'
  ) {}

  async get(prometheusUrl: string, specs: SloSpec[], nowMs: number): Promise<Map<string, SloStatus[]>> {
    const key = JSON.stringify(specs);
    if (this.entry && this.entry.key === key && nowMs - this.entry.atMs < this.ttlMs) {
      return this.entry.value;
    }
    const value = await evaluateSlos(prometheusUrl, specs, nowMs, this.mode);
    this.entry = { key, atMs: nowMs, value };
    return value;
  }
}
