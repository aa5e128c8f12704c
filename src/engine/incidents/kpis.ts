import { median } from '../stats/robust';
import { Incident } from './types';

export type KpiKey = 'mttd' | 'mtta' | 'mttr' | 'compression' | 'noiseRate';

export interface Kpi {
  key: KpiKey;
  label: string;
  /** Mean for durations, ratio for rates; null when no incident qualifies. */
  value: number | null;
  /** Median for durations (robust to one forgotten incident); null for ratios or when empty. */
  median: number | null;
  unit: 'ms' | 'ratio';
  /** How many incidents (or alerts, for compression) the value is computed from. */
  count: number;
  definition: string;
}

/** The stored timestamps the KPIs need; any stored incident satisfies it. */
export type KpiIncident = Pick<Incident, 'onsetAt' | 'detectedAt' | 'acknowledgedAt' | 'resolvedAt' | 'feedback'>;

export const KPI_DEFINITIONS: Record<KpiKey, { label: string; unit: Kpi['unit']; definition: string }> = {
  mttd: {
    label: 'MTTD',
    unit: 'ms',
    definition:
      'Mean time to detect: detectedAt − onsetAt over all incidents, where onsetAt is the earliest member alert startsAt ' +
      '(event time) and detectedAt the arrival of the alert that made the group an incident. Clock skew below 0 counts as 0.',
  },
  mtta: {
    label: 'MTTA',
    unit: 'ms',
    definition: 'Mean time to acknowledge: acknowledgedAt − detectedAt over incidents a person acknowledged.',
  },
  mttr: {
    label: 'MTTR',
    unit: 'ms',
    definition:
      'Mean time to resolve: resolvedAt − onsetAt over resolved incidents (resolvedAt is when the last member alert ' +
      'resolved, or when a person resolved it).',
  },
  compression: {
    label: 'Alert → incident compression',
    unit: 'ratio',
    definition:
      'Noise reduction: 1 − incidents ÷ distinct alerts (alert firing episodes after deduplication) in the same period; ' +
      '0.95 means 20 alerts per incident on average.',
  },
  noiseRate: {
    label: 'Labelled-noise rate',
    unit: 'ratio',
    definition: 'Incidents labelled "noise" ÷ incidents with any feedback label (actionable, noise, wrong grouping).',
  },
};

function durationKpi(key: 'mttd' | 'mtta' | 'mttr', durations: number[]): Kpi {
  const clamped = durations.filter(Number.isFinite).map((d) => Math.max(0, d));
  const mean = clamped.length > 0 ? clamped.reduce((sum, d) => sum + d, 0) / clamped.length : null;
  return {
    key,
    ...KPI_DEFINITIONS[key],
    value: mean,
    median: clamped.length > 0 ? median(clamped) : null,
    count: clamped.length,
  };
}

function ratioKpi(key: 'compression' | 'noiseRate', numerator: number, denominator: number): Kpi {
  return {
    key,
    ...KPI_DEFINITIONS[key],
    value: denominator > 0 ? numerator / denominator : null,
    median: null,
    count: denominator,
  };
}

/**
 * Effectiveness KPIs (requirements G3) from stored incident timestamps and labels.
 * `distinctAlerts` is the number of deduplicated alert occurrences received in the same period as `incidents`.
 */
export function incidentKpis(incidents: readonly KpiIncident[], distinctAlerts: number): Kpi[] {
  const labelled = incidents.filter((incident) => incident.feedback !== undefined);
  const compressed = Math.max(0, distinctAlerts - incidents.length);
  return [
    durationKpi(
      'mttd',
      incidents.map((incident) => incident.detectedAt - incident.onsetAt)
    ),
    durationKpi(
      'mtta',
      incidents
        .filter((incident) => incident.acknowledgedAt !== undefined)
        .map((incident) => incident.acknowledgedAt! - incident.detectedAt)
    ),
    durationKpi(
      'mttr',
      incidents
        .filter((incident) => incident.resolvedAt !== undefined)
        .map((incident) => incident.resolvedAt! - incident.onsetAt)
    ),
    ratioKpi('compression', compressed, distinctAlerts),
    ratioKpi('noiseRate', labelled.filter((incident) => incident.feedback === 'noise').length, labelled.length),
  ];
}
