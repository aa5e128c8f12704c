/**
 * Multi-window multi-burn-rate alert windows (Google SRE Workbook, "Alerting on SLOs"), as Sloth derives them:
 * each alert lets a fixed fraction of the period's budget burn within its long window, so its burn-rate
 * threshold is `budgetFraction × period / longWindow` (30d: 2% in 1h → 14.4×, 5% in 6h → 6×, 10% in 1d → 3×,
 * 10% in 3d → 1×). Never "14.4× = budget gone in 2 hours": at burn B a budget lasts period / B (30d / 14.4 = 50h).
 */
import { formatDuration, parseDuration } from './duration';
import { BurnRateAlertWindow } from './types';

interface WindowRow {
  severity: BurnRateAlertWindow['severity'];
  speed: BurnRateAlertWindow['speed'];
  budgetPercent: number;
  shortWindow: string;
  longWindow: string;
}

function catalogRows(percents: [number, number, number, number]): WindowRow[] {
  return [
    { severity: 'page', speed: 'quick', budgetPercent: percents[0], shortWindow: '5m', longWindow: '1h' },
    { severity: 'page', speed: 'slow', budgetPercent: percents[1], shortWindow: '30m', longWindow: '6h' },
    { severity: 'ticket', speed: 'quick', budgetPercent: percents[2], shortWindow: '2h', longWindow: '1d' },
    { severity: 'ticket', speed: 'slow', budgetPercent: percents[3], shortWindow: '6h', longWindow: '3d' },
  ];
}

/** Sloth's catalog: google-30d and google-28d (SRE workbook) and its 7d example, keyed by period seconds. */
const CATALOG: Record<number, WindowRow[]> = {
  [30 * 86400]: catalogRows([2, 5, 10, 10]),
  [28 * 86400]: catalogRows([2, 5, 10, 10]),
  [7 * 86400]: catalogRows([8, 12.5, 20, 42]),
};

const THIRTY_DAYS = 30 * 86400;
const MINUTE = 60;

/** The burn-rate windows every SLO page shows, shortest first. */
export const STANDARD_BURN_WINDOWS = ['5m', '30m', '1h', '2h', '6h', '1d', '3d'];

function toAlertWindow(row: WindowRow, periodSeconds: number): BurnRateAlertWindow {
  const longSeconds = parseDuration(row.longWindow)!;
  const budgetFraction = row.budgetPercent / 100;
  return {
    severity: row.severity,
    speed: row.speed,
    longWindow: row.longWindow,
    shortWindow: row.shortWindow,
    budgetFraction,
    burnFactor: roundFactor((budgetFraction * periodSeconds) / longSeconds),
  };
}

// Factors like 0.1 × 2592000 / 259200 come out as 0.9999999999999999; 10 significant digits are plenty.
function roundFactor(value: number): number {
  return Number(value.toPrecision(10));
}

/**
 * The four alert windows for an SLO period. Catalogued periods (30d, 28d, 7d) use Sloth's table; any other
 * period scales the 30d windows by period/30d (whole minutes, at least 1m) and keeps 30d's budget fractions,
 * so a 14d SLO pages on 2% of its budget burnt in 30m and 2m30s → 3m.
 */
export function alertWindowsFor(period: string): BurnRateAlertWindow[] {
  const periodSeconds = parseDuration(period);
  if (periodSeconds === null) {
    throw new Error(`window: not a Prometheus duration, got ${JSON.stringify(period)}`);
  }
  const known = CATALOG[periodSeconds];
  if (known) {
    return known.map((row) => toAlertWindow(row, periodSeconds));
  }
  const scale = periodSeconds / THIRTY_DAYS;
  const scaleWindow = (w: string): string =>
    formatDuration(Math.max(MINUTE, Math.round((parseDuration(w)! * scale) / MINUTE) * MINUTE));
  return CATALOG[THIRTY_DAYS].map((row) =>
    toAlertWindow(
      { ...row, shortWindow: scaleWindow(row.shortWindow), longWindow: scaleWindow(row.longWindow) },
      periodSeconds
    )
  );
}

/** Every window an SLO needs recorded: the standard page set, its alert windows and the period, shortest first. */
export function recordedWindowsFor(period: string): string[] {
  const all = new Set<string>(STANDARD_BURN_WINDOWS);
  for (const w of alertWindowsFor(period)) {
    all.add(w.shortWindow);
    all.add(w.longWindow);
  }
  all.add(period);
  const periodSeconds = parseDuration(period)!;
  return [...all]
    .filter((w) => parseDuration(w)! <= periodSeconds)
    .sort((a, b) => parseDuration(a)! - parseDuration(b)!);
}
