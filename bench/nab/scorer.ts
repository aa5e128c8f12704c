/**
 * Exact re-implementation of the NAB scorer (numenta/NAB nab/sweeper.py, optimizer.py, runner.normalize):
 * probationary period, scaled sigmoid, window rules, cost profiles, corpus-wide threshold optimisation and
 * normalisation. Inputs are plain arrays; file reading lives in corpus.ts.
 */

export interface CostProfile {
  tp: number;
  fp: number;
  fn: number;
}

export const PROFILES: Record<ProfileName, CostProfile> = {
  standard: { tp: 1.0, fp: 0.11, fn: 1.0 },
  reward_low_FP_rate: { tp: 1.0, fp: 0.22, fn: 1.0 },
  reward_low_FN_rate: { tp: 1.0, fp: 0.11, fn: 2.0 },
};

export type ProfileName = 'standard' | 'reward_low_FP_rate' | 'reward_low_FN_rate';
export const PROFILE_NAMES: ProfileName[] = ['standard', 'reward_low_FP_rate', 'reward_low_FN_rate'];

export const PROBATION_PERCENT = 0.15;

/** NAB: 2·sigmoid(−5y) − 1, and −1 when y > 3 (far past a window). */
export function scaledSigmoid(y: number): number {
  if (y > 3.0) {
    return -1.0;
  }
  return 2 * (1 / (1 + Math.exp(5 * y))) - 1.0;
}

/** min(floor(0.15 · N), 0.15 · 5000). */
export function probationaryLength(rows: number): number {
  return Math.min(Math.floor(PROBATION_PERCENT * rows), PROBATION_PERCENT * 5000);
}

/** One scorable row: its anomaly score, the weighted sweep value if it were a detection, and its window. */
export interface AnomalyPoint {
  anomalyScore: number;
  sweepScore: number;
  /** Global window id (file + window index), null outside windows, 'probationary' in the probationary period. */
  window: string | null;
}

/** NAB matches timestamps on their first 19 characters ("YYYY-MM-DD HH:MM:SS"). */
export function timeKey(timestamp: string): string {
  return timestamp.trim().slice(0, 19);
}

/**
 * sweeper.calcSweepScore: walks the rows in order, entering a window at the first row equal to its left edge and
 * leaving it after the row equal to its right edge (width = rows between, right edge = first matching row).
 */
export function sweepScores(
  timestamps: string[],
  anomalyScores: ArrayLike<number>,
  windows: Array<[string, string]>,
  fileKey: string,
  profile: CostProfile
): AnomalyPoint[] {
  if (timestamps.length !== anomalyScores.length) {
    throw new RangeError(`${fileKey}: ${timestamps.length} timestamps but ${anomalyScores.length} anomaly scores`);
  }
  const keys = timestamps.map(timeKey);
  const pending = windows.map(([l, r]) => [timeKey(l), timeKey(r)] as [string, string]);
  const maxTP = scaledSigmoid(-1.0);
  const probation = probationaryLength(keys.length);
  const out: AnomalyPoint[] = [];
  let cur: [string, string] | null = null;
  let curName: string | null = null;
  let curRight = -1;
  let curWidth = 0;
  let prevRight = -1;
  let prevWidth = 0;
  let windowIndex = 0;
  for (let i = 0; i < keys.length; i++) {
    const t = keys[i];
    if (pending.length > 0 && t === pending[0][0]) {
      cur = pending.shift() as [string, string];
      curName = `${fileKey}|${windowIndex++}|${cur[0]}`;
      curRight = keys.indexOf(cur[1]);
      if (curRight < 0) {
        throw new RangeError(`${fileKey}: window right edge ${cur[1]} is not a timestamp of the file`);
      }
      curWidth = curRight - i + 1;
    }
    let weighted: number;
    if (cur !== null) {
      const position = -(curRight - i + 1) / curWidth;
      weighted = (scaledSigmoid(position) * profile.tp) / maxTP;
    } else {
      const unweighted = prevRight < 0 ? -1.0 : scaledSigmoid(Math.abs(prevRight - i) / (prevWidth - 1));
      weighted = unweighted * profile.fp;
    }
    out.push({
      anomalyScore: anomalyScores[i],
      sweepScore: weighted,
      window: i >= probation ? curName : 'probationary',
    });
    if (cur !== null && t === cur[1]) {
      prevRight = curRight;
      prevWidth = curWidth;
      cur = null;
      curName = null;
    }
  }
  return out;
}

export interface ThresholdScore {
  threshold: number;
  score: number;
  tp: number;
  tn: number;
  fp: number;
  fn: number;
  total: number;
}

/**
 * sweeper.calcScoreByThreshold: sorts scorable rows by anomaly score (descending, stable) and records the score of
 * "detect every row with score ≥ t" for every distinct t, starting from t = 1.1 (no detections).
 */
export function scoreByThreshold(points: AnomalyPoint[], profile: CostProfile): ThresholdScore[] {
  const scorable = points.filter((p) => p.window !== 'probationary');
  const sorted = scorable
    .map((p, i) => [p, i] as const)
    .sort((a, b) => b[0].anomalyScore - a[0].anomalyScore || a[1] - b[1])
    .map(([p]) => p);
  const windowParts = new Map<string, number>();
  let tn = 0;
  let fn = 0;
  for (const p of sorted) {
    if (p.window !== null) {
      windowParts.set(p.window, -profile.fn);
      fn++;
    } else {
      tn++;
    }
  }
  let fpPart = 0;
  let windowTotal = -profile.fn * windowParts.size;
  let tp = 0;
  let fp = 0;
  const out: ThresholdScore[] = [];
  let threshold = 1.1;
  const total = points.length;
  for (const p of sorted) {
    if (p.anomalyScore !== threshold) {
      out.push({ threshold, score: fpPart + windowTotal, tp, tn, fp, fn, total });
      threshold = p.anomalyScore;
    }
    if (p.window === null) {
      fp++;
      tn--;
      fpPart += p.sweepScore;
    } else {
      tp++;
      fn--;
      const before = windowParts.get(p.window) as number;
      if (p.sweepScore > before) {
        windowParts.set(p.window, p.sweepScore);
        windowTotal += p.sweepScore - before;
      }
    }
  }
  out.push({ threshold, score: fpPart + windowTotal, tp, tn, fp, fn, total });
  return out;
}

export interface FileScore extends ThresholdScore {
  /** Per-row contribution, as NAB writes it to the S(t)_<profile> column: window score on the window's first row. */
  rowScores: Float64Array;
}

/**
 * sweeper.scoreDataSet at a fixed threshold: detections are rows with score ≥ threshold outside the probationary
 * period; per window the best (earliest) detection counts, else −A_FN; every FP adds its sweep value.
 */
export function scoreFile(points: AnomalyPoint[], threshold: number, profile: CostProfile): FileScore {
  const rowScores = new Float64Array(points.length);
  const firstRow = new Map<string, number>();
  const best = new Map<string, number>();
  let tp = 0;
  let tn = 0;
  let fp = 0;
  let fn = 0;
  let fpPart = 0;
  points.forEach((p, i) => {
    if (p.window === 'probationary') {
      return;
    }
    const detected = p.anomalyScore >= threshold;
    if (p.window === null) {
      if (detected) {
        fp++;
        fpPart += p.sweepScore;
        rowScores[i] = p.sweepScore;
      } else {
        tn++;
      }
      return;
    }
    if (!firstRow.has(p.window)) {
      firstRow.set(p.window, i);
      best.set(p.window, -profile.fn);
    }
    if (detected) {
      tp++;
      best.set(p.window, Math.max(best.get(p.window) as number, p.sweepScore));
    } else {
      fn++;
    }
  });
  let windowTotal = 0;
  for (const [name, value] of best) {
    windowTotal += value;
    rowScores[firstRow.get(name) as number] = value;
  }
  return { threshold, score: fpPart + windowTotal, tp, tn, fp, fn, total: points.length, rowScores };
}

/** optimizer.optimizeThreshold: one threshold for the whole corpus, the one with the highest summed raw score. */
export function optimizeThreshold(
  corpusPoints: AnomalyPoint[],
  profile: CostProfile
): { threshold: number; score: number } {
  const byThreshold = scoreByThreshold(corpusPoints, profile);
  let best = byThreshold[0];
  for (const s of byThreshold) {
    if (s.score > best.score) {
      best = s;
    }
  }
  return { threshold: best.threshold, score: best.score };
}

/** runner.normalize: 100 · (S − S_null) / (S_perfect − S_null) with S_null = −A_FN · windows, S_perfect = A_TP · windows. */
export function normalizeScore(rawScore: number, windowCount: number, profile: CostProfile): number {
  const nullScore = -profile.fn * windowCount;
  const perfect = profile.tp * windowCount;
  return (100 * (rawScore - nullScore)) / (perfect - nullScore);
}
