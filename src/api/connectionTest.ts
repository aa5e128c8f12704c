import { backendRequest, BackendError } from './backendClient';

/** Shape of the backend's `/health` answer. */
export interface HealthResponse {
  status: 'ok';
  version: string;
  uptimeSeconds: number;
}

/** Shape of the backend's authenticated `/api/status` answer. */
export interface StatusResponse {
  version: string;
  store: { kind: string; location: string; schemaVersion: number };
}

export type ConnectionTestResult =
  | { ok: true; message: string; health: HealthResponse; status: StatusResponse }
  | { ok: false; message: string; step: 'health' | 'auth' };

/** Two real round trips through the plugin proxy: liveness, then an endpoint that needs the API key. */
export async function testBackendConnection(): Promise<ConnectionTestResult> {
  let health: HealthResponse;
  try {
    health = await backendRequest<HealthResponse>('/health');
  } catch (error) {
    return { ok: false, step: 'health', message: (error as BackendError).message };
  }
  try {
    const status = await backendRequest<StatusResponse>('/api/status');
    return {
      ok: true,
      health,
      status,
      message: `Connected to Foresight backend ${status.version}: API key accepted, ${status.store.kind} store at ${status.store.location} (schema v${status.store.schemaVersion}).`,
    };
  } catch (error) {
    return { ok: false, step: 'auth', message: (error as BackendError).message };
  }
}
