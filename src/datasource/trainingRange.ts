import { rangeUtil } from '@grafana/data';
import type { DetectorSettings } from './types';
import type { PanelRange } from './frames';

export interface TrainingWindow extends PanelRange {
  /** How much longer than the panel range the window is (1 = same); the inner maxDataPoints scales with it. */
  factor: number;
}

/**
 * The range the wrapped query runs over: it always ends where the panel ends and starts `factor` panel-lengths
 * earlier (scenes-ml's 1×/4×/10× look-back), or a fixed look-back when that is longer than the panel.
 */
export function trainingWindow(
  panel: PanelRange,
  detector: Pick<DetectorSettings, 'trainingRange' | 'trainingFixed'>
): TrainingWindow {
  const span = panel.to - panel.from;
  if (!(span > 0)) {
    throw new Error(`Panel time range is empty: from ${panel.from} to ${panel.to}`);
  }
  switch (detector.trainingRange) {
    case 'same':
      return { ...panel, factor: 1 };
    case '4x':
      return { from: panel.to - 4 * span, to: panel.to, factor: 4 };
    case '10x':
      return { from: panel.to - 10 * span, to: panel.to, factor: 10 };
    case 'fixed': {
      const text = (detector.trainingFixed ?? '').trim();
      let lookbackMs: number;
      try {
        lookbackMs = rangeUtil.intervalToMs(text);
      } catch {
        throw new Error(`Training range "fixed" needs a duration such as 7d or 12h, got "${text}"`);
      }
      if (!(lookbackMs > 0)) {
        throw new Error(`Training range "fixed" needs a duration such as 7d or 12h, got "${text}"`);
      }
      const lookback = Math.max(lookbackMs, span);
      return { from: panel.to - lookback, to: panel.to, factor: lookback / span };
    }
    default:
      throw new Error(`Unknown training range "${String(detector.trainingRange)}": use same, 4x, 10x or fixed`);
  }
}
