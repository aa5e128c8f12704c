import { ScoreCalibrator } from './calibrate';
import { FEATURE_COUNT, FeatureExtractor } from './features';
import { IFOREST_DEFAULTS, IsolationForestDetector } from './iforestDetector';
import { IsolationForest } from './isolationForest';
import { createRng } from '../stats/random';

/** Five-minute series: daily cycle + noise, with a spike at `spikeAt`. */
function series(n: number, spikeAt: number, seed: number): { t: number[]; v: number[] } {
  const rng = createRng(seed);
  const t: number[] = [];
  const v: number[] = [];
  for (let i = 0; i < n; i++) {
    t.push(1.6e12 + i * 300_000);
    v.push(50 + 10 * Math.sin((2 * Math.PI * i) / 288) + rng() + (i === spikeAt ? 40 : 0));
  }
  return { t, v };
}

function run(detector: IsolationForestDetector, t: number[], v: number[]): number[] {
  return v.map((x, i) => detector.update(t[i], x).raw);
}

describe('IsolationForestDetector', () => {
  const { t, v } = series(3000, 2600, 1);

  it('gives identical scores for the same input and seed, across refits, and different ones for another seed', () => {
    // 3000 points: first fit at 400 rows, refit at 2400 (every 2000).
    const a = run(new IsolationForestDetector({ seed: 7 }), t, v);
    const b = run(new IsolationForestDetector({ seed: 7 }), t, v);
    const c = run(new IsolationForestDetector({ seed: 8 }), t, v);
    expect(a).toEqual(b);
    expect(a.slice(2400)).not.toEqual(c.slice(2400));
  });

  it('flags the spike (or the point after it, whose difference features jump back) as the most anomalous', () => {
    const raw = run(new IsolationForestDetector({ seed: 3 }), t, v);
    const after = raw.slice(2400);
    expect([2600, 2601]).toContain(2400 + after.indexOf(Math.max(...after)));
    expect(raw[2600]).toBeGreaterThan(Math.max(...raw.slice(2400, 2590)));
  });

  it('calibrates each new forest against its own scores of the rows it was fitted on', () => {
    const seed = 5;
    const detector = new IsolationForestDetector({ seed });
    const extractor = new FeatureExtractor();
    const rows = new Float64Array(400 * FEATURE_COUNT);
    let point = detector.update(t[0], v[0]);
    for (let i = 0; i < 400; i++) {
      extractor.update(t[i], v[i], rows.subarray(i * FEATURE_COUNT));
      if (i > 0) {
        point = detector.update(t[i], v[i]);
      }
    }
    // The 400th point triggers the first fit: its probability is its score's rank among that forest's leave-one-out
    // scores of its 400 rows.
    const forest = new IsolationForest({
      trees: IFOREST_DEFAULTS.trees,
      sampleSize: IFOREST_DEFAULTS.trainingWindow,
      extraDepth: IFOREST_DEFAULTS.extraDepth,
      seed,
    }).fit(rows, FEATURE_COUNT);
    const calibrator = new ScoreCalibrator();
    forest.scoreAll(rows, FEATURE_COUNT, true).forEach((raw) => calibrator.learn(raw));
    const raw = forest.score(rows, 399 * FEATURE_COUNT);
    expect(point.raw).toBe(raw);
    expect(point.probability).toBe(calibrator.probability(raw));
    expect(point.probability).toBeGreaterThan(0);
    // Without recalibration the calibrator has no history yet at the first fit.
    const plain = new IsolationForestDetector({ seed, recalibrateOnFit: false });
    const last = v
      .slice(0, 400)
      .map((x, i) => plain.update(t[i], x))
      .pop();
    expect(last?.raw).toBe(raw);
    expect(last?.probability).toBe(0);
  });

  it('defaults to 50 trees one level above the standard height limit on a 4096-row window', () => {
    expect(IFOREST_DEFAULTS).toMatchObject({ trees: 50, extraDepth: 1, trainingWindow: 4096, retrainEvery: 2000 });
  });
});
