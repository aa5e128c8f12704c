import { dailyLoadFactor, seasonalLoadFactor, weeklyLoadFactor, weekendShare } from './seasonality';

const at = (iso: string): number => Date.parse(iso);

describe('seasonality', () => {
  it('peaks in the afternoon and bottoms out at night', () => {
    expect(dailyLoadFactor(at('2026-11-18T14:00:00Z'))).toBeGreaterThan(0.95);
    expect(dailyLoadFactor(at('2026-11-18T02:00:00Z'))).toBeLessThan(0.35);
    expect(dailyLoadFactor(at('2026-11-18T14:00:00Z'))).toBeGreaterThan(dailyLoadFactor(at('2026-11-18T09:00:00Z')));
  });

  it('is lower on weekends than on weekdays at the same hour', () => {
    // 2026-11-21 is a Saturday, 2026-11-18 a Wednesday.
    expect(weeklyLoadFactor(at('2026-11-21T12:00:00Z'))).toBeCloseTo(0.7, 6);
    expect(weeklyLoadFactor(at('2026-11-18T12:00:00Z'))).toBeCloseTo(1, 6);
    expect(seasonalLoadFactor(at('2026-11-21T14:00:00Z'))).toBeLessThan(seasonalLoadFactor(at('2026-11-18T14:00:00Z')));
  });

  it('blends the weekend edge instead of stepping', () => {
    const share = weekendShare(at('2026-11-21T00:00:00Z'));
    expect(share).toBeGreaterThan(0.2);
    expect(share).toBeLessThan(0.8);
    expect(weekendShare(at('2026-11-20T21:00:00Z'))).toBe(0);
  });

  it('repeats every day', () => {
    const t = at('2026-11-17T10:30:00Z');
    expect(dailyLoadFactor(t + 86_400_000)).toBeCloseTo(dailyLoadFactor(t), 12);
  });
});
