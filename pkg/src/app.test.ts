import { Writable } from 'node:stream';
import { buildApp, type ForesightApp } from './app';
import { configSchema } from './config/schema';
import { openSqliteStore } from './store/sqlite/sqliteStore';
import type { Store } from './store/types';
import { SQLITE_MIGRATIONS } from './store/sqlite/migrations';

/** Every capability's migrations applied once: the schema version grows as capabilities are added. */
const EXPECTED_SCHEMA_VERSION = SQLITE_MIGRATIONS.reduce((n, group) => n + group.migrations.length, 0);

const KEY = 'unit-test-key-123';

class LogCapture extends Writable {
  readonly lines: string[] = [];
  _write(chunk: Buffer, _encoding: string, done: () => void): void {
    this.lines.push(chunk.toString('utf8'));
    done();
  }
}

interface Answer {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
  json(): any;
}

/** Real HTTP on loopback (light-my-request's ESM dependency cannot load under this jest config). */
async function call(
  base: string,
  path: string,
  init: { method?: string; headers?: Record<string, string>; payload?: string } = {}
): Promise<Answer> {
  const res = await fetch(base + path, { method: init.method ?? 'GET', headers: init.headers, body: init.payload });
  const body = await res.text();
  return {
    statusCode: res.status,
    headers: Object.fromEntries(res.headers.entries()),
    body,
    json: () => JSON.parse(body),
  };
}

describe('buildApp (in-process, on a loopback port)', () => {
  let store: Store;
  let service: ForesightApp;
  let logs: LogCapture;
  let base: string;

  beforeEach(async () => {
    store = openSqliteStore({ path: ':memory:' }).store;
    logs = new LogCapture();
    service = buildApp({
      config: configSchema.parse({ apiKey: KEY, bodyLimitBytes: 2048, logLevel: 'info' }),
      store,
      logStream: logs,
    });
    await service.app.listen({ host: '127.0.0.1', port: 0 });
    const address = service.app.server.address();
    base = typeof address === 'object' && address ? `http://127.0.0.1:${address.port}` : '';
  });
  afterEach(async () => {
    await service.app.close();
    await store.close();
  });

  const put = (body: unknown, headers: Record<string, string> = { 'x-foresight-key': KEY }) =>
    call(base, '/api/catalogue', {
      method: 'PUT',
      headers: { 'content-type': 'application/json', ...headers },
      payload: typeof body === 'string' ? body : JSON.stringify(body),
    });

  it('answers /health and /ready without a key, and /ready turns 503 once draining', async () => {
    const health = await call(base, '/health');
    expect(health.statusCode).toBe(200);
    expect(health.json()).toMatchObject({
      status: 'ok',
      version: expect.any(String),
      uptimeSeconds: expect.any(Number),
    });
    expect((await call(base, '/ready')).json()).toEqual({
      status: 'ready',
      store: { kind: 'sqlite', schemaVersion: EXPECTED_SCHEMA_VERSION },
    });
    service.beginShutdown();
    const draining = await call(base, '/ready');
    expect(draining.statusCode).toBe(503);
    expect(draining.json()).toEqual({ status: 'unavailable', reason: 'shutting down' });
  });

  it('reports 503 from /ready when the store cannot answer', async () => {
    await store.close();
    const ready = await call(base, '/ready');
    expect(ready.statusCode).toBe(503);
    expect(ready.json().reason).toMatch(/store query failed: store is closed/);
  });

  it.each([
    ['no key', {}, /missing API key/],
    ['wrong key', { 'x-foresight-key': 'wrong-key-123' }, /invalid API key/],
    ['wrong bearer', { authorization: 'Bearer wrong-key-123' }, /invalid API key/],
  ])('401 with %s', async (_name, headers, message) => {
    const res = await call(base, '/api/status', { headers });
    expect(res.statusCode).toBe(401);
    expect(res.json()).toEqual({ error: 'unauthorized', message: expect.stringMatching(message) });
  });

  it('accepts the key as X-Foresight-Key or as a Bearer token, and never logs it', async () => {
    const keyHeaders: Array<Record<string, string>> = [{ 'x-foresight-key': KEY }, { authorization: `Bearer ${KEY}` }];
    for (const headers of keyHeaders) {
      const res = await call(base, '/api/status', { headers });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({
        version: expect.any(String),
        store: { kind: 'sqlite', location: ':memory:', schemaVersion: EXPECTED_SCHEMA_VERSION },
      });
      expect(res.headers['x-request-id']).toEqual(expect.any(String));
    }
    expect(logs.lines.join('')).not.toContain(KEY);
  });

  it('stores a valid catalogue and returns it', async () => {
    const services = [
      { name: 'web', tier: 1, dependsOn: ['api'] },
      { name: 'api', team: 'core' },
    ];
    const res = await put({ services });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      services: [
        { name: 'web', tier: 1, dependsOn: ['api'] },
        { name: 'api', team: 'core', dependsOn: [] },
      ],
    });
    const get = await call(base, '/api/catalogue', { headers: { 'x-foresight-key': KEY } });
    expect(get.json()).toEqual(res.json());
  });

  it.each([
    ['malformed JSON', '{"services": [', 400, 'bad_request', /not valid JSON/, undefined],
    [
      'wrong type',
      { services: [{ name: 'a', tier: 7, dependsOn: [] }] },
      400,
      'bad_request',
      /services\[0\]\.tier: must be 1, 2, 3 or 4/,
      'services[0].tier',
    ],
    ['missing field', {}, 400, 'bad_request', /services: is required/, 'services'],
    [
      'unknown field',
      { services: [{ name: 'a', dependsOn: [], owner: 'x' }] },
      400,
      'bad_request',
      /services\[0\]\.owner: unknown field/,
      'services[0].owner',
    ],
    [
      'unknown dependency',
      { services: [{ name: 'a', dependsOn: ['ghost'] }] },
      400,
      'bad_request',
      /'a' depends on unknown service 'ghost'/,
      'services[0].dependsOn[0]',
    ],
    [
      'cycle',
      {
        services: [
          { name: 'a', dependsOn: ['b'] },
          { name: 'b', dependsOn: ['a'] },
        ],
      },
      400,
      'bad_request',
      /dependency cycle: a → b → a/,
      'services[0].dependsOn',
    ],
    ['prototype poisoning', '{"services":[],"__proto__":{"x":1}}', 400, 'bad_request', /./, undefined],
    [
      'oversized body',
      JSON.stringify({ services: [{ name: 'a'.repeat(3000), dependsOn: [] }] }),
      413,
      'payload_too_large',
      /larger than the limit of 2048 bytes/,
      undefined,
    ],
  ])('rejects %s with a clear error and stores nothing', async (_name, body, status, code, message, field) => {
    await put({ services: [{ name: 'kept', dependsOn: [] }] });
    const res = await put(body);
    expect(res.statusCode).toBe(status);
    const json = res.json();
    expect(json.error).toBe(code);
    expect(json.message).toMatch(message);
    expect(json.field).toBe(field);
    const get = await call(base, '/api/catalogue', { headers: { 'x-foresight-key': KEY } });
    expect(get.json()).toEqual({ services: [{ name: 'kept', dependsOn: [] }] });
  });

  it('rejects a non-JSON content type with 415 and unknown routes with 404 JSON', async () => {
    const text = await put('services', { 'x-foresight-key': KEY, 'content-type': 'text/plain' });
    expect(text.statusCode).toBe(415);
    expect(text.json().error).toBe('unsupported_media_type');
    const missing = await call(base, '/nope?x=1');
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toEqual({ error: 'not_found', message: 'no route GET /nope' });
    const badUrl = await call(base, '/api/%ff');
    expect(badUrl.statusCode).toBe(400);
    expect(badUrl.json()).toEqual({ error: 'bad_request', message: "'/api/%ff' is not a valid url component" });
  });

  it('exposes default, HTTP duration and store metrics', async () => {
    await call(base, '/health');
    const res = await call(base, '/metrics');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(res.body).toContain('foresight_process_cpu_user_seconds_total');
    expect(res.body).toMatch(
      /foresight_http_request_duration_seconds_count\{route="\/health",method="GET",status_code="200"\} 1/
    );
    expect(res.body).toContain('foresight_store_up{kind="sqlite"} 1');
    expect(res.body).toContain(`foresight_store_schema_version ${EXPECTED_SCHEMA_VERSION}`);
    expect(res.body).toContain('foresight_catalogue_services 0');
  });
});
