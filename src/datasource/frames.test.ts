import { createDataFrame, DataTopic, FieldType, getFieldDisplayName } from '@grafana/data';
import type { Anomaly } from '../engine/detect/types';
import {
  anomaliesInRange,
  buildAnnotationFrame,
  buildAnomalyTableFrame,
  buildOverlayFrame,
  framesToSeries,
  overlayFieldNames,
  SeriesDetection,
  trimOriginalFrames,
} from './frames';

const T0 = Date.UTC(2026, 10, 22, 0, 0, 0);
const MIN = 60_000;
const times = (n: number, start = T0) => Array.from({ length: n }, (_, i) => start + i * MIN);

function anomaly(start: number, end: number, overrides: Partial<Anomaly['explanation']> = {}): Anomaly {
  return {
    start,
    end,
    peakTime: start,
    peakValue: 50,
    score: 0.93,
    explanation: {
      expected: 10,
      lower: 8,
      upper: 12,
      deviationSigma: 7.5,
      severity: 'critical',
      type: 'spike',
      detectors: ['robust'],
      ...overrides,
    },
  };
}

/** A detection aligned with the series: expected = 10, band 8..12, anomalies at the given indices. */
function detectionFor(timestamps: Float64Array, anomalous: number[], anomalies: Anomaly[] = []): SeriesDetection {
  const n = timestamps.length;
  const isAnomaly = new Uint8Array(n);
  anomalous.forEach((i) => (isAnomaly[i] = 1));
  return {
    ok: true,
    timestamps: timestamps.slice(),
    expected: new Float64Array(n).fill(10),
    lower: new Float64Array(n).fill(8),
    upper: new Float64Array(n).fill(12),
    score: Float64Array.from(isAnomaly, (a) => (a ? 0.95 : 0.1)),
    isAnomaly,
    anomalies,
    detector: 'robust',
    warnings: [],
  };
}

describe('framesToSeries', () => {
  it('turns every numeric field into a series, keeps labels, maps nulls to NaN and skips string fields', () => {
    const frame = createDataFrame({
      refId: 'A',
      fields: [
        { name: 'time', type: FieldType.time, values: times(4) },
        { name: 'value', type: FieldType.number, values: [1, null, 3, 4], labels: { job: 'api' } },
        { name: 'host', type: FieldType.string, values: ['a', 'b', 'c', 'd'] },
        { name: 'value', type: FieldType.number, values: [5, 6, undefined, NaN], labels: { job: 'db' } },
      ],
    });
    const { series, droppedRows } = framesToSeries([frame], { from: T0, to: T0 + 10 * MIN });
    expect(droppedRows).toBe(0);
    expect(series).toHaveLength(2);
    expect(series[0].labels).toEqual({ job: 'api' });
    expect(series[1].labels).toEqual({ job: 'db' });
    expect(Array.from(series[0].values)).toEqual([1, NaN, 3, 4]);
    expect(Array.from(series[1].values)).toEqual([5, 6, NaN, NaN]);
    expect(series[0].key).not.toEqual(series[1].key);
    expect(series[0].name).toBe(getFieldDisplayName(frame.fields[1], frame, [frame]));
  });

  it('counts rows before the panel range as training points and sorts out-of-order rows', () => {
    const frame = createDataFrame({
      fields: [
        { name: 'time', type: FieldType.time, values: [T0 + 3 * MIN, T0, T0 + MIN, T0 + 2 * MIN] },
        { name: 'v', type: FieldType.number, values: [4, 1, 2, 3] },
      ],
    });
    const [s] = framesToSeries([frame], { from: T0 + 2 * MIN, to: T0 + 3 * MIN }).series;
    expect(Array.from(s.timestamps)).toEqual([T0, T0 + MIN, T0 + 2 * MIN, T0 + 3 * MIN]);
    expect(Array.from(s.values)).toEqual([1, 2, 3, 4]);
    expect(s.trainingPoints).toBe(2);
  });

  it('reads ISO string times, drops unreadable ones and ignores frames without time or annotation frames', () => {
    const frame = createDataFrame({
      fields: [
        { name: 'time', type: FieldType.time, values: [new Date(T0).toISOString(), 'not a time', T0 + 2 * MIN] },
        { name: 'v', type: FieldType.number, values: [1, 2, 3] },
      ],
    });
    const table = createDataFrame({ fields: [{ name: 'v', type: FieldType.number, values: [1] }] });
    const annotations = createDataFrame({
      meta: { dataTopic: DataTopic.Annotations },
      fields: [
        { name: 'time', type: FieldType.time, values: [T0] },
        { name: 'n', type: FieldType.number, values: [1] },
      ],
    });
    const { series, droppedRows } = framesToSeries([frame, table, annotations], { from: T0, to: T0 + 9 * MIN });
    expect(droppedRows).toBe(1);
    expect(series).toHaveLength(1);
    expect(Array.from(series[0].timestamps)).toEqual([T0, T0 + 2 * MIN]);
  });

  it('returns nothing for empty results', () => {
    expect(framesToSeries([], { from: 0, to: 1 }).series).toEqual([]);
    const empty = createDataFrame({
      fields: [
        { name: 'time', type: FieldType.time, values: [] },
        { name: 'v', type: FieldType.number, values: [] },
      ],
    });
    const [s] = framesToSeries([empty], { from: 0, to: 1 }).series;
    expect(s.timestamps.length).toBe(0);
  });
});

describe('trimOriginalFrames', () => {
  it('keeps only panel-range rows in every field (non-numeric too) and pins the numeric display name', () => {
    const frame = createDataFrame({
      fields: [
        { name: 'time', type: FieldType.time, values: times(6) },
        { name: 'value', type: FieldType.number, values: [0, 1, 2, 3, 4, 5], labels: { pod: 'p1' } },
        { name: 'note', type: FieldType.string, values: ['a', 'b', 'c', 'd', 'e', 'f'] },
      ],
    });
    const [trimmed] = trimOriginalFrames([frame], { from: T0 + 3 * MIN, to: T0 + 10 * MIN });
    expect(trimmed.length).toBe(3);
    expect(trimmed.fields[1].values).toEqual([3, 4, 5]);
    expect(trimmed.fields[2].values).toEqual(['d', 'e', 'f']);
    expect(trimmed.fields[1].labels).toEqual({ pod: 'p1' });
    expect(trimmed.fields[1].config.displayNameFromDS).toBe(getFieldDisplayName(frame.fields[1], frame, [frame]));
  });
});

describe('buildOverlayFrame', () => {
  const frame = createDataFrame({
    refId: 'A',
    fields: [
      { name: 'time', type: FieldType.time, values: times(8) },
      { name: 'value', type: FieldType.number, values: [10, 11, 9, 10, null, 50, 10, 11], labels: { job: 'api' } },
    ],
  });
  const range = { from: T0 + 2 * MIN, to: T0 + 7 * MIN };
  const [series] = framesToSeries([frame], range).series;
  const detection = detectionFor(series.timestamps, [5]);
  detection.expected[4] = NaN;
  const out = buildOverlayFrame(series, detection, range, { band: true, score: true, markers: true, refId: 'A' });
  const field = (name: string) => out.fields.find((f) => f.name === name)!;
  const names = overlayFieldNames(series.name);

  it('has lower/upper with fillBelowTo pointing at the lower field display name', () => {
    expect(field('upper').config.custom.fillBelowTo).toBe(names.lower);
    expect(field('lower').config.displayNameFromDS).toBe(names.lower);
    expect(field('upper').config.displayNameFromDS).toBe(names.upper);
    expect(getFieldDisplayName(field('lower'), out, [out])).toBe(names.lower);
    expect(field('upper').config.custom.hideFrom.legend).toBe(true);
    expect(field('expected').values).toEqual([10, 10, null, 10, 10, 10]);
  });

  it('is trimmed to the panel range and keeps labels on every field', () => {
    expect(out.length).toBe(6);
    expect(field('Time').values[0]).toBe(range.from);
    for (const f of out.fields.slice(1)) {
      expect(f.labels).toEqual({ job: 'api' });
      expect(f.values).toHaveLength(6);
    }
  });

  it('draws markers at the observed value of anomalous points only, and hides the score from the legend', () => {
    expect(field('anomalies').values).toEqual([null, null, null, 50, null, null]);
    expect(field('anomalies').config.custom.drawStyle).toBe('points');
    expect(field('anomaly score').config).toMatchObject({ min: 0, max: 1, custom: { hideFrom: { legend: true } } });
    expect(field('anomaly score').values[3]).toBe(0.95);
  });

  it('omits band and score when not asked for', () => {
    const bare = buildOverlayFrame(series, detection, range, { band: false, score: false, markers: true });
    expect(bare.fields.map((f) => f.name)).toEqual(['Time', 'anomalies']);
  });

  it('finds observed values when the detector de-duplicated timestamps', () => {
    const dupFrame = createDataFrame({
      fields: [
        { name: 'time', type: FieldType.time, values: [T0, T0 + MIN, T0 + MIN, T0 + 2 * MIN] },
        { name: 'v', type: FieldType.number, values: [1, 2, 2, 40] },
      ],
    });
    const [s] = framesToSeries([dupFrame], { from: T0, to: T0 + 2 * MIN }).series;
    const cleaned = detectionFor(Float64Array.from([T0, T0 + MIN, T0 + 2 * MIN]), [2]);
    const o = buildOverlayFrame(
      s,
      cleaned,
      { from: T0, to: T0 + 2 * MIN },
      { band: false, score: false, markers: true }
    );
    expect(o.fields[1].values).toEqual([null, null, 40]);
  });
});

describe('annotation and table frames', () => {
  const frame = createDataFrame({
    fields: [
      { name: 'time', type: FieldType.time, values: times(10) },
      { name: 'value', type: FieldType.number, values: [1, 1, 1, 9, 9, 9, 1, 1, 1, 1], labels: { job: 'api' } },
    ],
  });
  const range = { from: T0 + 2 * MIN, to: T0 + 9 * MIN };
  const [series] = framesToSeries([frame], range).series;

  it('emits one region per anomalous interval with the explanation as text and tags, clipped to the panel', () => {
    const scored = anomaliesInRange(
      series,
      [
        anomaly(T0, T0 + MIN),
        anomaly(T0 + MIN, T0 + 5 * MIN, { type: 'level-shift', severity: 'high' }),
        anomaly(T0 + 8 * MIN, T0 + 8 * MIN),
      ],
      range
    );
    expect(scored).toHaveLength(2);
    const out = buildAnnotationFrame(scored, 'A');
    expect(out.meta?.dataTopic).toBe(DataTopic.Annotations);
    expect(out.length).toBe(2);
    const col = (name: string) => out.fields.find((f) => f.name === name)!.values;
    expect(col('time')).toEqual([T0 + 2 * MIN, T0 + 8 * MIN]);
    expect(col('timeEnd')).toEqual([T0 + 5 * MIN, T0 + 8 * MIN]);
    expect(col('isRegion')).toEqual([true, true]);
    expect(col('text')[0]).toContain('level-shift');
    expect(col('text')[0]).toContain('7.5σ above the expected 10 (range 8 to 12)');
    expect(col('text')[0]).toContain('Severity high');
    expect(col('tags')[0]).toEqual(
      expect.arrayContaining(['anomaly', 'level-shift', 'severity:high', 'detector:robust', 'job=api'])
    );
  });

  it('builds an empty annotation frame and table when there are no anomalies', () => {
    expect(buildAnnotationFrame([]).length).toBe(0);
    expect(buildAnomalyTableFrame([]).length).toBe(0);
  });

  it('lists anomalies newest first in the table frame, without a data topic', () => {
    const scored = anomaliesInRange(
      series,
      [anomaly(T0 + 3 * MIN, T0 + 3 * MIN), anomaly(T0 + 6 * MIN, T0 + 7 * MIN)],
      range
    );
    const table = buildAnomalyTableFrame(scored, 'A');
    expect(table.meta?.dataTopic).toBeUndefined();
    expect(table.fields[0].values).toEqual([T0 + 6 * MIN, T0 + 3 * MIN]);
    expect(table.fields.find((f) => f.name === 'Series')!.values[0]).toBe(series.name);
  });
});
