/**
 * The batch fast path must give the SAME numbers as the streaming RobustDetector it replaces in detectSeries
 * (`new RobustDetector({ threshold, refreshEvery: 64, calibratorStride: 8 })` driven point by point), bit for bit,
 * on every kind of series the overlay meets: noise, drift, steps, NaN gaps, flat lines, zeros of both signs,
 * values near the float limits (overflowing sums and diffs), tiny denormals and heavy ties.
 */
import { AlarmFilter, thresholdForSensitivity } from './alarms';
import { cleanSeries } from './clean';
import { BATCH_ROBUST } from './detectors';
import { explainAnomalies } from './explain';
import { Float64Pool } from '../stats/float64Pool';
import { detectSeries, detectSeriesResumable, DetectResult, ResumableDetection } from './index';
import { RobustDetector } from './robust';
import { RobustBatchScorer, scoreRobustBatch } from './robustBatch';
import { createRng } from '../stats/random';

type Maker = (i: number, rng: () => number, state: { level: number }) => number;

const SERIES: Array<[string, Maker]> = [
  ['noise around a level', (_i, r) => 100 + r() + r() - 1],
  ['random walk with spikes', (i, r, s) => (s.level += r() - 0.5) + (i % 700 === 333 ? 25 : 0)],
  ['level shift', (i, r) => (i > 900 ? 40 : 10) + r()],
  ['NaN gaps (runs and singles)', (i, r) => (i % 97 < 12 || i % 13 === 0 ? NaN : 5 + r())],
  ['flat line', () => 7],
  ['flat then a step', (i) => (i < 1200 ? 3 : 4)],
  ['zeros of both signs', (i, r) => (i < 400 ? (i % 2 ? -0 : 0) : r() < 0.5 ? -0 : 1e-320)],
  ['huge values (overflowing sums and diffs)', (_i, r) => (r() < 0.5 ? 1.7e308 : -1.7e308) * r()],
  ['huge with gaps', (_i, r) => (r() < 0.3 ? NaN : r() < 0.5 ? 1.7e308 : -1.7e308)],
  ['heavy ties', (_i, r) => Math.round(r() * 3)],
  ['ties with rare huge outliers', (_i, r) => Math.round(r() * 2) + (r() < 0.01 ? 1e300 : 0)],
  ['trend', (i, r) => i * 0.01 + r()],
  ['mostly missing', (i, r) => (i % 5 === 0 ? r() : NaN)],
];

function generate(make: Maker, n: number, seed: number): Float64Array {
  const rng = createRng(seed);
  const state = { level: 0 };
  return Float64Array.from({ length: n }, (_, i) => make(i, rng, state));
}

const same = (a: number, b: number) => Object.is(a, b);

describe('scoreRobustBatch', () => {
  describe.each(SERIES)('%s', (_name, make) => {
    it.each([5, 17, 64, 300, 3000])('equals the streaming RobustDetector point by point (n = %i)', (n) => {
      for (const threshold of [thresholdForSensitivity(0.5), thresholdForSensitivity(1), 0.9]) {
        const values = generate(make, n, n + 11);
        const batch = scoreRobustBatch(values, { threshold, ...BATCH_ROBUST });
        const stream = new RobustDetector({ threshold, ...BATCH_ROBUST });
        const mismatches: string[] = [];
        for (let i = 0; i < n; i++) {
          const p = stream.update(i, values[i]);
          const pairs: Array<[string, number, number]> = [
            ['expected', p.expected, batch.expected[i]],
            ['lower', p.lower, batch.lower[i]],
            ['upper', p.upper, batch.upper[i]],
            ['deviation', p.deviation, batch.deviation[i]],
            ['probability', p.probability, batch.probability[i]],
          ];
          for (const [field, want, got] of pairs) {
            if (!same(want, got)) {
              mismatches.push(`${field}[${i}]: stream ${want}, batch ${got}`);
            }
          }
        }
        expect(mismatches.slice(0, 5)).toEqual([]);
      }
    });
  });

  it('also matches with other windows and refresh strides', () => {
    const values = generate(SERIES[1][1], 2000, 3);
    for (const options of [
      { window: 32, refreshEvery: 1, calibratorStride: 1 },
      { window: 100, minPoints: 40, refreshEvery: 7, calibratorStride: 3 },
    ]) {
      const batch = scoreRobustBatch(values, options);
      const stream = new RobustDetector(options);
      for (let i = 0; i < values.length; i++) {
        const p = stream.update(i, values[i]);
        expect([p.expected, p.upper, p.probability]).toEqual([batch.expected[i], batch.upper[i], batch.probability[i]]);
      }
    }
  });

  it.each(SERIES.map(([name, make], k) => [name, make, k] as const))(
    'scores a series in pieces exactly as in one go (resumed state): %s',
    (_name, make, k) => {
      const values = generate(make, 3000, 40 + k);
      const options = { threshold: thresholdForSensitivity(0.5), ...BATCH_ROBUST };
      const whole = scoreRobustBatch(values, options);
      const scorer = new RobustBatchScorer(options);
      // Uneven pieces, including empty ones and pieces shorter than the warm-up and than the refresh stride.
      const cuts = [0, 0, 5, 17, 20, 300, 301, 900, 2000, 2999, 3000];
      const parts = cuts.slice(1).map((end, j) => scorer.score(values.subarray(cuts[j], end)));
      for (const field of ['expected', 'lower', 'upper', 'deviation', 'probability'] as const) {
        const joined = new Float64Array(values.length);
        parts.reduce((at, part) => (joined.set(part[field], at), at + part[field].length), 0);
        const diff = Array.from(joined).findIndex((v, i) => !same(v, whole[field][i]));
        expect([field, diff]).toEqual([field, -1]);
      }
      expect(scorer.learnt).toBe(values.filter((v) => v === v).length);
    }
  );

  it.each(SERIES.map(([name, make], k) => [name, make, k] as const))(
    'learning the first points only leaves the same state and the same later numbers: %s',
    (_name, make, k) => {
      const values = generate(make, 3000, 70 + k);
      const options = { threshold: thresholdForSensitivity(0.5), ...BATCH_ROBUST };
      const whole = new RobustBatchScorer(options);
      const wholeScores = whole.score(values);
      const wholeNext = whole.score(values.subarray(0, 500));
      for (const learnOnly of [0, 1, 15, 16, 17, 64, 1999, 3000, 5000]) {
        const trimmed = new RobustBatchScorer(options);
        const got = trimmed.score(values, learnOnly);
        const from = Math.min(learnOnly, values.length);
        for (const field of ['lower', 'upper', 'deviation', 'probability'] as const) {
          const tail = Array.from(got[field].subarray(from)).findIndex(
            (v, i) => !same(v, wholeScores[field][from + i])
          );
          expect([learnOnly, field, tail]).toEqual([learnOnly, field, -1]);
          const skipped = Array.from(got[field].subarray(0, from)).every((v) =>
            field === 'probability' ? v === 0 : v !== v
          );
          expect([learnOnly, field, skipped]).toEqual([learnOnly, field, true]);
        }
        // `expected` is always filled (explanations look back at it).
        expect(Array.from(got.expected).findIndex((v, i) => !same(v, wholeScores.expected[i]))).toBe(-1);
        // The state after it is the same: the next points score identically.
        const next = trimmed.score(values.subarray(0, 500));
        for (const field of ['expected', 'lower', 'upper', 'deviation', 'probability'] as const) {
          expect([
            learnOnly,
            field,
            Array.from(next[field]).findIndex((v, i) => !same(v, wholeNext[field][i])),
          ]).toEqual([learnOnly, field, -1]);
        }
      }
    }
  );

  it('rejects a learnOnly count that is not a non-negative integer', () => {
    expect(() => new RobustBatchScorer().score(new Float64Array(10), -1)).toThrow(
      /learnOnly must be a non-negative integer, got -1/
    );
    expect(() => new RobustBatchScorer().score(new Float64Array(10), 1.5)).toThrow(/got 1.5/);
  });

  it('rejects a window that is not a positive integer', () => {
    expect(() => scoreRobustBatch(new Float64Array(10), { window: 0 })).toThrow(
      /window must be a positive integer, got 0/
    );
  });
});

/** detectSeries before the fast path: the streaming detector, the default alarm filter, the explainer. */
function referenceDetect(timestamps: number[], values: Float64Array, sensitivity: number, trainingPoints: number) {
  const clean = cleanSeries(timestamps, values);
  const n = clean.values.length;
  const threshold = thresholdForSensitivity(sensitivity);
  const detector = new RobustDetector({ threshold, ...BATCH_ROBUST });
  const alarms = new AlarmFilter({ threshold });
  const out = {
    expected: new Float64Array(n),
    lower: new Float64Array(n),
    upper: new Float64Array(n),
    score: new Float64Array(n),
    deviation: new Float64Array(n),
    isAnomaly: new Uint8Array(n),
  };
  for (let i = 0; i < n; i++) {
    const p = detector.update(clean.timestamps[i], clean.values[i]);
    out.expected[i] = p.expected;
    out.lower[i] = p.lower;
    out.upper[i] = p.upper;
    out.deviation[i] = p.deviation;
    out.score[i] = i < trainingPoints ? 0 : p.probability;
    out.isAnomaly[i] = alarms.update(out.score[i]).active && clean.values[i] === clean.values[i] ? 1 : 0;
  }
  const anomalies = explainAnomalies({
    timestamps: clean.timestamps,
    values: clean.values,
    ...out,
    firedBy: () => ['robust'],
  });
  return { ...out, anomalies };
}

describe('detectSeries robust/auto (batch fast path)', () => {
  it.each(SERIES.map(([name, make], k) => [name, make, k] as const))(
    'gives the same result as the streaming detector: %s',
    (_name, make, k) => {
      const n = 2500;
      const values = generate(make, n, 100 + k);
      const timestamps = Array.from({ length: n }, (_, i) => 1_700_000_000_000 + i * 60_000);
      if (values.every((v) => v !== v)) {
        return;
      }
      for (const [kind, sensitivity, training] of [
        ['robust', 0.5, 0],
        ['auto', 0.9, 1800],
      ] as const) {
        const r = detectSeries(timestamps, values, { kind, sensitivity, trainingPoints: training });
        if (!r.ok) {
          expect(r.reason).toBe('too-short');
          continue;
        }
        const want = referenceDetect(timestamps, values, sensitivity, training);
        const got = r as DetectResult;
        expect(got.detector).toBe('robust');
        for (const field of ['expected', 'lower', 'upper', 'score'] as const) {
          const diff = Array.from(got[field]).findIndex((v, i) => !same(v, want[field][i]));
          expect([field, diff]).toEqual([field, -1]);
        }
        expect(Array.from(got.isAnomaly)).toEqual(Array.from(want.isAnomaly));
        expect(got.anomalies).toEqual(want.anomalies);
      }
    }
  );
});

describe('detectSeries with trimTraining', () => {
  it.each(SERIES.map(([name, make], k) => [name, make, k] as const))(
    'returns exactly the tail of the untrimmed result after the training points: %s',
    (_name, make, k) => {
      const n = 2500;
      const values = generate(make, n, 200 + k);
      const timestamps = Array.from({ length: n }, (_, i) => 1_700_000_000_000 + i * 60_000);
      for (const [kind, training] of [
        ['robust', 1800],
        ['auto', 0],
        ['robust', 2500],
        ['seasonal', 1500],
      ] as const) {
        const full = detectSeries(timestamps, values, { kind, sensitivity: 0.9, trainingPoints: training });
        const trimmed = detectSeries(timestamps, values, {
          kind,
          sensitivity: 0.9,
          trainingPoints: training,
          trimTraining: true,
        });
        if (!full.ok) {
          expect(trimmed).toEqual(full);
          continue;
        }
        const t = trimmed as DetectResult;
        const from = Math.min(training, full.timestamps.length);
        for (const field of ['timestamps', 'expected', 'lower', 'upper', 'score', 'isAnomaly'] as const) {
          const want = Array.from(full[field].subarray(from));
          const diff = want.length === t[field].length ? want.findIndex((v, i) => !same(v, t[field][i])) : -2;
          expect([kind, training, field, diff]).toEqual([kind, training, field, -1]);
        }
        expect(t.anomalies).toEqual(full.anomalies);
        expect(t.warnings).toEqual(full.warnings);
      }
    }
  );

  it('rejects a trimTraining that is not a boolean', () => {
    const r = detectSeries([1, 2, 3], [1, 2, 3], { kind: 'robust', trimTraining: 'yes' as unknown as boolean });
    expect(r).toMatchObject({
      ok: false,
      reason: 'invalid-options',
      message: 'trimTraining must be a boolean, got yes',
    });
  });
});

describe('detectSeriesResumable', () => {
  const n = 4000;
  const values = generate(SERIES[1][1], n + 1000, 77);
  const times = Array.from({ length: n + 1000 }, (_, i) => 1_700_000_000_000 + i * 60_000);
  const window = (from: number, to: number) => ({ timestamps: times.slice(from, to), values: values.slice(from, to) });

  it('scores only the new points when the range slid forward, as one run over the old data plus the new points', () => {
    const first = window(0, n);
    const a = detectSeriesResumable(first.timestamps, first.values, { kind: 'robust', trainingPoints: 3000 });
    expect(a.reusedPoints).toBe(0);
    // The range moved by 600 points: 3400 shared points, 600 new ones.
    const slid = window(600, n + 600);
    const b = detectSeriesResumable(
      slid.timestamps,
      slid.values,
      { kind: 'robust', trainingPoints: 3000 },
      a.resumable
    );
    expect(b.reusedPoints).toBe(3400);
    const r = b.result as DetectResult;
    // Reference: the batch detector over everything seen (0 .. n + 600), the last 4000 points, training zeroed.
    const all = scoreRobustBatch(values.subarray(0, n + 600), {
      threshold: thresholdForSensitivity(0.5),
      ...BATCH_ROBUST,
    });
    for (const field of ['expected', 'lower', 'upper'] as const) {
      expect(Array.from(r[field])).toEqual(Array.from(all[field].subarray(600)));
    }
    const score = all.probability.slice(600).map((p, i) => (i < 3000 ? 0 : p));
    expect(Array.from(r.score)).toEqual(Array.from(score));
    expect(Array.from(r.timestamps)).toEqual(slid.timestamps);
  });

  it('starts from scratch when a shared sample changed, the data starts earlier, or the settings differ', () => {
    const first = window(0, n);
    const fresh = (ts: number[], vs: Float64Array, sensitivity = 0.5) =>
      detectSeries(ts, vs, { kind: 'robust', sensitivity, trainingPoints: 3000 });
    const cases: Array<[string, { timestamps: number[]; values: Float64Array }, number]> = [
      ['changed sample', { ...window(600, n + 600), values: values.slice(600, n + 600).fill(5, 100, 101) }, 0.5],
      [
        'earlier start',
        { timestamps: [times[0] - 60_000, ...first.timestamps], values: Float64Array.of(1, ...first.values) },
        0.5,
      ],
      ['other sensitivity', window(600, n + 600), 0.9],
    ];
    for (const [name, data, sensitivity] of cases) {
      const a = detectSeriesResumable(first.timestamps, first.values, { kind: 'robust', trainingPoints: 3000 });
      const b = detectSeriesResumable(
        data.timestamps,
        data.values,
        { kind: 'auto', sensitivity, trainingPoints: 3000 },
        a.resumable
      );
      expect([name, b.reusedPoints]).toEqual([name, 0]);
      expect(b.result).toEqual(fresh(data.timestamps, data.values, sensitivity));
    }
  });

  it('resumes trimmed detections: the result is the trimmed one-run result, scored only on the new points', () => {
    const options = { kind: 'robust' as const, trainingPoints: 3000, trimTraining: true };
    const first = window(0, n);
    const a = detectSeriesResumable(first.timestamps, first.values, options);
    const slid = window(600, n + 600);
    const b = detectSeriesResumable(slid.timestamps, slid.values, options, a.resumable);
    expect(b.reusedPoints).toBe(3400);
    const untrimmed = detectSeriesResumable(
      slid.timestamps,
      slid.values,
      { ...options, trimTraining: false },
      detectSeriesResumable(first.timestamps, first.values, { ...options, trimTraining: false }).resumable
    );
    const full = untrimmed.result as DetectResult;
    const r = b.result as DetectResult;
    expect(r.timestamps.length).toBe(1000);
    for (const field of ['timestamps', 'expected', 'lower', 'upper', 'score', 'isAnomaly'] as const) {
      expect([field, Array.from(r[field])]).toEqual([field, Array.from(full[field].subarray(3000))]);
    }
    expect(r.anomalies).toEqual(full.anomalies);
    // A third call slides again from the state the trimmed call left.
    const c = detectSeriesResumable(
      window(1000, n + 1000).timestamps,
      window(1000, n + 1000).values,
      options,
      b.resumable
    );
    expect(c.reusedPoints).toBe(3600);
    const reference = detectSeries(
      window(1000, n + 1000).timestamps,
      window(1000, n + 1000).values,
      options
    ) as DetectResult;
    // Not equal to a fresh run (the model keeps the history before the range), but covering the same points.
    expect(Array.from((c.result as DetectResult).timestamps)).toEqual(Array.from(reference.timestamps));
  });

  it('scores from scratch when points it did not score (trimmed training) would be shown now', () => {
    const first = window(0, n);
    const a = detectSeriesResumable(first.timestamps, first.values, {
      kind: 'robust',
      trainingPoints: 3000,
      trimTraining: true,
    });
    // Same data, a shorter training range: points 2000..2999 are shown now but were only learnt before.
    const options = { kind: 'robust' as const, trainingPoints: 2000, trimTraining: true };
    const b = detectSeriesResumable(first.timestamps, first.values, options, a.resumable);
    expect(b.reusedPoints).toBe(0);
    expect(b.result).toEqual(detectSeries(first.timestamps, first.values, options));
  });

  it.each([
    ['trimmed', true, 1],
    ['trimmed, NaN gaps', true, 3],
    ['untrimmed, NaN gaps', false, 3],
  ] as const)(
    'gives the same results with a pool of dirty recycled arrays, through fits, slides, repeats and refits (%s)',
    (_name, trimTraining, maker) => {
      const gappy = generate(SERIES[maker][1], n + 1000, 78);
      const window = (from: number, to: number) => ({
        timestamps: times.slice(from, to),
        values: gappy.slice(from, to),
      });
      const dirty = (pool: Float64Pool) => {
        for (const length of [4000, 3400, 1000, 600, 400, 3000]) {
          for (let k = 0; k < 12; k++) {
            pool.give(new Float64Array(length).fill(k % 2 ? 12345 : NaN));
          }
        }
      };
      const pool = new Float64Pool(1_000_000);
      dirty(pool);
      const options = { kind: 'robust' as const, trainingPoints: 3000, trimTraining };
      const steps: Array<[number, number]> = [
        [0, n], // fit
        [600, n + 600], // slide
        [600, n + 600], // same data
        [700, n + 600], // a shorter range inside the last one
        [0, n], // earlier start: refit
      ];
      let withPool: ResumableDetection | undefined;
      let without: ResumableDetection | undefined;
      for (const [from, to] of steps) {
        const data = window(from, to);
        const a = detectSeriesResumable(data.timestamps, data.values, options, withPool, pool);
        const b = detectSeriesResumable(data.timestamps, data.values, options, without);
        expect([from, to, a.reusedPoints]).toEqual([from, to, b.reusedPoints]);
        expect(a.result).toEqual(b.result);
        withPool = a.resumable;
        without = b.resumable;
        dirty(pool);
      }
      expect(pool.size).toBeGreaterThan(0);
    }
  );

  it('passes other kinds and bad input through detectSeries', () => {
    const first = window(0, 500);
    const r = detectSeriesResumable(first.timestamps, first.values, { kind: 'novelty' });
    expect(r.resumable).toBeUndefined();
    expect(r.result).toEqual(detectSeries(first.timestamps, first.values, { kind: 'novelty' }));
    expect(detectSeriesResumable([1, 2], [1, 2], { kind: 'robust' }).result).toMatchObject({
      ok: false,
      reason: 'too-short',
    });
  });
});
