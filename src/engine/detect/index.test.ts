/** The detectSeries / createDetectorStream contract on real-world bad data: never throws, says what it changed. */
import { createDetectorStream, detectSeries, DetectResult, MIN_POINTS } from './index';
import { createRng } from '../stats/random';
import { seasonalSeries, START_MS, STEP_MS } from './testSeries';

function ok(r: ReturnType<typeof detectSeries>): DetectResult {
  if (!r.ok) {
    throw new Error(`expected a result, got ${r.reason}: ${r.message}`);
  }
  return r;
}

const level = (n: number, inject = (_i: number, v: number) => v) =>
  seasonalSeries(n, { period: 0 }, (i, b, e) => inject(i, b + e));

describe('detectSeries contract', () => {
  it('returns arrays aligned with the cleaned timestamps', () => {
    const s = level(500);
    const r = ok(detectSeries(s.timestamps, s.values, { kind: 'robust' }));
    for (const a of [r.expected, r.lower, r.upper, r.score, r.isAnomaly]) {
      expect(a.length).toBe(500);
    }
    expect(Array.from(r.timestamps)).toEqual(s.timestamps);
    expect(r.score.every((p) => p >= 0 && p <= 1)).toBe(true);
  });

  it('returns typed reasons instead of throwing', () => {
    expect(detectSeries([], [], { kind: 'robust' })).toMatchObject({ ok: false, reason: 'no-numeric-values' });
    expect(detectSeries([1, 2, 3], [null, NaN, Infinity], { kind: 'robust' })).toMatchObject({
      ok: false,
      reason: 'no-numeric-values',
    });
    const short = detectSeries([1, 2, 3], [1, 2, 3], { kind: 'ensemble' });
    expect(short).toMatchObject({ ok: false, reason: 'too-short' });
    expect(!short.ok && short.message).toContain(`at least ${MIN_POINTS}`);
    const s = level(100);
    expect(detectSeries(s.timestamps, s.values, { kind: 'robust', sensitivity: 2 })).toMatchObject({
      ok: false,
      reason: 'invalid-options',
      message: expect.stringContaining('sensitivity must be a number in 0..1, got 2'),
    });
    expect(detectSeries(s.timestamps, s.values, { kind: 'backend-lstm' })).toMatchObject({
      ok: false,
      message: expect.stringContaining('runs in the Node backend'),
    });
    expect(detectSeries(s.timestamps, s.values, { kind: 'nope' as never })).toMatchObject({
      reason: 'invalid-options',
    });
    expect(detectSeries(s.timestamps, s.values, { kind: 'seasonal', seasonality: 1 })).toMatchObject({
      reason: 'invalid-options',
    });
    expect(detectSeries(s.timestamps, s.values, { kind: 'robust', trainingPoints: -1 })).toMatchObject({
      reason: 'invalid-options',
    });
    expect(detectSeries(null as never, null as never, { kind: 'robust' })).toMatchObject({ ok: false });
  });

  it('handles gaps, NaN/null, duplicates and out-of-order points and still finds the spike', () => {
    const s = level(800, (i, v) => (i === 600 ? v + 20 : v));
    const ts = s.timestamps.slice();
    const vs: Array<number | null> = s.values.slice();
    vs[100] = null;
    vs[101] = NaN;
    ts.splice(300, 50); // a gap
    vs.splice(300, 50);
    ts.push(ts[10]); // a duplicate, delivered late (out of order)
    vs.push(vs[10]);
    [ts[400], ts[401]] = [ts[401], ts[400]];
    [vs[400], vs[401]] = [vs[401], vs[400]];
    const r = ok(detectSeries(ts, vs, { kind: 'ensemble' }));
    expect(r.timestamps.length).toBe(750);
    const text = r.warnings.join(' | ');
    expect(text).toMatch(/out of order/);
    expect(text).toMatch(/1 duplicated/);
    expect(text).toMatch(/2 missing/);
    expect(text).toMatch(/1 gap/);
    const spike = r.anomalies.find((a) => a.peakTime === START_MS + 600 * STEP_MS);
    expect(spike).toBeDefined();
    // Missing points are never flagged.
    expect(r.isAnomaly[100]).toBe(0);
  });

  it('scores a flat line quietly, then flags the first change', () => {
    const ts = Array.from({ length: 300 }, (_, i) => START_MS + i * STEP_MS);
    const flat = ok(
      detectSeries(
        ts,
        ts.map(() => 5),
        { kind: 'ensemble' }
      )
    );
    expect(flat.anomalies).toEqual([]);
    expect(flat.warnings.join(' ')).toMatch(/constant/);
    const stepped = ok(
      detectSeries(
        ts,
        ts.map((_, i) => (i < 250 ? 5 : 6)),
        { kind: 'robust' }
      )
    );
    expect(stepped.anomalies.length).toBeGreaterThan(0);
    expect(stepped.anomalies[0].start).toBe(ts[250]);
    expect(stepped.anomalies[0].explanation.type).toBe('level-shift');
  });

  it('handles huge values without overflow', () => {
    const s = level(400, (i, v) => v * 1e300 + (i === 350 ? 5e301 : 0));
    const r = ok(detectSeries(s.timestamps, s.values, { kind: 'robust' }));
    expect(r.score.every((p) => Number.isFinite(p))).toBe(true);
    expect(r.anomalies.some((a) => a.peakTime === s.timestamps[350])).toBe(true);
  });

  it('never throws on random garbage', () => {
    const rng = createRng(3);
    const pick = [null, NaN, Infinity, -Infinity, 0, -1e308, 1e308, 1, 2];
    for (let k = 0; k < 20; k++) {
      const n = Math.floor(rng() * 200);
      const ts = Array.from({ length: n }, () => (rng() < 0.05 ? NaN : Math.floor(rng() * 100)));
      const vs = Array.from({ length: n }, () => (rng() < 0.5 ? pick[Math.floor(rng() * pick.length)] : rng() * 10));
      for (const kind of ['robust', 'seasonal', 'isolation-forest', 'novelty', 'ensemble'] as const) {
        expect(() => detectSeries(ts, vs, { kind })).not.toThrow();
      }
    }
  });

  it('never flags training points', () => {
    const s = level(600, (i, v) => (i === 100 || i === 500 ? v + 30 : v));
    const r = ok(detectSeries(s.timestamps, s.values, { kind: 'robust', trainingPoints: 300 }));
    expect(Array.from(r.score.subarray(0, 300)).every((p) => p === 0)).toBe(true);
    expect(r.anomalies.map((a) => a.peakTime)).toEqual([s.timestamps[500]]);
  });

  it('keeps the training range ending at the same time when cleaning merges or sorts points before it', () => {
    const s = level(600);
    const ts = Array.from(s.timestamps);
    const vs = Array.from(s.values);
    // Points 10 and 20 repeated (merged by cleaning), then two early points appended out of order.
    const timestamps = [...ts.slice(0, 11), ts[10], ...ts.slice(11, 21), ts[20], ...ts.slice(21)];
    const values = [...vs.slice(0, 11), vs[10], ...vs.slice(11, 21), vs[20], ...vs.slice(21)];
    // Input index 302 is the point at ts[300]: the first one shown.
    const trimmed = ok(detectSeries(timestamps, values, { kind: 'robust', trainingPoints: 302, trimTraining: true }));
    expect(trimmed.timestamps[0]).toBe(ts[300]);
    expect(trimmed.timestamps.length).toBe(300);
    const shuffled = ok(
      detectSeries([...ts.slice(300), ...ts.slice(0, 300)], [...vs.slice(300), ...vs.slice(0, 300)], {
        kind: 'robust',
        trainingPoints: 250,
      })
    );
    // Training ends at the earliest timestamp from input index 250 on: ts[0] is there, so nothing is training.
    expect(shuffled.score.subarray(120, 250).some((p) => p > 0)).toBe(true);
  });

  it('sensitivity moves the threshold: higher flags at least as much', () => {
    const s = level(1500, (i, v) => v + (i % 200 === 150 ? (i / 200) * 1.5 : 0));
    const low = ok(detectSeries(s.timestamps, s.values, { kind: 'robust', sensitivity: 0.1 }));
    const high = ok(detectSeries(s.timestamps, s.values, { kind: 'robust', sensitivity: 0.9 }));
    const count = (r: DetectResult) => r.isAnomaly.reduce((a, b) => a + b, 0);
    expect(count(high)).toBeGreaterThan(count(low));
  });
});

describe('createDetectorStream', () => {
  it('is causal: a point’s score does not change when later points are appended', () => {
    const s = seasonalSeries(900, {}, (i, b, e) => b + e + (i === 800 ? 20 : 0));
    const scoreAll = (n: number) => {
      const stream = createDetectorStream({ kind: 'ensemble', seed: 1 });
      return s.values.slice(0, n).map((v, i) => stream.update(s.timestamps[i], v).probability);
    };
    const short = scoreAll(700);
    const long = scoreAll(900);
    expect(long.slice(0, 700)).toEqual(short);
    expect(long[800]).toBeGreaterThan(0.999);
  });

  it('reports onsets once per episode with suppression', () => {
    const stream = createDetectorStream({ kind: 'robust', alarm: { suppress: 50 } });
    const s = level(700, (i, v) => (i >= 600 && i < 605 ? v + 40 : v));
    const points = s.values.map((v, i) => stream.update(s.timestamps[i], v));
    expect(points.filter((p) => p.onset).length).toBe(1);
    expect(points[600].onset).toBe(true);
    expect(points[600].detectors).toEqual(['robust']);
    expect(points[602].suppressed).toBe(true);
  });

  it('throws a RangeError naming the bad option (construction is not data)', () => {
    expect(() => createDetectorStream({ kind: 'robust', sensitivity: -1 })).toThrow(/sensitivity/);
  });
});
