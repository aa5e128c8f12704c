import { syntheticSloSpec } from './ruleTests';
import { sloStatus } from './status';

const now = Date.UTC(2026, 10, 22);

describe('SLO status', () => {
  it('derives budget, burn per window, time left, exhaustion date and alert states', () => {
    const status = sloStatus(
      syntheticSloSpec(),
      {
        errorRatios: {
          '5m': 0.02,
          '30m': 0.018,
          '1h': 0.015,
          '2h': 0.004,
          '6h': 0.003,
          '1d': 0.001,
          '3d': 0.0008,
          '30d': 0.0005,
        },
        trafficPerSecond: { '1h': 20, '6h': 20, '1d': 20, '3d': 20 },
      },
      now
    );
    expect(status.sli).toBeCloseTo(0.9995, 12);
    expect(status.budgetRemaining).toBeCloseTo(0.5, 9);
    expect(status.budgetMinutes).toBeCloseTo(43.2, 9);
    expect(status.budgetRemainingMinutes).toBeCloseTo(21.6, 9);
    expect(status.burnRates.find((b) => b.window === '1h')?.burnRate).toBeCloseTo(15, 9);
    // 50% of a 30d budget at 15× lasts 0.5 × 30d / 15 = 1d
    expect(status.timeLeftSeconds).toBeCloseTo(86400, 6);
    expect(status.exhaustionAt).toBe('2026-11-23T00:00:00.000Z');
    expect(status.alerts.map((a) => `${a.window.severity}/${a.window.longWindow}:${a.state}`)).toEqual([
      'page/1h:firing',
      'page/6h:ok',
      'ticket/1d:ok',
      'ticket/3d:ok',
    ]);
  });

  it('reports no data rather than a perfect SLO when there is no traffic', () => {
    const status = sloStatus(syntheticSloSpec(), { errorRatios: { '1h': NaN } }, now);
    expect(status.sli).toBeNull();
    expect(status.budgetRemaining).toBeNull();
    expect(status.timeLeftSeconds).toBeNull();
    expect(status.alerts.every((a) => a.state === 'no-data')).toBe(true);
  });

  it('has no exhaustion date when nothing burns', () => {
    const status = sloStatus(syntheticSloSpec(), { errorRatios: { '1h': 0, '30d': 0 } }, now);
    expect(status.budgetRemaining).toBe(1);
    expect(status.exhaustionAt).toBeNull();
    expect(status.timeLeftSeconds).toBeNull();
  });
});
