import { Severity } from '../severity';
import { Labels } from '../series';

export type AlertSource = 'alertmanager' | 'grafana' | 'generic' | 'detector';
export type AlertStatus = 'firing' | 'resolved';

/** An alert normalised from any webhook format; the correlation engine only sees this shape. */
export interface Alert {
  /** Deduplication key (configurable fields of the labels; volatile fields excluded), see `alertFingerprint`. */
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
  /** Arrival time at the backend (ms epoch), used only for MTTD bookkeeping and staleness. */
  receivedAt: number;
  service?: string;
  generatorUrl?: string;
  runbookUrl?: string;
}

/**
 * Lifecycle of a stored incident. The correlator produces `open` and `resolved`; `acknowledged` is set by a human.
 * Groups below the minimum alert count are "candidates" and are not incidents yet (see `CorrelatedGroup.phase`).
 */
export type IncidentStatus = 'open' | 'acknowledged' | 'resolved';
export type FeedbackLabel = 'actionable' | 'noise' | 'wrong-grouping';

export interface TimelineEntry {
  /** ms epoch: event time for correlation decisions, wall-clock time for human actions. */
  at: number;
  /** "foresight" for engine decisions, the Grafana user or "api" for human actions. */
  actor: string;
  /** Short machine-readable kind: opened, joined, resolved, reopened, acknowledged, merged, note, feedback… */
  event: string;
  /** Human-readable explanation, e.g. "joined because same service checkout and 2 min apart". */
  detail?: string;
}

export interface Incident {
  /** Deterministic id derived from the earliest member alert, e.g. `INC-20261122-2104-3f9a1c`. */
  id: string;
  title: string;
  status: IncidentStatus;
  severity: Severity;
  /** 0–100, with the reasons that produced it. */
  priority: number;
  priorityReasons: string[];
  services: string[];
  /** Services of the incident that call no other alerting service of it: the likeliest root causes. */
  rootCauseCandidates: string[];
  /** Distinct fingerprints of the member alerts. */
  alertFingerprints: string[];
  /** Number of member alert occurrences (a flapping alert counts once per firing episode). */
  alertCount: number;
  /** Number of member occurrences still firing. */
  firingCount: number;
  /** Earliest member startsAt (ms epoch). */
  onsetAt: number;
  /** When the backend first knew of it: arrival of the alert that made it an incident (ms epoch). */
  detectedAt: number;
  acknowledgedAt?: number;
  resolvedAt?: number;
  /** Latest member startsAt/endsAt seen (ms epoch). */
  lastEventAt: number;
  runbookUrls: string[];
  feedback?: FeedbackLabel;
  timeline: TimelineEntry[];
}
