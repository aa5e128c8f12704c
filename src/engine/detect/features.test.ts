import { FEATURE_COUNT, FEATURE_NAMES, FeatureExtractor } from './features';

describe('FeatureExtractor (requirements A1, causal)', () => {
  it('has the 16 A1 features', () => {
    expect(FEATURE_COUNT).toBe(16);
    expect(FEATURE_NAMES).toContain('percentileRank60');
  });

  it('computes rolling statistics from the past and the present only', () => {
    const f = new FeatureExtractor();
    const out = new Float64Array(FEATURE_COUNT);
    const monday9 = Date.UTC(2024, 0, 1, 9, 30);
    [1, 2, 3, 4, 5].forEach((v, i) => f.update(monday9 + i * 60_000, v, out));
    expect(out[0]).toBe(5);
    expect(out[1]).toBe(3); // mean5
    expect(out[4]).toBeCloseTo(Math.sqrt(2.5), 12); // std5
    expect(out[6]).toBe(1); // rate of change
    expect(out[7]).toBe(0); // acceleration
    expect(out[10]).toBe(9); // hour (UTC)
    expect(out[11]).toBe(1); // Monday
    expect(out[12]).toBe(1); // business hours
    expect(out[13]).toBe(0);
    expect(out[15]).toBe(0.9); // mid-rank of the newest (largest) value among 5
  });

  it('marks weekends and never produces NaN on a flat start', () => {
    const f = new FeatureExtractor();
    const out = new Float64Array(FEATURE_COUNT);
    f.update(Date.UTC(2024, 0, 6, 12), 0, out);
    expect(out[13]).toBe(1);
    expect(Array.from(out).every(Number.isFinite)).toBe(true);
  });
});
