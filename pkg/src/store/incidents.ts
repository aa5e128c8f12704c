import type { CorrelationChange } from '../../../src/engine/incidents/correlator';
import type { KpiIncident } from '../../../src/engine/incidents/kpis';
import type {
  Alert,
  AlertSource,
  AlertStatus,
  FeedbackLabel,
  Incident,
  IncidentStatus,
  TimelineEntry,
} from '../../../src/engine/incidents/types';
import type { Severity } from '../../../src/engine/severity';

/** One stored alert occurrence (fingerprint + startsAt), folded from every notification received for it. */
export interface StoredAlert {
  /** `fingerprint@startsAt`, the correlator's occurrence key. */
  key: string;
  fingerprint: string;
  source: AlertSource;
  name: string;
  service?: string;
  severity: Severity;
  status: AlertStatus;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  annotationsReceivedAt: number;
  startsAt: number;
  endsAt?: number;
  firstReceivedAt: number;
  lastReceivedAt: number;
  deliveries: number;
  generatorUrl?: string;
  runbookUrl?: string;
  incidentId?: string;
}

export interface IngestResult {
  /** Id of the stored raw payload; null when the payload was a re-delivery of one already stored. */
  payloadId: number | null;
  duplicate: boolean;
  /** Alerts in the payload. */
  alerts: number;
  /**
   * Occurrence keys (`fingerprint@startsAt`) of payload alerts that belong to an incident the correlator already
   * released (closed): a very late re-notification updates the stored alert but must not start a new incident.
   */
  settledKeys: string[];
}

/** An incident as the API returns it: engine fields plus the human state (ack, manual resolve, feedback, merge). */
export interface StoredIncident extends Incident {
  /** What the correlator says, whatever a person did. */
  engineStatus: 'open' | 'resolved';
  acknowledgedBy?: string;
  /** Set when a person merged this incident into another; it then no longer appears in lists. */
  mergedInto?: string;
  /** True once the correlator released it (no alert can join any more). */
  closed: boolean;
  updatedAt: number;
}

export type IncidentSortField = 'priority' | 'onsetAt' | 'lastEventAt' | 'alertCount' | 'severity';

export interface IncidentListQuery {
  status?: IncidentStatus[];
  severity?: Severity[];
  service?: string;
  /** Incidents active at some time in [from, to] (ms epoch). */
  from?: number;
  to?: number;
  sort: IncidentSortField;
  order: 'asc' | 'desc';
  limit: number;
  offset: number;
}

export type IncidentAction =
  | { kind: 'acknowledge' }
  | { kind: 'resolve' }
  | { kind: 'reopen' }
  | { kind: 'note'; text: string }
  | { kind: 'feedback'; label: FeedbackLabel }
  | { kind: 'merge'; into: string };

/** A human action that cannot apply to the incident's current state (HTTP 404/409). */
export class IncidentActionError extends Error {
  constructor(
    readonly status: 404 | 409,
    message: string,
    readonly field?: string
  ) {
    super(message);
    this.name = 'IncidentActionError';
  }
}

/** Alerts and incidents: durable ingestion, correlation results, and the human lifecycle. */
export interface IncidentRepository {
  /**
   * Stores the raw payload and folds its alerts into the stored occurrences in ONE transaction. A payload whose
   * SHA-256 was already stored is a re-delivery: nothing changes and `duplicate` is true.
   */
  ingestAlerts(input: {
    source: AlertSource;
    body: string;
    bodySha256: string;
    alerts: Alert[];
    receivedAt: number;
    /**
     * Only alerts that started at or before this time can belong to a released incident (release waits for the
     * window and the allowed lateness after the last start), so only those are looked up for `settledKeys`.
     */
    settledCheckBefore?: number;
  }): Promise<IngestResult>;
  /** Alerts the correlator must hold after a restart: members of incidents not yet closed, and unassigned recent ones. */
  liveAlerts(unassignedSince: number): Promise<StoredAlert[]>;
  /** Applies correlator output in one transaction: incident rows, member assignments (`[key, incidentId]`). */
  applyCorrelation(
    changes: readonly CorrelationChange[],
    assignments: ReadonlyArray<[string, string]>,
    at: number
  ): Promise<void>;
  list(query: IncidentListQuery): Promise<{ items: StoredIncident[]; total: number }>;
  get(id: string): Promise<StoredIncident | undefined>;
  alertsOf(id: string): Promise<StoredAlert[]>;
  /** Human events (ack, resolve, notes, feedback, merges) in time order. */
  events(id: string): Promise<TimelineEntry[]>;
  act(id: string, action: IncidentAction, actor: string, at: number): Promise<StoredIncident>;
  /** KPI inputs for incidents with onset in [from, to], and the distinct alerts that started in it. */
  kpiInput(from: number, to: number): Promise<{ incidents: KpiIncident[]; distinctAlerts: number }>;
  counts(): Promise<{ payloads: number; alerts: number; incidents: number }>;
}
