import type { DetectorKind } from '../../engine/detect/types';
import type { SeriesOutcome } from '../frames';

/** The detector options that travel to the worker (and to the backend); everything else stays on the main thread. */
export interface DetectionOptions {
  kind: DetectorKind;
  sensitivity: number;
  seasonality: 'auto' | 'none' | number;
  seed: number;
}

/** One series to score. The two arrays are transferred (not copied) and come back with the result. */
export interface DetectRequestMessage {
  type: 'detect';
  jobId: number;
  index: number;
  /** Series identity (query, name, labels); the worker adds the options, and a data fingerprint for exact reuse. */
  cacheKey: string;
  timestamps: Float64Array;
  values: Float64Array;
  trainingPoints: number;
  options: DetectionOptions;
}

export interface CancelMessage {
  type: 'cancel';
  jobId: number;
}

export type ToWorkerMessage = DetectRequestMessage | CancelMessage;

export interface DetectResultMessage {
  type: 'result';
  jobId: number;
  index: number;
  outcome: SeriesOutcome;
  /** The input arrays, handed back so the main thread never has to copy them. */
  timestamps: Float64Array;
  values: Float64Array;
  fromCache: boolean;
  /** Worker-side time for this series, cache hits included (they still build the outcome). */
  elapsedMs: number;
  /** Points whose scores came from the series' resumed model instead of being computed again. */
  reusedPoints: number;
}

export interface DetectErrorMessage {
  type: 'error';
  jobId: number;
  index: number;
  message: string;
  timestamps: Float64Array;
  values: Float64Array;
}

export type FromWorkerMessage = DetectResultMessage | DetectErrorMessage;

/** Every distinct ArrayBuffer of the arrays, for the `transfer` list of postMessage (a buffer listed twice throws). */
export function transferList(outcome: SeriesOutcome, ...inputs: Float64Array[]): ArrayBuffer[] {
  const arrays: ArrayBufferView[] = [...inputs];
  if (outcome.ok) {
    arrays.push(outcome.timestamps, outcome.expected, outcome.lower, outcome.upper, outcome.score, outcome.isAnomaly);
  }
  return [...new Set(arrays.map((a) => a.buffer as ArrayBuffer))];
}
