/** The backend's SLO endpoints (pkg/src/routes/slos.ts), typed. Pages render what these return; no math here. */
import { backendRequest } from '../../api/backendClient';
import type { SloSpec, SloStatus } from '../../engine/slo/types';

export interface SloEvaluationInfo {
  available: boolean;
  /** recorded: from the generated recording rules; raw: rate() queries per window (no recording rules at the source). */
  mode?: 'recorded' | 'raw';
  reason?: string;
}

export interface SloListItem {
  spec: SloSpec;
  createdAt: string;
  updatedAt: string;
  /** One per group value; null when Prometheus could not be queried. */
  statuses: SloStatus[] | null;
}

export interface SloListResponse {
  evaluation: SloEvaluationInfo;
  slos: SloListItem[];
}

export interface SloDetailResponse extends SloListItem {
  evaluation: SloEvaluationInfo;
  /** Generated Prometheus rules for this SLO (YAML). */
  rules: string;
}

export interface SloPreviewResponse {
  spec: SloSpec;
  statuses: SloStatus[];
  rules: string;
}

export const sloApi = {
  list: () => backendRequest<SloListResponse>('/api/slos'),
  get: (id: string) => backendRequest<SloDetailResponse>(`/api/slos/${encodeURIComponent(id)}`),
  create: (spec: SloSpec) => backendRequest<SloListItem>('/api/slos', { method: 'POST', data: { spec } }),
  update: (spec: SloSpec) =>
    backendRequest<SloListItem>(`/api/slos/${encodeURIComponent(spec.id)}`, { method: 'PUT', data: { spec } }),
  remove: (id: string) => backendRequest<null>(`/api/slos/${encodeURIComponent(id)}`, { method: 'DELETE' }),
  preview: (spec: SloSpec) =>
    backendRequest<SloPreviewResponse>('/api/slos/preview', { method: 'POST', data: { spec } }),
  importYaml: (yaml: string) =>
    backendRequest<{ format: string; specs: SloSpec[] }>('/api/slos/import', { method: 'POST', data: { yaml } }),
};

export interface SloHistoryResponse {
  startMs: number;
  endMs: number;
  stepSeconds: number;
  objective: number;
  sli: Array<{ group: Record<string, string>; points: Array<[number, number]> }>;
  budgetRemaining: Array<{ group: Record<string, string>; points: Array<[number, number]> }>;
  burnRate: Array<{ group: Record<string, string>; points: Array<[number, number]> }>;
  breaches: Array<Array<{ startMs: number; endMs: number }>>;
}

export const sloHistoryApi = {
  get: (id: string, range?: string) =>
    backendRequest<SloHistoryResponse>(`/api/slos/${encodeURIComponent(id)}/history`, {
      params: range ? { range } : undefined,
    }),
};
