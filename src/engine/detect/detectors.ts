/** Factory: detector kind + shared configuration → a causal StreamingDetector. */
import { EnsembleDetector } from './ensemble';
import { IsolationForestDetector } from './iforestDetector';
import { NoveltyDetector } from './novelty';
import { RobustDetector } from './robust';
import { SeasonalDetector } from './seasonal';
import { StreamingDetector } from './streaming';
import { DetectorKind } from './types';

export interface DetectorConfig {
  /** Calibrated probability threshold (from sensitivity). */
  threshold: number;
  seed: number;
  /** Seasonal period in samples, if known. */
  period?: number;
  /** Let seasonal detectors find the period themselves once they have seen enough points. */
  detectPeriodOnline: boolean;
  /** Batch mode: cheaper refresh/calibration strides (same statistics, computed less often). */
  batch?: boolean;
}

export const STREAMABLE_KINDS: DetectorKind[] = [
  'auto',
  'robust',
  'seasonal',
  'isolation-forest',
  'novelty',
  'ensemble',
];

/** Robust detector settings in batch mode (detectSeries): median/MAD refreshed every 64 points, calibrator stride 8. */
export const BATCH_ROBUST = { refreshEvery: 64, calibratorStride: 8 } as const;

/** Kinds whose batch scoring is the robust detector (and so may take the typed-array fast path). */
export function isBatchRobust(kind: DetectorKind): boolean {
  return kind === 'robust' || kind === 'auto';
}

export type ExplainingDetector = StreamingDetector & { firedBy?: () => string[] };

export function createDetector(kind: DetectorKind, config: DetectorConfig): ExplainingDetector {
  const { threshold, seed, period, detectPeriodOnline } = config;
  switch (kind) {
    case 'seasonal':
      return new SeasonalDetector({ threshold, period, detectPeriodOnline });
    case 'isolation-forest':
      return new IsolationForestDetector({ threshold, seed });
    case 'ensemble':
      // Membership chosen on NAB (bench/README.md): adding IsolationForest lowered the score, two novelty scales raised it.
      return new EnsembleDetector(
        [
          new SeasonalDetector({ threshold, period, detectPeriodOnline }),
          new RobustDetector({ threshold }),
          new NoveltyDetector({ threshold, binSize: 4 }),
          new NoveltyDetector({ threshold, binSize: 8 }),
        ],
        { threshold }
      );
    case 'novelty':
      return new NoveltyDetector({ threshold });
    case 'auto':
    case 'robust':
    default:
      return new RobustDetector(config.batch ? { threshold, ...BATCH_ROBUST } : { threshold });
  }
}
