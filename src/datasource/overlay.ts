import { DataFrame, DataTopic, FieldType, QueryResultMetaNotice } from '@grafana/data';
import {
  anomaliesInRange,
  buildAnnotationFrame,
  buildAnomalyTableFrame,
  buildOverlayFrame,
  frameToSeries,
  PanelRange,
  readTimes,
  ScoredAnomaly,
  SeriesOutcome,
  SeriesToScore,
  trimFrame,
} from './frames';
import type { Float64Pool } from '../engine/stats/float64Pool';
import { createYielder } from './yielder';
import type { OnSeriesResult } from './detection/runner';
import type { OverlayOutputs } from './types';

/** Scores the series (in workers, inline or in the backend) and reports each result as soon as it is known. */
export type DetectFn = (
  series: SeriesToScore[],
  signal: AbortSignal,
  onResult: OnSeriesResult
) => Promise<SeriesOutcome[]>;

export interface OverlayContext {
  refId: string;
  /** The panel's range: output is trimmed to it even when the inner query covered a longer training range. */
  range: PanelRange;
  outputs: OverlayOutputs;
  detect: DetectFn;
  signal: AbortSignal;
  /**
   * Hand each frame's series to `detect` as soon as they are extracted, so workers score while the main thread
   * reads the next frames (in-browser detection). Off, all series go in one call (backend requests are batched).
   */
  pipeline?: boolean;
  /**
   * Where the typed arrays handed to detection come from and go back to once the frames are built: allocating
   * them is slow in browsers (≈ 0.1 ms per 10,000-point array), so a datasource keeps one pool across queries.
   */
  pool?: Float64Pool;
}

export interface OverlayResult {
  frames: DataFrame[];
  /** Series that could not be scored and other things the user should know, one sentence each. */
  notices: string[];
  seriesScored: number;
  anomalies: number;
}

function hasTime(frame: DataFrame): boolean {
  return frame.fields.some((f) => f.type === FieldType.time) && frame.meta?.dataTopic !== DataTopic.Annotations;
}

/**
 * End to end from the wrapped datasource's frames to the overlay's frames: original series (trimmed to the panel),
 * one band/score/marker frame per numeric series, anomaly annotation regions and, if asked, the anomaly table.
 * Overlay frames are built as each series' result arrives, so the main thread works in short slices.
 */
export async function overlayFrames(innerFrames: DataFrame[], ctx: OverlayContext): Promise<OverlayResult> {
  const maybeYield = createYielder();
  const series: SeriesToScore[] = [];
  const passThrough: DataFrame[] = [];
  let droppedRows = 0;
  const overlay: Array<DataFrame | undefined> = [];
  const anomalies: ScoredAnomaly[] = [];
  /** Why a series could not be scored, by series index (results arrive in any order). */
  const notScored: string[] = [];
  let seriesScored = 0;

  const onResult = (index: number, outcome: SeriesOutcome) => {
    const s = series[index];
    if (!outcome.ok) {
      notScored[index] = `${s.name}: not scored — ${outcome.message}`;
      return;
    }
    seriesScored++;
    anomalies.push(...anomaliesInRange(s, outcome.anomalies, ctx.range));
    if (!ctx.outputs.band && !ctx.outputs.score && !ctx.outputs.markers) {
      return;
    }
    overlay[index] = buildOverlayFrame(s, outcome, ctx.range, {
      band: ctx.outputs.band,
      score: ctx.outputs.score,
      markers: ctx.outputs.markers !== false,
      refId: ctx.refId,
    });
  };
  // Series extracted but not yet handed to `detect`, from `sent` on; every call reports with its own indexes.
  const detections: Array<Promise<unknown>> = [];
  let sent = 0;
  const sendExtracted = () => {
    if (sent === series.length) {
      return;
    }
    const from = sent;
    sent = series.length;
    const detection = ctx.detect(series.slice(from), ctx.signal, (index, outcome) => onResult(from + index, outcome));
    // Awaited together below; until then a cancelled call must not count as an unhandled rejection.
    detection.catch(() => undefined);
    detections.push(detection);
  };

  // Frame by frame, yielding between slices: 100 series × 10,000 points never become one long task.
  for (let frameIndex = 0; frameIndex < innerFrames.length; frameIndex++) {
    const frame = innerFrames[frameIndex];
    // Times are read once per frame, for both the series to score and the trimmed original.
    const timeField = hasTime(frame) ? frame.fields.find((f) => f.type === FieldType.time) : undefined;
    const times = timeField ? readTimes(timeField.values, ctx.pool) : undefined;
    const extracted = frameToSeries(frame, frameIndex, innerFrames, ctx.range, times, ctx.pool);
    series.push(...extracted.series);
    droppedRows += extracted.droppedRows;
    if (ctx.outputs.original) {
      passThrough.push(trimFrame(frame, innerFrames, ctx.range, times));
    } else if (!hasTime(frame)) {
      passThrough.push(frame);
    }
    if (times) {
      ctx.pool?.give(times);
    }
    if (ctx.pipeline) {
      sendExtracted();
    }
    await maybeYield();
  }
  sendExtracted();
  await Promise.all(detections);
  // Every result is built: the series' arrays (back from the workers) are free for the next query.
  for (const s of series) {
    ctx.pool?.give(s.timestamps, s.values);
  }
  // Results arrive in whatever order the workers finish: series order, then time, keeps the output deterministic.
  const notices = notScored.filter((text) => text !== undefined);
  if (droppedRows > 0) {
    notices.unshift(`${droppedRows} rows had no readable timestamp and were left out of detection.`);
  }
  const seriesOrder = new Map(series.map((s, i) => [s, i]));
  anomalies.sort(
    (a, b) => seriesOrder.get(a.series)! - seriesOrder.get(b.series)! || a.anomaly.start - b.anomaly.start
  );

  const frames: DataFrame[] = [...passThrough, ...overlay.filter((f): f is DataFrame => f !== undefined)];
  if (ctx.outputs.annotations) {
    frames.push(buildAnnotationFrame(anomalies, ctx.refId));
  }
  if (ctx.outputs.anomalyTable) {
    frames.push(buildAnomalyTableFrame(anomalies, ctx.refId));
  }
  if (notices.length > 0 && frames.length > 0) {
    const first = frames[0];
    const extra: QueryResultMetaNotice[] = notices.map((text) => ({ severity: 'info', text }));
    frames[0] = { ...first, meta: { ...first.meta, notices: [...(first.meta?.notices ?? []), ...extra] } };
  }
  return { frames, notices, seriesScored, anomalies: anomalies.length };
}
