/**
 * One SLO's figures from measured error ratios per window (the recorded `slo:sli_error:ratio_rate<w>` values):
 * what the backend returns and the pages render. No I/O: the caller fetches the numbers.
 */
import { alertStates } from './alertState';
import { budgetMinutes, burnRate, errorBudget, projectedExhaustionMs, timeToExhaustionSeconds } from './budget';
import { parseDuration } from './duration';
import { CURRENT_BURN_WINDOW } from './rules';
import { SloSpec, SloStatus } from './types';
import { alertWindowsFor, recordedWindowsFor } from './windows';

export interface SloMeasurements {
  group?: Record<string, string>;
  /** Error ratio per window label, including the period (`30d`); null or missing when there was no traffic. */
  errorRatios: Record<string, number | null | undefined>;
  /** Events per second per window label. */
  trafficPerSecond?: Record<string, number | null | undefined>;
}

const finite = (value: number | null | undefined): number | null =>
  value === null || value === undefined || !Number.isFinite(value) ? null : value;

export function sloStatus(spec: SloSpec, measured: SloMeasurements, nowMs: number): SloStatus {
  const periodSeconds = parseDuration(spec.window)!;
  const budget = errorBudget(spec.objective);
  const burnRates = recordedWindowsFor(spec.window).map((window) => {
    const errorRatio = finite(measured.errorRatios[window]);
    return { window, errorRatio, burnRate: errorRatio === null ? null : burnRate(errorRatio, spec.objective) };
  });
  const byWindow = Object.fromEntries(burnRates.map((b) => [b.window, b.burnRate]));
  const periodRatio = finite(measured.errorRatios[spec.window]);
  const remaining = periodRatio === null ? null : 1 - periodRatio / budget;
  const currentBurn = byWindow[CURRENT_BURN_WINDOW] ?? null;
  const totalMinutes = budgetMinutes(spec.objective, periodSeconds);
  const exhaustion =
    remaining === null || currentBurn === null
      ? null
      : projectedExhaustionMs(nowMs, remaining, periodSeconds, currentBurn);
  const timeLeft =
    remaining === null || currentBurn === null ? null : timeToExhaustionSeconds(remaining, periodSeconds, currentBurn);
  return {
    sloId: spec.id,
    group: measured.group ?? {},
    objective: spec.objective,
    sli: periodRatio === null ? null : 1 - periodRatio,
    errorBudget: budget,
    budgetRemaining: remaining,
    budgetMinutes: totalMinutes,
    budgetRemainingMinutes: remaining === null ? null : remaining * totalMinutes,
    burnRates,
    timeLeftSeconds: timeLeft === null || !Number.isFinite(timeLeft) ? null : timeLeft,
    exhaustionAt: exhaustion === null ? null : new Date(exhaustion).toISOString(),
    alerts: alertStates(
      alertWindowsFor(spec.window).filter((w) => spec.alerting[w.severity]),
      { burnRates: byWindow, trafficPerSecond: measured.trafficPerSecond },
      spec.alerting.minTrafficPerSecond
    ),
  };
}
