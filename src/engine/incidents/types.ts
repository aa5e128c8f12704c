import { Severity } from '../severity';
import { Labels } from '../series';

export type AlertSource = 'alertmanager' | 'grafana' | 'generic' | 'detector';
export type AlertStatus = 'firing' | 'resolved';

/** An alert normalised from any webhook format; the correlation engine only sees this shape. */
export interface Alert {
  /** Deduplication key (configurable fields of the labels; volatile fields excluded). */
  fingerprint: string;
  source: AlertSource;
  status: AlertStatus;
  name: string;
  severity: Severity;
  labels: Labels;
  annotations: Labels;
  /** Event time from the alert itself (ms epoch), never the arrival time. */
  startsAt: number;
  /** Set when resolved (ms epoch). */
  endsAt?: number;
  /** Arrival time at the backend (ms epoch), used only for MTTD bookkeeping. */
  receivedAt: number;
  service?: string;
  generatorUrl?: string;
  runbookUrl?: string;
}

export type IncidentStatus = 'open' | 'acknowledged' | 'resolved';
export type FeedbackLabel = 'actionable' | 'noise' | 'wrong-grouping';

export interface TimelineEntry {
  at: number;
  actor: string;
  event: string;
  detail?: string;
}

export interface Incident {
  /** Deterministic id derived from the first member alert. */
  id: string;
  title: string;
  status: IncidentStatus;
  severity: Severity;
  /** 0–100, with the reasons that produced it. */
  priority: number;
  priorityReasons: string[];
  services: string[];
  alertFingerprints: string[];
  /** Earliest member startsAt (ms epoch). */
  onsetAt: number;
  /** When the backend first knew of it (ms epoch). */
  detectedAt: number;
  acknowledgedAt?: number;
  resolvedAt?: number;
  feedback?: FeedbackLabel;
  timeline: TimelineEntry[];
}
