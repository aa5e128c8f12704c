import {
  budgetBurnDown,
  budgetMinutes,
  budgetRemaining,
  burnRate,
  errorBudget,
  projectedExhaustionMs,
  timeToExhaustionSeconds,
} from './budget';

const DAY = 86400;

describe('error budget', () => {
  it.each([
    { objective: 0.999, budget: 0.001, period: 30 * DAY, minutes: 43.2 },
    { objective: 0.999, budget: 0.001, period: 28 * DAY, minutes: 40.32 },
    { objective: 0.99, budget: 0.01, period: 7 * DAY, minutes: 100.8 },
    { objective: 0.9999, budget: 0.0001, period: 30 * DAY, minutes: 4.32 },
    { objective: 0.95, budget: 0.05, period: 1 * DAY, minutes: 72 },
  ])('$objective over $period s: budget $budget = $minutes min', ({ objective, budget, period, minutes }) => {
    expect(errorBudget(objective)).toBe(budget);
    expect(budgetMinutes(objective, period)).toBeCloseTo(minutes, 9);
  });
});

describe('burn rate', () => {
  it.each([
    { errorRatio: 0.001, objective: 0.999, burn: 1 },
    { errorRatio: 0.0144, objective: 0.999, burn: 14.4 },
    { errorRatio: 0.06, objective: 0.99, burn: 6 },
    { errorRatio: 0, objective: 0.999, burn: 0 },
    { errorRatio: 1, objective: 0.999, burn: 1000 },
  ])('error ratio $errorRatio against $objective burns at $burn×', ({ errorRatio, objective, burn }) => {
    expect(burnRate(errorRatio, objective)).toBeCloseTo(burn, 9);
  });

  it('at 14.4× a 30d budget lasts 50 hours, not 2 hours (requirements §6.2 #10)', () => {
    expect(timeToExhaustionSeconds(1, 30 * DAY, 14.4) / 3600).toBeCloseTo(50, 9);
    expect(timeToExhaustionSeconds(1, 30 * DAY, 6) / DAY).toBeCloseTo(5, 9);
    expect(timeToExhaustionSeconds(1, 30 * DAY, 1) / DAY).toBeCloseTo(30, 9);
  });
});

describe('budget remaining and exhaustion', () => {
  it.each([
    { periodErrorRatio: 0, remaining: 1 },
    { periodErrorRatio: 0.00025, remaining: 0.75 },
    { periodErrorRatio: 0.001, remaining: 0 },
    { periodErrorRatio: 0.0015, remaining: -0.5 },
  ])('error ratio $periodErrorRatio over the period leaves $remaining', ({ periodErrorRatio, remaining }) => {
    expect(budgetRemaining(periodErrorRatio, 0.999)).toBeCloseTo(remaining, 9);
  });

  it.each([
    { remaining: 0.5, burn: 2, days: 7.5 },
    { remaining: 0.25, burn: 14.4, days: (0.25 * 30) / 14.4 },
    { remaining: 0.5, burn: 0, days: Infinity },
    { remaining: 0, burn: 3, days: 0 },
    { remaining: -0.2, burn: 3, days: 0 },
  ])('$remaining left at $burn× lasts $days days', ({ remaining, burn, days }) => {
    const seconds = timeToExhaustionSeconds(remaining, 30 * DAY, burn);
    if (Number.isFinite(days)) {
      expect(seconds / DAY).toBeCloseTo(days, 9);
    } else {
      expect(seconds).toBe(Infinity);
    }
  });

  it('projects the exhaustion date from now', () => {
    const now = Date.UTC(2026, 10, 1);
    expect(new Date(projectedExhaustionMs(now, 0.5, 30 * DAY, 2)!).toISOString()).toBe('2026-11-08T12:00:00.000Z');
    expect(projectedExhaustionMs(now, 0.5, 30 * DAY, 0)).toBeNull();
  });

  it('burns down by traffic-weighted errors and skips missing steps', () => {
    const remaining = budgetBurnDown([0, 0.002, null, 0.001], [100, 100, 50, 200], 0.999);
    expect(remaining[0]).toBeCloseTo(1, 9);
    expect(remaining[1]).toBeCloseTo(0, 9); // 0.2 bad of 200 events against a 0.2 budget
    expect(remaining[2]).toBeCloseTo(0, 9);
    expect(remaining[3]).toBeCloseTo(1 - 0.4 / 0.4, 9);
    expect(budgetBurnDown([null], [null], 0.999)).toEqual([null]);
  });
});
