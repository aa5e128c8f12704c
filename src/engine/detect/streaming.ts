/**
 * The causal (streaming) detector contract: `update(t, v)` scores point t using only points ≤ t, then learns
 * from it. Batch scoring (`detectSeries`) and the NAB runner both drive detectors through this interface.
 */
export interface PointScore {
  /** Expected value (band centre); NaN while warming up. */
  expected: number;
  lower: number;
  upper: number;
  /** Signed deviation from `expected` in the detector's scale units (σ). */
  deviation: number;
  /** Detector-specific raw anomaly score (≥ 0, larger = more anomalous). */
  raw: number;
  /** Calibrated anomaly probability 0–1 against the detector's own score history; 0 while warming up. */
  probability: number;
}

export interface StreamingDetector {
  readonly name: string;
  /** `v` may be NaN (missing): the detector returns its expectation, probability 0, and does not learn. */
  update(t: number, v: number): PointScore;
}

export const WARMING_UP: Readonly<PointScore> = {
  expected: NaN,
  lower: NaN,
  upper: NaN,
  deviation: 0,
  raw: 0,
  probability: 0,
};
