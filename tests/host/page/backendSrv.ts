import { lastValueFrom, Observable } from 'rxjs';
import type { BackendSrv, BackendSrvRequest, FetchError, FetchResponse } from '@grafana/runtime';

/**
 * A BackendSrv on window.fetch that behaves like Grafana's (public/app/core/services/backend_srv.ts) where plugins
 * can observe it: relative URLs are resolved against the app root, params become the query string, objects are
 * sent as JSON, JSON answers are parsed, and a non-2xx answer errors the Observable with a FetchError
 * {status, statusText, data, config}. Unsubscribing aborts the request.
 */
export class HostBackendSrv implements BackendSrv {
  constructor(private readonly orgId = 1) {}

  fetch<T>(options: BackendSrvRequest): Observable<FetchResponse<T>> {
    return new Observable<FetchResponse<T>>((subscriber) => {
      const controller = new AbortController();
      const onAbort = () => controller.abort();
      options.abortSignal?.addEventListener('abort', onAbort);
      this.send<T>(options, controller.signal).then(
        (response) => {
          subscriber.next(response);
          subscriber.complete();
        },
        (error) => subscriber.error(error)
      );
      return () => {
        options.abortSignal?.removeEventListener('abort', onAbort);
        controller.abort();
      };
    });
  }

  chunked(options: BackendSrvRequest): Observable<FetchResponse<Uint8Array | undefined>> {
    return new Observable((subscriber) => {
      const controller = new AbortController();
      (async () => {
        const response = await window.fetch(resolveUrl(options), requestInit(options, this.orgId, controller.signal));
        const base = responseFields(response, options);
        if (!response.ok || !response.body) {
          throw fetchError(response, await parseBody(response, options), options);
        }
        const reader = response.body.getReader();
        for (;;) {
          const { done, value } = await reader.read();
          if (done) {
            break;
          }
          subscriber.next({ ...base, data: value });
        }
        subscriber.complete();
      })().catch((error) => subscriber.error(error));
      return () => controller.abort();
    });
  }

  get<T = any>(url: string, params?: any, requestId?: string, options?: Partial<BackendSrvRequest>): Promise<T> {
    return this.data<T>({ ...options, url, params, requestId, method: 'GET' });
  }
  delete<T = unknown>(url: string, data?: unknown, options?: Partial<BackendSrvRequest>): Promise<T> {
    return this.data<T>({ ...options, url, data, method: 'DELETE' });
  }
  post<T = any>(url: string, data?: unknown, options?: Partial<BackendSrvRequest>): Promise<T> {
    return this.data<T>({ ...options, url, data, method: 'POST' });
  }
  patch<T = any>(url: string, data?: unknown, options?: Partial<BackendSrvRequest>): Promise<T> {
    return this.data<T>({ ...options, url, data, method: 'PATCH' });
  }
  put<T = any>(url: string, data?: unknown, options?: Partial<BackendSrvRequest>): Promise<T> {
    return this.data<T>({ ...options, url, data, method: 'PUT' });
  }
  request<T = unknown>(options: BackendSrvRequest): Promise<T> {
    return this.data<T>(options);
  }
  datasourceRequest<T = unknown>(options: BackendSrvRequest): Promise<FetchResponse<T>> {
    return lastValueFrom(this.fetch<T>(options));
  }

  private async data<T>(options: BackendSrvRequest): Promise<T> {
    return (await lastValueFrom(this.fetch<T>(options))).data;
  }

  private async send<T>(options: BackendSrvRequest, signal: AbortSignal): Promise<FetchResponse<T>> {
    let response: Response;
    try {
      response = await window.fetch(resolveUrl(options), requestInit(options, this.orgId, signal));
    } catch (error) {
      if (signal.aborted) {
        throw {
          status: -1,
          statusText: 'Request was aborted',
          data: {},
          cancelled: true,
          config: options,
        } satisfies FetchError;
      }
      // A network failure between the browser and Grafana: Grafana's backendSrv reports status 0 (no answer).
      throw {
        status: 0,
        statusText: 'Network error',
        data: { message: String(error) },
        config: options,
      } satisfies FetchError;
    }
    const data = await parseBody(response, options);
    if (!response.ok) {
      throw fetchError(response, data, options);
    }
    return { ...responseFields(response, options), data: data as T };
  }
}

function resolveUrl(options: BackendSrvRequest): string {
  let url = options.url;
  // Grafana prefixes relative URLs with appSubUrl ("" here): "api/x" → "/api/x".
  if (!/^https?:\/\//.test(url) && !url.startsWith('/')) {
    url = `/${url}`;
  }
  const query = serializeParams(options.params);
  if (query) {
    url += (url.includes('?') ? '&' : '?') + query;
  }
  return url;
}

/** Grafana's serializeParams: arrays repeat the key, undefined/null are dropped, the rest is String()-ed. */
export function serializeParams(params: Record<string, unknown> | undefined): string {
  if (!params) {
    return '';
  }
  const parts: string[] = [];
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null) {
      continue;
    }
    const values = Array.isArray(value) ? value : [value];
    for (const item of values) {
      const text = typeof item === 'object' ? JSON.stringify(item) : String(item);
      parts.push(`${encodeURIComponent(key)}=${encodeURIComponent(text)}`);
    }
  }
  return parts.join('&');
}

function requestInit(options: BackendSrvRequest, orgId: number, signal: AbortSignal): RequestInit {
  const headers = new Headers();
  headers.set('Accept', 'application/json, text/plain, */*');
  headers.set('X-Grafana-Org-Id', String(orgId));
  for (const [name, value] of Object.entries(options.headers ?? {})) {
    headers.set(name, String(value));
  }
  let body: BodyInit | undefined;
  const data = options.data;
  if (data !== undefined && data !== null) {
    if (
      typeof data === 'string' ||
      data instanceof FormData ||
      data instanceof Blob ||
      data instanceof ArrayBuffer ||
      data instanceof URLSearchParams
    ) {
      body = data;
    } else {
      body = JSON.stringify(data);
      if (!headers.has('Content-Type')) {
        headers.set('Content-Type', 'application/json');
      }
    }
  }
  return {
    method: options.method ?? 'GET',
    headers,
    body,
    signal,
    credentials: options.credentials ?? (options.withCredentials ? 'include' : 'same-origin'),
  };
}

async function parseBody(response: Response, options: BackendSrvRequest): Promise<unknown> {
  switch (options.responseType) {
    case 'blob':
      return response.blob();
    case 'arraybuffer':
      return response.arrayBuffer();
    case 'text':
      return response.text();
    default: {
      const text = await response.text();
      if (text.length === 0) {
        return response.ok ? undefined : {};
      }
      try {
        return JSON.parse(text);
      } catch {
        return text;
      }
    }
  }
}

function responseFields(response: Response, options: BackendSrvRequest): Omit<FetchResponse, 'data'> {
  return {
    status: response.status,
    statusText: response.statusText,
    ok: response.ok,
    headers: response.headers,
    redirected: response.redirected,
    type: response.type,
    url: response.url,
    config: options,
  };
}

function fetchError(response: Response, data: unknown, options: BackendSrvRequest): FetchError {
  const body =
    typeof data === 'object' && data !== null ? (data as Record<string, unknown>) : { message: String(data) };
  // Grafana copies a string `error` into `message` when the server gave no message.
  if (typeof body.message !== 'string' && typeof body.error === 'string') {
    body.message = body.error;
  }
  return { status: response.status, statusText: response.statusText, data: body, config: options };
}
