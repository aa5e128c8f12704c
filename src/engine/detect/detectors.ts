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
}

export const STREAMABLE_KINDS: DetectorKind[] = ['auto', 'robust', 'seasonal', 'isolation-forest', 'ensemble'];

export type ExplainingDetector = StreamingDetector & { firedBy?: () => string[] };

export function createDetector(kind: DetectorKind, config: DetectorConfig): ExplainingDetector {
  const { threshold, seed, period, detectPeriodOnline } = config;
  switch (kind) {
    case 'seasonal':
      return new SeasonalDetector({ threshold, period, detectPeriodOnline });
    case 'isolation-forest':
      return new IsolationForestDetector({ threshold, seed });
    case 'ensemble':
      return new EnsembleDetector(
        [
          new SeasonalDetector({ threshold, period, detectPeriodOnline }),
          new RobustDetector({ threshold }),
          new IsolationForestDetector({ threshold, seed }),
        ],
        { threshold }
      );
    case 'novelty' as DetectorKind:
      return new NoveltyDetector({ threshold });
    case 'auto':
    case 'robust':
    default:
      return new RobustDetector({ threshold });
  }
}
