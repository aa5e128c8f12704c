import { Severity } from '../severity';

/** Detector families the product offers; `backend-*` kinds run in the Node service. */
export type DetectorKind =
  'auto' | 'robust' | 'seasonal' | 'isolation-forest' | 'novelty' | 'ensemble' | 'backend-lstm' | 'backend-forecast';

export type AnomalyType = 'spike' | 'dip' | 'level-shift' | 'trend-change' | 'variance-change';

/** Why a flagged point is anomalous, in terms a human checks against the graph. */
export interface AnomalyExplanation {
  /** Expected value at that time (the band's centre), in the series' unit. */
  expected: number;
  lower: number;
  upper: number;
  /** Signed deviation from the expected value in robust standard deviations. */
  deviationSigma: number;
  severity: Severity;
  type: AnomalyType;
  /** Detectors whose calibrated probability crossed the threshold. */
  detectors: string[];
}

/** A flagged interval: consecutive anomalous points merged into one region. */
export interface Anomaly {
  seriesKey?: string;
  /** First and last anomalous timestamp (ms epoch), inclusive. */
  start: number;
  end: number;
  /** Timestamp and value of the most anomalous point in the interval. */
  peakTime: number;
  peakValue: number;
  /** Calibrated anomaly probability of the peak point, 0–1. */
  score: number;
  explanation: AnomalyExplanation;
}

/** Typed reason returned instead of throwing when a series cannot be scored. */
export interface CannotScore {
  ok: false;
  reason: 'too-short' | 'no-numeric-values' | 'constant' | 'invalid-options';
  message: string;
}
