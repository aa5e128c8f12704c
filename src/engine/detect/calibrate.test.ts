import { ScoreCalibrator } from './calibrate';
import { createRng } from '../stats/random';

describe('ScoreCalibrator', () => {
  it('returns 0 until it has history, then the ECDF below the 95th percentile', () => {
    const c = new ScoreCalibrator({ minHistory: 100 });
    expect(c.probability(1)).toBe(0);
    for (let i = 0; i < 1000; i++) {
      c.learn(i / 1000);
    }
    expect(c.ready).toBe(true);
    expect(c.probability(0.5)).toBeCloseTo(0.5, 2);
    expect(c.probability(0.9)).toBeCloseTo(0.9, 2);
  });

  it('extends the tail beyond anything seen, monotonically, and inverts with rawAt', () => {
    const rng = createRng(5);
    const c = new ScoreCalibrator();
    for (let i = 0; i < 4000; i++) {
      c.learn(-Math.log(1 - rng()));
    }
    const p = [2, 4, 8, 16, 32].map((x) => c.probability(x));
    for (let i = 1; i < p.length; i++) {
      expect(p[i]).toBeGreaterThan(p[i - 1]);
    }
    // Exponential data: P(X > 8) = e^-8 ≈ 3.4e-4.
    expect(1 - p[2]).toBeGreaterThan(1e-4);
    expect(1 - p[2]).toBeLessThan(1e-3);
    expect(1 - p[4]).toBeLessThan(1e-10);
    for (const q of [0.5, 0.99, 0.9999]) {
      expect(c.probability(c.rawAt(q))).toBeCloseTo(q, 2);
    }
  });

  it('ignores NaN and Infinity instead of corrupting its history', () => {
    const c = new ScoreCalibrator({ minHistory: 2 });
    c.learn(NaN);
    c.learn(Infinity);
    expect(c.ready).toBe(false);
    c.learn(1);
    c.learn(2);
    expect(c.probability(NaN)).toBe(0);
    expect(c.probability(1.5)).toBeGreaterThan(0);
  });
});
