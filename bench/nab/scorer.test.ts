/**
 * Proves the scorer is exact: fed the published anomaly scores and thresholds of numenta and windowedGaussian, it
 * reproduces every published per-file Score/TP/TN/FP/FN and every S(t)_<profile> row value.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadCorpus, readCsv } from './corpus';
import {
  normalizeScore,
  optimizeThreshold,
  probationaryLength,
  PROFILE_NAMES,
  PROFILES,
  scaledSigmoid,
  scoreByThreshold,
  scoreFile,
  sweepScores,
} from './scorer';

const DATA = process.env.NAB_DATA ?? path.resolve(__dirname, '../../../shared/data/nab');
const present = fs.existsSync(path.join(DATA, 'published', 'thresholds.json'));
if (!present) {
  console.warn(`NAB data not found at ${DATA} (set NAB_DATA): published-score checks are skipped`);
}
const describeData = present ? describe : describe.skip;

/** benchmarks.md N5: published scores normalised on the dev subset (25 windows). */
const DEV_ANCHORS: Record<string, Record<string, number>> = {
  numenta: { standard: 58.1, reward_low_FP_rate: 53.0, reward_low_FN_rate: 64.1 },
  windowedGaussian: { standard: 10.8, reward_low_FP_rate: 4.8, reward_low_FN_rate: 13.8 },
};

describe('scorer primitives', () => {
  it('scaled sigmoid matches the documented values', () => {
    expect(scaledSigmoid(-1)).toBeCloseTo(0.98661, 5);
    expect(scaledSigmoid(-0.5)).toBeCloseTo(0.84828, 5);
    expect(scaledSigmoid(0)).toBe(0);
    expect(scaledSigmoid(1)).toBeCloseTo(-0.98661, 5);
    expect(scaledSigmoid(3.01)).toBe(-1);
  });
  it('probationary length is min(floor(0.15 N), 750)', () => {
    expect(probationaryLength(4032)).toBe(604);
    expect(probationaryLength(22695)).toBe(750);
  });
  it('normalises with the null and perfect detectors', () => {
    expect(normalizeScore(46.634, 116, PROFILES.standard)).toBeCloseTo(70.1, 1);
    expect(normalizeScore(-25, 25, PROFILES.standard)).toBe(0);
    expect(normalizeScore(25, 25, PROFILES.reward_low_FN_rate)).toBe(100);
  });
});

describe('threshold optimisation', () => {
  it('picks the corpus threshold with the best summed score (ties: the highest threshold)', () => {
    const times = Array.from({ length: 20 }, (_, i) => `2020-01-01 00:${String(i).padStart(2, '0')}:00`);
    // Window rows 10..13; probation = 3 rows. A detection at 11 is a TP, one at 5 a full-penalty FP.
    const scores = times.map((_, i) => (i === 11 ? 0.9 : i === 5 ? 0.95 : 0.1));
    const points = sweepScores(times, scores, [[times[10], times[13]]], 'x/y.csv', PROFILES.standard);
    const best = optimizeThreshold(points, PROFILES.standard);
    expect(best.threshold).toBe(0.9);
    // TP at position −(13 − 11 + 1)/4 = −0.75, scaled by 1/σ(−1); the FP at row 5 costs 0.11.
    expect(best.score).toBeCloseTo(scaledSigmoid(-0.75) / scaledSigmoid(-1) - 0.11, 12);
    expect(scoreFile(points, 1.0, PROFILES.standard).score).toBe(-1);
  });
});

describeData.each(['numenta', 'windowedGaussian'])('published %s results', (detector) => {
  const corpus = present ? loadCorpus(DATA) : undefined;
  const thresholds = present
    ? (JSON.parse(fs.readFileSync(path.join(DATA, 'published', 'thresholds.json'), 'utf8')) as Record<
        string,
        Record<string, { threshold: number }>
      >)
    : {};

  it.each(PROFILE_NAMES)('reproduces every per-file score and S(t) value (%s)', (profileName) => {
    const profile = PROFILES[profileName];
    const threshold = thresholds[detector][profileName].threshold;
    const published = readCsv(path.join(DATA, 'published', detector, `${detector}_${profileName}_scores.csv`));
    const col = (name: string) => published.header.indexOf(name);
    let checkedRows = 0;
    let total = 0;
    for (const file of corpus!.files) {
      const [category, name] = file.key.split('/');
      const results = readCsv(path.join(DATA, 'published', detector, category, `${detector}_${name}`));
      const scoreCol = results.header.indexOf('anomaly_score');
      const stCol = results.header.indexOf(`S(t)_${profileName}`);
      const timestamps = results.rows.map((r) => r[0]);
      const anomalyScores = results.rows.map((r) => parseFloat(r[scoreCol]));
      const points = sweepScores(timestamps, anomalyScores, file.windows, file.key, profile);
      const scored = scoreFile(points, threshold, profile);
      const row = published.rows.find((r) => r[col('File')] === file.key);
      expect(row).toBeDefined();
      expect(scored.score).toBeCloseTo(parseFloat(row![col('Score')]), 9);
      expect([scored.tp, scored.tn, scored.fp, scored.fn, scored.total]).toEqual(
        ['TP', 'TN', 'FP', 'FN', 'Total_Count'].map((c) => parseInt(row![col(c)], 10))
      );
      // The threshold sweep agrees with direct scoring: "score ≥ t" for the lowest swept t at or above the threshold.
      const swept = scoreByThreshold(points, profile).filter((s) => s.threshold >= threshold);
      expect(swept[swept.length - 1].score).toBeCloseTo(scored.score, 9);
      let worstRow = 0;
      results.rows.forEach((r, i) => {
        worstRow = Math.max(worstRow, Math.abs(scored.rowScores[i] - parseFloat(r[stCol])));
      });
      expect(worstRow).toBeLessThan(1e-9);
      checkedRows += results.rows.length;
      total += scored.score;
    }
    expect(checkedRows).toBeGreaterThan(100000);
    // Raw dev-subset total is consistent with the per-file rows.
    const publishedTotal = published.rows
      .filter((r) => corpus!.files.some((f) => f.key === r[col('File')]))
      .reduce((s, r) => s + parseFloat(r[col('Score')]), 0);
    expect(total).toBeCloseTo(publishedTotal, 6);
    // …and normalises to the dev-subset anchors of benchmarks.md N5.
    expect(normalizeScore(total, corpus!.windowCount, profile)).toBeCloseTo(DEV_ANCHORS[detector][profileName], 1);
  });
});
