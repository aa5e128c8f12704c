import type { Severity } from '../engine/severity';
import { DataSourceJsonData } from '@grafana/data';
import type { DataQuery, DataSourceRef } from '@grafana/schema';
import type { DetectorKind } from '../engine/detect/types';

/** How much history the detector fits on, relative to the panel's time range. */
export type TrainingRangeMode = 'same' | '4x' | '10x' | 'fixed';

export interface DetectorSettings {
  kind: DetectorKind;
  /** 0 (only the most extreme points) … 1 (flag more); the engine maps it to a calibrated threshold. */
  sensitivity: number;
  trainingRange: TrainingRangeMode;
  /** Look-back for `trainingRange: 'fixed'`, as a Grafana duration such as `7d` or `12h`. */
  trainingFixed?: string;
  /** `auto` detects the period; `none` disables seasonality; a number is the period in samples. */
  seasonality: 'auto' | 'none' | number;
}

/** Which frames the overlay emits next to (or instead of) the original series. */
export interface OverlayOutputs {
  /** The wrapped query's own series. */
  original: boolean;
  /** `expected`, `lower`, `upper` fields with `fillBelowTo` so the time series panel draws a band. */
  band: boolean;
  /** Calibrated 0–1 anomaly score per point, hidden from the legend. */
  score: boolean;
  /** The observed value at anomalous points, drawn as red points on the series. */
  markers?: boolean;
  /** One annotation region per anomalous interval (`meta.dataTopic = 'annotations'`). */
  annotations: boolean;
  /** The anomalies as a plain table frame, for table panels ("current anomalies"). */
  anomalyTable?: boolean;
}

/** A query of the overlay datasource: the wrapped datasource, its own query, and what to add to the result. */
export interface OverlayQuery extends DataQuery {
  /** The datasource whose results are overlaid. */
  source?: DataSourceRef;
  /** The wrapped datasource's own query, passed through unchanged (template variables are interpolated by it). */
  inner?: DataQuery;
  detector?: Partial<DetectorSettings>;
  outputs?: Partial<OverlayOutputs>;
  /** `overlay` (default): anomalies of the wrapped query. `incidents`: the Foresight backend's incidents. */
  queryType?: OverlayQueryType;
  incidents?: IncidentQuerySettings;
}

export type OverlayQueryType = 'overlay' | 'incidents';

/** Which incidents an `incidents` query returns (as annotation regions). */
export interface IncidentQuerySettings {
  /** Only incidents affecting this service (template variables allowed). */
  service?: string;
  /** Only incidents at or above this severity. */
  minSeverity?: Severity;
}

export interface OverlayOptions extends DataSourceJsonData {}

export const DEFAULT_DETECTOR: DetectorSettings = {
  kind: 'auto',
  sensitivity: 0.5,
  trainingRange: '4x',
  trainingFixed: '7d',
  seasonality: 'auto',
};

export const DEFAULT_OUTPUTS: OverlayOutputs = {
  original: true,
  band: true,
  score: true,
  markers: true,
  annotations: true,
  anomalyTable: false,
};

/**
 * The detector choices offered in the editor, each with the one line a user needs to choose.
 * (`backend-lstm` exists in the engine's types but no backend model serves it yet, so it is not offered.)
 */
export const DETECTOR_CHOICES: ReadonlyArray<{ kind: DetectorKind; label: string; description: string }> = [
  { kind: 'auto', label: 'Auto', description: 'Picks seasonal when a daily/hourly cycle is found, robust otherwise.' },
  {
    kind: 'robust',
    label: 'Robust',
    description: 'Rolling median and MAD: fast, ignores outliers in its own baseline; best for flat-ish metrics.',
  },
  {
    kind: 'seasonal',
    label: 'Seasonal',
    description: 'Compares each point with the same time one period earlier; best for daily or weekly traffic.',
  },
  {
    kind: 'isolation-forest',
    label: 'Isolation forest',
    description: 'Learns what unusual combinations of level, change and volatility look like; catches odd shapes.',
  },
  {
    kind: 'ensemble',
    label: 'Ensemble',
    description: 'Robust, seasonal and isolation forest calibrated and combined; fewest false alarms, slowest.',
  },
  {
    kind: 'backend-forecast',
    label: 'Backend seasonal forecast',
    description:
      'Seasonal band computed by the Foresight backend, for ranges too long for the browser; needs the backend set up.',
  },
];

export const TRAINING_RANGE_CHOICES: ReadonlyArray<{ value: TrainingRangeMode; label: string; description: string }> = [
  { value: 'same', label: 'Same as panel', description: 'Fit on the visible range only: fastest.' },
  { value: '4x', label: '4×', description: 'Fit on four times the visible range (ending now).' },
  { value: '10x', label: '10×', description: 'Fit on ten times the visible range: most stable bands.' },
  { value: 'fixed', label: 'Fixed', description: 'Fit on a fixed look-back such as 7d.' },
];

export function isBackendDetector(kind: DetectorKind): boolean {
  return kind.startsWith('backend-');
}

/** Fills defaults so the rest of the code never sees a partial query. */
export function resolveQuery(query: OverlayQuery): { detector: DetectorSettings; outputs: OverlayOutputs } {
  return {
    detector: { ...DEFAULT_DETECTOR, ...query.detector },
    outputs: { ...DEFAULT_OUTPUTS, ...query.outputs },
  };
}
