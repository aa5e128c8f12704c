import type { IncidentStatus } from '../../engine/incidents/types';
import type { Severity } from '../../engine/severity';

/** "45 s", "12 min", "3 h 5 min", "2 d 4 h": durations as an on-call engineer reads them. */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) {
    return '–';
  }
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) {
    return `${s} s`;
  }
  const min = Math.floor(s / 60);
  if (min < 60) {
    return `${min} min`;
  }
  const h = Math.floor(min / 60);
  if (h < 24) {
    return min % 60 ? `${h} h ${min % 60} min` : `${h} h`;
  }
  const d = Math.floor(h / 24);
  return h % 24 ? `${d} d ${h % 24} h` : `${d} d`;
}

export function formatRatio(value: number | null | undefined, digits = 1): string {
  return value === null || value === undefined || !Number.isFinite(value) ? '–' : `${(value * 100).toFixed(digits)}%`;
}

/** UTC-free local time with seconds, as Grafana shows times. */
export function formatTime(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) {
    return '–';
  }
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** Badge colours from Grafana's palette. */
export const STATUS_COLORS: Record<IncidentStatus, 'red' | 'orange' | 'green'> = {
  open: 'red',
  acknowledged: 'orange',
  resolved: 'green',
};

export const SEVERITY_COLORS: Record<Severity, 'red' | 'orange' | 'blue' | 'purple' | 'darkgrey'> = {
  critical: 'red',
  high: 'orange',
  medium: 'purple',
  low: 'blue',
  info: 'darkgrey',
};

/** Links a member alert carries: the rule (generator), runbook, Grafana dashboard/panel/silence. */
export function alertLinks(alert: {
  generatorUrl?: string;
  runbookUrl?: string;
  annotations: Record<string, string>;
}): Array<{ label: string; href: string }> {
  const links: Array<{ label: string; href: string }> = [];
  const add = (label: string, href: string | undefined) => {
    if (href && /^https?:\/\//i.test(href) && !links.some((l) => l.href === href)) {
      links.push({ label, href });
    }
  };
  add('Source', alert.generatorUrl);
  add('Runbook', alert.runbookUrl);
  add('Dashboard', alert.annotations.dashboard_url);
  add('Panel', alert.annotations.panel_url);
  add('Silence', alert.annotations.silence_url);
  return links;
}
