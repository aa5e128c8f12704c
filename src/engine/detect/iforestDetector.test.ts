import { IFOREST_DEFAULTS, IsolationForestDetector } from './iforestDetector';
import { createRng } from './rng';

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

  it('defaults to 50 trees one level above the standard height limit on a 4096-row window', () => {
    expect(IFOREST_DEFAULTS).toMatchObject({ trees: 50, extraDepth: 1, trainingWindow: 4096, retrainEvery: 2000 });
  });
});
