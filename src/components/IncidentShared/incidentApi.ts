/** The backend's incident endpoints (pkg/src/routes/incidents.ts), typed. Pages render what these return. */
import { backendRequest } from '../../api/backendClient';
import type { Kpi } from '../../engine/incidents/kpis';
import type { FeedbackLabel, Incident, IncidentStatus } from '../../engine/incidents/types';
import type { Severity } from '../../engine/severity';

/** An incident as the API returns it (pkg/src/store/incidents.ts `StoredIncident`). */
export interface IncidentView extends Incident {
  engineStatus: 'open' | 'resolved';
  acknowledgedBy?: string;
  mergedInto?: string;
  closed: boolean;
  updatedAt: number;
}

export interface IncidentAlertView {
  key: string;
  fingerprint: string;
  source: string;
  name: string;
  service?: string;
  severity: Severity;
  status: 'firing' | 'resolved';
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: number;
  endsAt?: number;
  deliveries: number;
  generatorUrl?: string;
  runbookUrl?: string;
}

export interface IncidentListResponse {
  items: IncidentView[];
  total: number;
  limit: number;
  offset: number;
}

export interface IncidentDetailResponse {
  incident: IncidentView;
  alerts: IncidentAlertView[];
}

export interface IncidentKpiResponse {
  from: number;
  to: number;
  incidents: number;
  distinctAlerts: number;
  kpis: Kpi[];
}

export interface IncidentFilters {
  status?: IncidentStatus[];
  severity?: Severity[];
  service?: string;
  sort?: 'priority' | 'onsetAt' | 'lastEventAt' | 'alertCount' | 'severity';
  order?: 'asc' | 'desc';
  limit?: number;
  offset?: number;
}

const base = (id: string) => `/api/incidents/${encodeURIComponent(id)}`;

export const incidentApi = {
  list: (filters: IncidentFilters = {}) =>
    backendRequest<IncidentListResponse>('/api/incidents', {
      params: {
        ...(filters.status?.length ? { status: filters.status.join(',') } : {}),
        ...(filters.severity?.length ? { severity: filters.severity.join(',') } : {}),
        ...(filters.service ? { service: filters.service } : {}),
        sort: filters.sort ?? 'priority',
        order: filters.order ?? 'desc',
        limit: filters.limit ?? 50,
        offset: filters.offset ?? 0,
      },
    }),
  get: (id: string) => backendRequest<IncidentDetailResponse>(base(id)),
  kpis: () => backendRequest<IncidentKpiResponse>('/api/incidents/kpis'),
  acknowledge: (id: string) => backendRequest<{ incident: IncidentView }>(`${base(id)}/ack`, { method: 'POST' }),
  resolve: (id: string) => backendRequest<{ incident: IncidentView }>(`${base(id)}/resolve`, { method: 'POST' }),
  reopen: (id: string) => backendRequest<{ incident: IncidentView }>(`${base(id)}/reopen`, { method: 'POST' }),
  merge: (id: string, into: string) =>
    backendRequest<{ incident: IncidentView }>(`${base(id)}/merge`, { method: 'POST', data: { into } }),
  note: (id: string, text: string) =>
    backendRequest<{ incident: IncidentView }>(`${base(id)}/notes`, { method: 'POST', data: { text } }),
  feedback: (id: string, label: FeedbackLabel) =>
    backendRequest<{ incident: IncidentView }>(`${base(id)}/feedback`, { method: 'POST', data: { label } }),
};
