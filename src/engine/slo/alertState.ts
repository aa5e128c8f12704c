/**
 * Alert state of the multi-window multi-burn-rate rules from measured burn rates, the same decision the
 * generated Prometheus rules take: both windows above the factor (AND within a pair), and enough traffic over
 * the long window. The short window lets an alert stop soon after the burn stops.
 */
import { BurnRateAlertWindow, SloAlertState, SloAlertStatus } from './types';

export interface WindowMeasurement {
  /** Burn rate per window label (`1h` → 15.2); missing or null when no data. */
  burnRates: Record<string, number | null | undefined>;
  /** Events per second per window label, for the minimum-traffic guard. */
  trafficPerSecond?: Record<string, number | null | undefined>;
}

/** Minimum-traffic guard: a handful of failures on a near-idle service should not page anyone. */
export function hasEnoughTraffic(
  eventsPerSecond: number | null | undefined,
  minPerSecond: number | undefined
): boolean {
  if (minPerSecond === undefined || minPerSecond <= 0) {
    return true;
  }
  return eventsPerSecond !== null && eventsPerSecond !== undefined && eventsPerSecond >= minPerSecond;
}

export function alertState(
  window: BurnRateAlertWindow,
  measured: WindowMeasurement,
  minTrafficPerSecond?: number
): SloAlertState {
  const long = measured.burnRates[window.longWindow];
  const short = measured.burnRates[window.shortWindow];
  if (
    long === null ||
    long === undefined ||
    short === null ||
    short === undefined ||
    !Number.isFinite(long) ||
    !Number.isFinite(short)
  ) {
    return 'no-data';
  }
  const burning = long > window.burnFactor && short > window.burnFactor;
  if (!burning) {
    return 'ok';
  }
  return hasEnoughTraffic(measured.trafficPerSecond?.[window.longWindow], minTrafficPerSecond)
    ? 'firing'
    : 'insufficient-traffic';
}

export function alertStates(
  windows: BurnRateAlertWindow[],
  measured: WindowMeasurement,
  minTrafficPerSecond?: number
): SloAlertStatus[] {
  return windows.map((window) => ({ window, state: alertState(window, measured, minTrafficPerSecond) }));
}
