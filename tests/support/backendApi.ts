/** What a test gets back from the backend: status, parsed JSON body (when JSON) and the raw text. */
export interface BackendAnswer<T> {
  status: number;
  body: T;
  text: string;
}

export type BackendApi = <T>(path: string, init?: { method?: string; body?: unknown }) => Promise<BackendAnswer<T>>;

/** Calls a Foresight backend directly with its API key, as the plugin proxy would (JSON in, JSON out). */
export function backendApi(baseUrl: string, apiKey: string): BackendApi {
  return async <T>(path: string, init: { method?: string; body?: unknown } = {}) => {
    const response = await fetch(`${baseUrl}${path}`, {
      method: init.method ?? 'GET',
      headers: {
        'x-foresight-key': apiKey,
        ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    const text = await response.text();
    const body = (response.headers.get('content-type')?.includes('json') ? JSON.parse(text) : undefined) as T;
    return { status: response.status, body, text };
  };
}
