/**
 * One canonical severity scale for alerts, anomalies and incidents (requirements §6.1 row 8).
 * Every external scale (Alertmanager labels, P0–P3, 0–1 scores) is mapped onto it at the boundary.
 */
export const SEVERITIES = ['info', 'low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Rank for sorting and max(): info = 0 … critical = 4. */
export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity);
}

export function maxSeverity(a: Severity, b: Severity): Severity {
  return severityRank(a) >= severityRank(b) ? a : b;
}

/**
 * Mapping table from the labels seen in the wild to the canonical scale.
 * Keys are lower-cased; unknown labels return undefined so callers decide the default.
 */
export const SEVERITY_LABEL_MAP: Readonly<Record<string, Severity>> = {
  p0: 'critical',
  p1: 'high',
  p2: 'medium',
  p3: 'low',
  p4: 'info',
  critical: 'critical',
  fatal: 'critical',
  emergency: 'critical',
  page: 'critical',
  high: 'high',
  major: 'high',
  error: 'high',
  medium: 'medium',
  warning: 'medium',
  warn: 'medium',
  minor: 'low',
  ticket: 'low',
  low: 'low',
  info: 'info',
  informational: 'info',
  none: 'info',
  debug: 'info',
};

export function severityFromLabel(label: string | undefined | null): Severity | undefined {
  if (!label) {
    return undefined;
  }
  return SEVERITY_LABEL_MAP[label.trim().toLowerCase()];
}

/** 0–1 score → severity: ≥ 0.9 critical, ≥ 0.7 high, ≥ 0.5 medium, ≥ 0.3 low, else info. */
export function severityFromScore(score: number): Severity {
  if (!(score >= 0.3)) {
    return 'info';
  }
  if (score >= 0.9) {
    return 'critical';
  }
  if (score >= 0.7) {
    return 'high';
  }
  return score >= 0.5 ? 'medium' : 'low';
}
