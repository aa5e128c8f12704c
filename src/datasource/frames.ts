/**
 * The one adapter between Grafana DataFrames and the engine's typed arrays (style.md, scenes-ml pattern):
 * `framesToSeries` pulls every numeric series out of the wrapped datasource's frames, and the `build*` functions turn
 * detection results back into frames Grafana panels understand without configuration.
 */
import {
  DataFrame,
  DataTopic,
  Field,
  FieldColorModeId,
  FieldConfig,
  FieldType,
  getFieldDisplayName,
} from '@grafana/data';
import type { Anomaly, CannotScore } from '../engine/detect/types';
import type { DetectResult } from '../engine/detect';
import { Labels, seriesKey } from '../engine/series';
import { Float64Pool, takeFloat64 } from '../engine/stats/float64Pool';
import type { Severity } from '../engine/severity';

/** One numeric field of an inner frame, as typed arrays ready to transfer to a Web Worker. */
export interface SeriesToScore {
  /** Identity across refreshes: display name + labels (the model cache key starts with it). */
  key: string;
  /** Display name of the original field, used to name the band fields so `fillBelowTo` matches. */
  name: string;
  labels: Labels;
  frameIndex: number;
  fieldIndex: number;
  /** Ascending ms timestamps; `values[i]` is NaN where the sample is null, missing or not a finite number. */
  timestamps: Float64Array;
  values: Float64Array;
  /** Leading points before the panel range: used for fitting only, trimmed from the output. */
  trainingPoints: number;
}

/** What a detector returns per series (the engine's result, arrays aligned to `timestamps`), sent back by the worker. */
export type SeriesDetection = Omit<DetectResult, 'period'>;

export type SeriesOutcome = SeriesDetection | CannotScore;

export interface PanelRange {
  from: number;
  to: number;
}

/** Reads a time value the way Grafana does: epoch ms numbers, Date objects or ISO strings. */
function toEpochMs(value: unknown): number {
  if (typeof value === 'number') {
    return value;
  }
  if (value instanceof Date) {
    return value.getTime();
  }
  if (typeof value === 'string') {
    const asNumber = Number(value);
    return Number.isFinite(asNumber) && value.trim() !== '' ? asNumber : Date.parse(value);
  }
  return NaN;
}

/** Indices that sort `timestamps` ascending (stable). */
function sortOrder(timestamps: Float64Array): Uint32Array {
  const order = Uint32Array.from({ length: timestamps.length }, (_, j) => j);
  order.sort((a, b) => timestamps[a] - timestamps[b] || a - b);
  return order;
}

/** The stable display name of a field as the time series panel would show it. */
export function displayNameOf(field: Field, frame: DataFrame, allFrames: DataFrame[]): string {
  return field.config.displayNameFromDS ?? field.config.displayName ?? getFieldDisplayName(field, frame, allFrames);
}

/** Epoch-ms timestamps of a time field in one pass: numbers (the usual case) as they are, other forms parsed. */
export function readTimes(values: ArrayLike<unknown>, pool?: Float64Pool): Float64Array {
  const n = values.length;
  const times = takeFloat64(pool, n);
  for (let i = 0; i < n; i++) {
    const v = values[i];
    times[i] = typeof v === 'number' ? v : toEpochMs(v);
  }
  return times;
}

/** Whether `times` is ascending (false when any time is NaN, so unreadable rows take the filtering path). */
function isAscending(times: Float64Array): boolean {
  for (let i = 1; i < times.length; i++) {
    if (!(times[i] >= times[i - 1])) {
      return false;
    }
  }
  return true;
}

/**
 * Every numeric field of one frame that has a time field becomes one series (frames without time, and annotation
 * frames, give none). Rows whose time cannot be read are dropped and counted; rows before `range.from` count as
 * training points.
 */
export function frameToSeries(
  frame: DataFrame,
  frameIndex: number,
  allFrames: DataFrame[],
  range: PanelRange,
  rawTimes?: Float64Array,
  pool?: Float64Pool
): { series: SeriesToScore[]; droppedRows: number } {
  const timeField = frame.fields.find((f) => f.type === FieldType.time);
  if (!timeField || frame.meta?.dataTopic === DataTopic.Annotations) {
    return { series: [], droppedRows: 0 };
  }
  const times = rawTimes ?? readTimes(timeField.values, pool);
  const rowCount = times.length;
  let validRows = 0;
  for (let i = 0; i < rowCount; i++) {
    if (times[i] - times[i] === 0) {
      validRows++;
    }
  }
  // Readable times once, shared by every numeric field (each field gets its own copy: arrays are transferred).
  const validTimes = validRows === rowCount ? times : new Float64Array(validRows);
  if (validTimes !== times) {
    for (let i = 0, n = 0; i < rowCount; i++) {
      if (times[i] - times[i] === 0) {
        validTimes[n++] = times[i];
      }
    }
  }
  const order = isAscending(validTimes) ? undefined : sortOrder(validTimes);
  const sortedTimes = order ? Float64Array.from(order, (j) => validTimes[j]) : validTimes;
  const trainingPoints = firstIndexAtOrAfter(sortedTimes, range.from);
  const series: SeriesToScore[] = [];
  for (let fieldIndex = 0; fieldIndex < frame.fields.length; fieldIndex++) {
    const field = frame.fields[fieldIndex];
    if (field.type !== FieldType.number) {
      continue;
    }
    // Every element is written (and sorted copies replace it), so a recycled array is fine.
    const values = takeFloat64(pool, validRows);
    readValues(field.values, validRows === rowCount ? undefined : times, values);
    const name = displayNameOf(field, frame, allFrames);
    const labels = { ...(field.labels ?? {}) };
    series.push({
      key: seriesKey(name, labels),
      name,
      labels,
      frameIndex,
      fieldIndex,
      // A copy per series: the series' arrays are transferred to a worker on their own (and `times` may be shared).
      timestamps: copyOf(sortedTimes, pool),
      values: order ? Float64Array.from(order, (j) => values[j]) : values,
      trainingPoints,
    });
  }
  return { series, droppedRows: rowCount - validRows };
}

/**
 * A numeric field's values as doubles, NaN for null, undefined, NaN and ±Infinity (`v - v === 0` holds only for
 * finite numbers); with `times`, only the rows whose time is readable. Its own small function: one loop, one kind of
 * input, so the optimiser keeps it compiled across frames.
 */
function readValues(source: ArrayLike<unknown>, times: Float64Array | undefined, out: Float64Array): void {
  if (!times) {
    for (let i = 0; i < out.length; i++) {
      const v = source[i];
      out[i] = typeof v === 'number' && v - v === 0 ? v : NaN;
    }
    return;
  }
  for (let i = 0, n = 0; i < times.length; i++) {
    const t = times[i];
    if (t - t === 0) {
      const v = source[i];
      out[n++] = typeof v === 'number' && v - v === 0 ? v : NaN;
    }
  }
}

function copyOf(a: Float64Array, pool: Float64Pool | undefined): Float64Array {
  const copy = takeFloat64(pool, a.length);
  copy.set(a);
  return copy;
}

/** `frameToSeries` over all frames, in one go (the datasource interleaves it with yields instead). */
export function framesToSeries(
  frames: DataFrame[],
  range: PanelRange
): { series: SeriesToScore[]; droppedRows: number } {
  const series: SeriesToScore[] = [];
  let droppedRows = 0;
  frames.forEach((frame, frameIndex) => {
    const one = frameToSeries(frame, frameIndex, frames, range);
    series.push(...one.series);
    droppedRows += one.droppedRows;
  });
  return { series, droppedRows };
}

/**
 * One wrapped frame restricted to the panel range (it may cover a longer training range), with each numeric field's
 * display name pinned so the band fields' `fillBelowTo` keeps matching after frames are added. Non-numeric fields are
 * trimmed alike; frames without time pass through untouched.
 */
export function trimFrame(
  frame: DataFrame,
  allFrames: DataFrame[],
  range: PanelRange,
  rawTimes?: Float64Array
): DataFrame {
  const timeField = frame.fields.find((f) => f.type === FieldType.time);
  if (!timeField || frame.meta?.dataTopic === DataTopic.Annotations) {
    return frame;
  }
  const times = rawTimes ?? readTimes(timeField.values);
  const sorted = isAscending(times);
  let keep: number[] | undefined;
  let start = 0;
  let end = times.length;
  if (sorted) {
    // Ascending time (the usual case): one contiguous slice, copied natively.
    start = firstIndexAtOrAfter(times, range.from);
    end = firstIndexAtOrAfter(times, range.to + 1);
  } else {
    keep = [];
    for (let i = 0; i < times.length; i++) {
      if (times[i] >= range.from && times[i] <= range.to) {
        keep.push(i);
      }
    }
  }
  const length = keep ? keep.length : end - start;
  const trimmed = length !== times.length;
  const fields = frame.fields.map((field) => {
    const values = !trimmed ? field.values : keep ? keep.map((i) => field.values[i]) : field.values.slice(start, end);
    const config =
      field.type === FieldType.number
        ? { ...field.config, displayNameFromDS: displayNameOf(field, frame, allFrames) }
        : field.config;
    return { ...field, values, config };
  });
  return { ...frame, fields, length };
}

/** `trimFrame` over all frames. */
export function trimOriginalFrames(frames: DataFrame[], range: PanelRange): DataFrame[] {
  return frames.map((frame) => trimFrame(frame, frames, range));
}

/**
 * Typed array → plain array for a DataFrame, NaN → null so panels draw gaps instead of breaking the scale.
 * Without NaN the array holds only doubles, which V8 stores unboxed (no per-point allocation, no GC).
 */
function toNullable(values: Float64Array, start: number, end: number): Array<number | null> {
  const out: Array<number | null> = new Array(end - start);
  let finite = true;
  for (let i = start; i < end; i++) {
    const v = values[i];
    if (v - v !== 0) {
      finite = false;
      break;
    }
    out[i - start] = v;
  }
  if (!finite) {
    for (let i = start; i < end; i++) {
      const v = values[i];
      out[i - start] = v - v === 0 ? v : null;
    }
  }
  return out;
}

/** Typed array → plain array of numbers (unboxed doubles). */
function toNumbers(values: Float64Array, start: number, end: number): number[] {
  const out: number[] = new Array(end - start);
  for (let i = start; i < end; i++) {
    out[i - start] = values[i];
  }
  return out;
}

const BAND_COLOR = 'rgba(138, 184, 255, 1)';
const ANOMALY_COLOR = 'red';

function bandFieldConfig(displayName: string, extra: FieldConfig['custom']): FieldConfig {
  return {
    displayNameFromDS: displayName,
    color: { mode: FieldColorModeId.Fixed, fixedColor: BAND_COLOR },
    custom: {
      lineWidth: 0,
      fillOpacity: 0,
      showPoints: 'never',
      hideFrom: { legend: true, tooltip: false, viz: false },
      ...extra,
    },
  };
}

/** Display names of the overlay fields of a series; exported so tests and dashboards agree on them. */
export function overlayFieldNames(seriesName: string) {
  return {
    expected: `${seriesName} expected`,
    lower: `${seriesName} lower`,
    upper: `${seriesName} upper`,
    score: `${seriesName} anomaly score`,
    anomalies: `${seriesName} anomalies`,
  };
}

/** The observed value at anomalous points (null elsewhere), drawn as red points on top of the series. */
function markerField(
  series: SeriesToScore,
  detection: SeriesDetection,
  start: number,
  length: number,
  displayName: string
): Field {
  const markers: Array<number | null> = new Array(length);
  // The detector may have dropped duplicate timestamps: walk both ascending arrays to find each observed value.
  let j = firstIndexAtOrAfter(series.timestamps, detection.timestamps[start] ?? Infinity);
  for (let i = 0; i < length; i++) {
    const t = detection.timestamps[start + i];
    while (j < series.timestamps.length && series.timestamps[j] < t) {
      j++;
    }
    const observed = series.timestamps[j] === t ? series.values[j] : NaN;
    markers[i] = detection.isAnomaly[start + i] && Number.isFinite(observed) ? observed : null;
  }
  return {
    name: 'anomalies',
    type: FieldType.number,
    labels: series.labels,
    config: {
      displayNameFromDS: displayName,
      color: { mode: FieldColorModeId.Fixed, fixedColor: ANOMALY_COLOR },
      custom: {
        drawStyle: 'points',
        pointSize: 9,
        showPoints: 'always',
        lineWidth: 0,
        spanNulls: false,
        hideFrom: { legend: true, tooltip: true, viz: false },
      },
    },
    values: markers,
  };
}

/**
 * One frame per scored series: expected line, lower/upper band (upper fills down to lower), anomaly markers
 * (the observed value at anomalous points, drawn as points) and the 0–1 score (tooltip only), restricted to the
 * panel range. Labels of the original field are kept on every field so multi-series queries stay distinguishable.
 */
export function buildOverlayFrame(
  series: SeriesToScore,
  detection: SeriesDetection,
  range: PanelRange,
  options: { band: boolean; score: boolean; markers: boolean; refId?: string }
): DataFrame {
  const names = overlayFieldNames(series.name);
  const start = firstIndexAtOrAfter(detection.timestamps, range.from);
  const end = Math.max(start, firstIndexAtOrAfter(detection.timestamps, range.to + 1));
  const length = end - start;
  const labels = series.labels;
  const fields: Field[] = [
    { name: 'Time', type: FieldType.time, config: {}, values: toNumbers(detection.timestamps, start, end) },
  ];
  if (options.band) {
    fields.push(
      {
        name: 'expected',
        type: FieldType.number,
        labels,
        config: {
          displayNameFromDS: names.expected,
          color: { mode: FieldColorModeId.Fixed, fixedColor: BAND_COLOR },
          custom: {
            lineWidth: 1,
            lineStyle: { fill: 'dash', dash: [6, 4] },
            showPoints: 'never',
            hideFrom: { legend: true, tooltip: false, viz: false },
          },
        },
        values: toNullable(detection.expected, start, end),
      },
      {
        name: 'lower',
        type: FieldType.number,
        labels,
        config: bandFieldConfig(names.lower, {}),
        values: toNullable(detection.lower, start, end),
      },
      {
        name: 'upper',
        type: FieldType.number,
        labels,
        config: bandFieldConfig(names.upper, { fillBelowTo: names.lower, fillOpacity: 18 }),
        values: toNullable(detection.upper, start, end),
      }
    );
  }
  if (options.markers) {
    fields.push(markerField(series, detection, start, length, names.anomalies));
  }
  if (options.score) {
    fields.push({
      name: 'anomaly score',
      type: FieldType.number,
      labels,
      config: {
        displayNameFromDS: names.score,
        unit: 'percentunit',
        min: 0,
        max: 1,
        decimals: 2,
        custom: { hideFrom: { legend: true, tooltip: false, viz: true }, axisPlacement: 'hidden' },
      },
      values: toNullable(detection.score, start, end),
    });
  }
  return {
    name: `${series.name} overlay`,
    refId: options.refId,
    fields,
    length,
    meta: detection.warnings.length
      ? { notices: detection.warnings.map((text) => ({ severity: 'info', text })) }
      : undefined,
  };
}

/** Same helper on the aligned-or-cleaned timestamp arrays: arrays are ascending. */
function firstIndexAtOrAfter(timestamps: Float64Array, t: number): number {
  let lo = 0;
  let hi = timestamps.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (timestamps[mid] < t) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return lo;
}

/** Annotation colours by severity (Grafana palette), shared by anomaly and incident annotations. */
export const SEVERITY_COLORS: Record<Severity, string> = {
  info: '#8ab8ff',
  low: '#73bf69',
  medium: '#fade2a',
  high: '#ff9830',
  critical: '#f2495c',
};

function formatNumber(value: number): string {
  if (!Number.isFinite(value)) {
    return 'n/a';
  }
  const abs = Math.abs(value);
  return abs !== 0 && (abs >= 1e6 || abs < 1e-3) ? value.toExponential(2) : String(Number(value.toPrecision(4)));
}

/** The human explanation of one anomaly: what was seen, what was expected, how far off, and who said so. */
export function describeAnomaly(seriesName: string, anomaly: Anomaly): string {
  const e = anomaly.explanation;
  const direction = e.deviationSigma >= 0 ? 'above' : 'below';
  return (
    `${seriesName}: ${e.type} — ${formatNumber(anomaly.peakValue)} is ${Math.abs(e.deviationSigma).toFixed(1)}σ ${direction} ` +
    `the expected ${formatNumber(e.expected)} (range ${formatNumber(e.lower)} to ${formatNumber(e.upper)}). ` +
    `Severity ${e.severity}, score ${anomaly.score.toFixed(2)}, detector ${e.detectors.join(' + ') || 'n/a'}.`
  );
}

export interface ScoredAnomaly {
  series: SeriesToScore;
  anomaly: Anomaly;
}

/** Anomalies that overlap the panel range, clipped to it. */
export function anomaliesInRange(series: SeriesToScore, anomalies: Anomaly[], range: PanelRange): ScoredAnomaly[] {
  return anomalies
    .filter((a) => a.end >= range.from && a.start <= range.to)
    .map((a) => ({ series, anomaly: { ...a, start: Math.max(a.start, range.from), end: Math.min(a.end, range.to) } }));
}

/**
 * One annotation REGION per anomalous interval (never one per point), routed to `panelData.annotations` by
 * `meta.dataTopic`. Text carries the explanation; tags carry type, severity, detector and the series labels.
 */
export function buildAnnotationFrame(anomalies: ScoredAnomaly[], refId?: string): DataFrame {
  const time: number[] = [];
  const timeEnd: number[] = [];
  const isRegion: boolean[] = [];
  const title: string[] = [];
  const text: string[] = [];
  const tags: string[][] = [];
  const color: string[] = [];
  const score: number[] = [];
  const severity: string[] = [];
  for (const { series, anomaly } of anomalies) {
    const e = anomaly.explanation;
    time.push(anomaly.start);
    timeEnd.push(anomaly.end);
    isRegion.push(true);
    title.push(`Anomaly: ${e.type} (${e.severity})`);
    text.push(describeAnomaly(series.name, anomaly));
    tags.push([
      'anomaly',
      e.type,
      `severity:${e.severity}`,
      ...e.detectors.map((d) => `detector:${d}`),
      ...Object.entries(series.labels).map(([k, v]) => `${k}=${v}`),
    ]);
    color.push(SEVERITY_COLORS[e.severity] ?? SEVERITY_COLORS.medium);
    score.push(anomaly.score);
    severity.push(e.severity);
  }
  return annotationFrame('anomalies', refId, { time, timeEnd, isRegion, title, text, tags, color }, [
    { name: 'score', type: FieldType.number, config: { min: 0, max: 1 }, values: score },
    { name: 'severity', type: FieldType.string, config: {}, values: severity },
  ]);
}

/** The columns Grafana reads from an annotations frame (runRequest splits it out by `meta.dataTopic`). */
export interface AnnotationColumns {
  time: number[];
  timeEnd: number[];
  isRegion: boolean[];
  title: string[];
  text: string[];
  tags: string[][];
  color: string[];
}

/** An annotations frame from its columns, plus any extra fields (score, id…) kept for tables and tests. */
export function annotationFrame(
  name: string,
  refId: string | undefined,
  columns: AnnotationColumns,
  extra: Field[] = []
): DataFrame {
  return {
    name,
    refId,
    meta: { dataTopic: DataTopic.Annotations },
    length: columns.time.length,
    fields: [
      { name: 'time', type: FieldType.time, config: {}, values: columns.time },
      { name: 'timeEnd', type: FieldType.time, config: {}, values: columns.timeEnd },
      { name: 'isRegion', type: FieldType.boolean, config: {}, values: columns.isRegion },
      { name: 'title', type: FieldType.string, config: {}, values: columns.title },
      { name: 'text', type: FieldType.string, config: {}, values: columns.text },
      { name: 'tags', type: FieldType.other, config: {}, values: columns.tags },
      { name: 'color', type: FieldType.string, config: {}, values: columns.color },
      ...extra,
    ],
  };
}

/** The same anomalies as a plain table (no data topic), newest first, for a "current anomalies" table panel. */
export function buildAnomalyTableFrame(anomalies: ScoredAnomaly[], refId?: string): DataFrame {
  const rows = [...anomalies].sort((a, b) => b.anomaly.start - a.anomaly.start);
  const column = <T>(pick: (r: ScoredAnomaly) => T) => rows.map(pick);
  return {
    name: 'current anomalies',
    refId,
    length: rows.length,
    fields: [
      { name: 'Start', type: FieldType.time, config: {}, values: column((r) => r.anomaly.start) },
      { name: 'End', type: FieldType.time, config: {}, values: column((r) => r.anomaly.end) },
      { name: 'Series', type: FieldType.string, config: {}, values: column((r) => r.series.name) },
      { name: 'Severity', type: FieldType.string, config: {}, values: column((r) => r.anomaly.explanation.severity) },
      { name: 'Type', type: FieldType.string, config: {}, values: column((r) => r.anomaly.explanation.type) },
      { name: 'Peak value', type: FieldType.number, config: {}, values: column((r) => r.anomaly.peakValue) },
      { name: 'Expected', type: FieldType.number, config: {}, values: column((r) => r.anomaly.explanation.expected) },
      {
        name: 'Deviation σ',
        type: FieldType.number,
        config: { decimals: 1 },
        values: column((r) => r.anomaly.explanation.deviationSigma),
      },
      {
        name: 'Score',
        type: FieldType.number,
        config: { min: 0, max: 1, decimals: 2 },
        values: column((r) => r.anomaly.score),
      },
      {
        name: 'Detectors',
        type: FieldType.string,
        config: {},
        values: column((r) => r.anomaly.explanation.detectors.join(', ')),
      },
    ],
  };
}
