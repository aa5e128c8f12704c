import { Severity } from '../severity';
import { Anomaly, AnomalyType } from './types';

/** Per-point arrays the explainer reads (aligned with the cleaned series). */
export interface ScoredSeries {
  timestamps: Float64Array;
  values: Float64Array;
  expected: Float64Array;
  lower: Float64Array;
  upper: Float64Array;
  score: Float64Array;
  deviation: Float64Array;
  isAnomaly: Uint8Array;
  /** Names of the detectors that fired at each point (empty when none). */
  firedBy: (point: number) => string[];
}

/** |deviation| in σ → severity: ≥ 8 critical, ≥ 5 high, ≥ 3.5 medium, ≥ 2.5 low, else info. */
export function severityFromSigma(sigma: number): Severity {
  const a = Math.abs(sigma);
  if (!(a >= 2.5)) {
    return 'info';
  }
  if (a >= 8) {
    return 'critical';
  }
  if (a >= 5) {
    return 'high';
  }
  return a >= 3.5 ? 'medium' : 'low';
}

/** Merges flagged points into intervals (joining runs separated by at most `maxGap` unflagged points). */
export function anomalyIntervals(isAnomaly: Uint8Array, maxGap = 1): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let start = -1;
  let last = -1;
  for (let i = 0; i < isAnomaly.length; i++) {
    if (!isAnomaly[i]) {
      continue;
    }
    if (start >= 0 && i - last - 1 <= maxGap) {
      last = i;
    } else {
      if (start >= 0) {
        out.push([start, last]);
      }
      start = i;
      last = i;
    }
  }
  if (start >= 0) {
    out.push([start, last]);
  }
  return out;
}

function medianOf(values: Float64Array, from: number, to: number): number {
  const xs: number[] = [];
  for (let i = Math.max(0, from); i < Math.min(values.length, to); i++) {
    if (values[i] === values[i]) {
      xs.push(values[i]);
    }
  }
  if (xs.length === 0) {
    return NaN;
  }
  xs.sort((a, b) => a - b);
  const m = xs.length >> 1;
  return xs.length % 2 ? xs[m] : (xs[m - 1] + xs[m]) / 2;
}

function spreadOf(values: Float64Array, from: number, to: number): number {
  const m = medianOf(values, from, to);
  const dev = new Float64Array(Math.max(0, Math.min(values.length, to) - Math.max(0, from)));
  for (let i = Math.max(0, from), j = 0; i < Math.min(values.length, to); i++, j++) {
    dev[j] = Math.abs(values[i] - m);
  }
  return medianOf(dev, 0, dev.length) * 1.4826;
}

/**
 * Classifies an interval by comparing the data before it with the data from its start on:
 * a persistent move of the median → level shift; a change of spread without a move → variance change;
 * a change of slope → trend change; otherwise a spike (above) or dip (below).
 */
export function classifyInterval(
  s: ScoredSeries,
  start: number,
  end: number,
  peak: number,
  period?: number
): AnomalyType {
  // Compare whole cycles when the series is seasonal, so the cycle itself cancels out of the medians.
  const span = period && period >= 2 ? Math.max(period, 16) : 32;
  const before = medianOf(s.values, start - span, start);
  const after = medianOf(s.values, start, start + span);
  // Residuals from the expected value around the start only (local buffer: long series have many intervals).
  const from = Math.max(0, start - span);
  const to = Math.min(s.values.length, start + span);
  const r = new Float64Array(to - from);
  for (let i = from; i < to; i++) {
    const e = s.expected[i];
    r[i - from] = s.values[i] - (e === e ? e : before);
  }
  const spreadBefore = Math.max(spreadOf(r, 0, start - from), 1e-12);
  const spreadAfter = spreadOf(r, start - from, to - from);
  const length = end - start + 1;
  const shifted = Math.abs(after - before) > 3 * spreadBefore;
  // A lasting move of the level: the median of the next full span differs, and not just because of the interval.
  const lastsBeyond = Math.abs(medianOf(s.values, end + 1, end + 1 + span) - before) > 3 * spreadBefore;
  if (shifted && (lastsBeyond || end + 1 >= s.values.length)) {
    return 'level-shift';
  }
  if (spreadAfter > 2.5 * spreadBefore && length >= 2) {
    return 'variance-change';
  }
  if (length >= 3) {
    const slopeBefore = slope(s.values, start - span, start);
    const slopeAfter = slope(s.values, start, start + span);
    if (!period && Math.abs(slopeAfter - slopeBefore) * span > 3 * spreadBefore) {
      return 'trend-change';
    }
  }
  return s.values[peak] >= s.expected[peak] || s.expected[peak] !== s.expected[peak] ? 'spike' : 'dip';
}

function slope(values: Float64Array, from: number, to: number): number {
  let n = 0;
  let sx = 0;
  let sy = 0;
  let sxx = 0;
  let sxy = 0;
  for (let i = Math.max(0, from); i < Math.min(values.length, to); i++) {
    const y = values[i];
    if (y !== y) {
      continue;
    }
    n++;
    sx += i;
    sy += y;
    sxx += i * i;
    sxy += i * y;
  }
  const den = n * sxx - sx * sx;
  return n >= 3 && den !== 0 ? (n * sxy - sx * sy) / den : 0;
}

/**
 * One explained Anomaly per flagged interval. The peak is the flagged point farthest from its expected value (in σ):
 * smoothed scores can peak a point after the event, the deviation cannot.
 */
export function explainAnomalies(s: ScoredSeries, period?: number): Anomaly[] {
  return anomalyIntervals(s.isAnomaly).map(([start, end]) => {
    let peak = start;
    const detectors = new Set<string>();
    for (let i = start; i <= end; i++) {
      if (s.isAnomaly[i]) {
        s.firedBy(i).forEach((d) => detectors.add(d));
      }
      const d = Math.abs(s.deviation[i]);
      const best = Math.abs(s.deviation[peak]);
      if (s.isAnomaly[i] && (d > best || (d === best && s.score[i] > s.score[peak]) || !s.isAnomaly[peak])) {
        peak = i;
      }
    }
    return {
      start: s.timestamps[start],
      end: s.timestamps[end],
      peakTime: s.timestamps[peak],
      peakValue: s.values[peak],
      score: s.score[peak],
      explanation: {
        expected: s.expected[peak],
        lower: s.lower[peak],
        upper: s.upper[peak],
        deviationSigma: s.deviation[peak],
        severity: severityFromSigma(s.deviation[peak]),
        type: classifyInterval(s, start, end, peak, period),
        detectors: Array.from(detectors).sort(),
      },
    };
  });
}
