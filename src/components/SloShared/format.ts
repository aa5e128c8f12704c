/** Display formatting for SLO figures: one place, so list, detail and form show the same digits. */
import { humanizeSeconds } from '../../engine/slo/duration';
import type { SloAlertState, SloStatus } from '../../engine/slo/types';

export function formatPercent(value: number | null | undefined, digits = 2): string {
  return value === null || value === undefined || !Number.isFinite(value) ? '–' : `${(value * 100).toFixed(digits)}%`;
}

export function formatBurn(value: number | null | undefined): string {
  return value === null || value === undefined || !Number.isFinite(value)
    ? '–'
    : `${value < 10 ? value.toFixed(2) : value.toFixed(1)}×`;
}

export function formatTimeLeft(seconds: number | null | undefined): string {
  return seconds === null || seconds === undefined ? 'not burning' : humanizeSeconds(seconds);
}

const STATE_RANK: Record<SloAlertState, number> = { firing: 3, 'insufficient-traffic': 2, ok: 1, 'no-data': 0 };

/** The most severe alert of a status: a firing page beats a firing ticket beats everything else. */
export function worstAlert(status: SloStatus | undefined): { label: string; state: SloAlertState } {
  if (!status || status.alerts.length === 0) {
    return { label: 'no alerts', state: 'no-data' };
  }
  const sorted = [...status.alerts].sort(
    (a, b) =>
      STATE_RANK[b.state] - STATE_RANK[a.state] ||
      (a.window.severity === 'page' ? -1 : 1) - (b.window.severity === 'page' ? -1 : 1)
  );
  const top = sorted[0];
  if (top.state === 'firing') {
    return {
      label: `${top.window.severity} firing (${top.window.longWindow}/${top.window.shortWindow})`,
      state: 'firing',
    };
  }
  return {
    label: top.state === 'insufficient-traffic' ? 'held: low traffic' : top.state === 'ok' ? 'ok' : 'no data',
    state: top.state,
  };
}
