import { lastValueFrom } from 'rxjs';
import { FetchError, getBackendSrv, isFetchError } from '@grafana/runtime';
import { BACKEND_PROXY_URL } from '../constants';

/** An error from the Foresight backend or the Grafana proxy in front of it, with a message a user can act on. */
export class BackendError extends Error {
  constructor(
    message: string,
    readonly status: number
  ) {
    super(message);
  }
}

/** Turns a proxy/backend failure into a sentence that says what to do next. */
export function describeBackendFailure(error: unknown): BackendError {
  if (isFetchError(error)) {
    const fetchError = error as FetchError<{ message?: string; error?: string }>;
    const status = fetchError.status;
    const detail = fetchError.data?.message ?? fetchError.data?.error ?? fetchError.statusText ?? '';
    if (status === 401 || status === 403) {
      return new BackendError(
        `The backend rejected the API key (HTTP ${status}${detail ? `: ${detail}` : ''}). Set the key to the backend's FORESIGHT_API_KEY and save.`,
        status
      );
    }
    if (status === 502 || status === 503 || status === 504) {
      return new BackendError(
        `Grafana could not reach the backend (HTTP ${status}${detail ? `: ${detail}` : ''}). Check the backend URL and that the backend is running.`,
        status
      );
    }
    if (status === 404) {
      return new BackendError(
        `Not found (HTTP 404${detail ? `: ${detail}` : ''}). Is the app enabled and the backend URL saved?`,
        status
      );
    }
    return new BackendError(`Backend error (HTTP ${status})${detail ? `: ${detail}` : ''}`, status);
  }
  return new BackendError(error instanceof Error ? error.message : String(error), 0);
}

/** Calls the backend through Grafana's plugin proxy, which injects the API key (plugin.json `routes`). */
export async function backendRequest<T>(
  path: string,
  options: {
    method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
    data?: unknown;
    params?: Record<string, unknown>;
  } = {}
): Promise<T> {
  try {
    const response = await lastValueFrom(
      getBackendSrv().fetch<T>({
        url: `${BACKEND_PROXY_URL}${path.startsWith('/') ? path : `/${path}`}`,
        method: options.method ?? 'GET',
        data: options.data,
        params: options.params,
        showErrorAlert: false,
        showSuccessAlert: false,
      })
    );
    return response.data;
  } catch (error) {
    throw describeBackendFailure(error);
  }
}
