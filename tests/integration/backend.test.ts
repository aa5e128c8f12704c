/**
 * Integration test of the REAL built backend (dist/backend/server.js, from `npm run build:backend`), started as a
 * child process on a free loopback port with a temporary SQLite file.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort } from '../support/freePort';
import { ServiceProcess } from '../support/serviceProcess';
import { createRng } from '../../src/engine/stats/random';

const SERVER = resolve(__dirname, '../../dist/backend/server.js');
const KEY = 'integration-key-0123456789';
const BODY_LIMIT = 64 * 1024;

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function send(
  port: number,
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body?: string | Buffer
): Promise<Answer> {
  if (body !== undefined) {
    // Node's client sends a DELETE/GET body with neither Content-Length nor chunked encoding unless told.
    headers = { ...headers, 'content-length': String(Buffer.byteLength(body)) };
  }
  return new Promise((done, fail) => {
    // One connection per request (agent: false): a reused keep-alive socket that the server closes after an early
    // 401/413 would surface as a client-side "socket hang up" that says nothing about the server.
    const req = httpRequest(
      { host: '127.0.0.1', port, method, path, headers, timeout: 10_000, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          done({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') })
        );
        res.on('error', fail);
      }
    );
    req.on('timeout', () => req.destroy(new Error(`${method} ${path} timed out`)));
    req.on('error', fail);
    if (body !== undefined) {
      req.write(body);
    }
    req.end();
  });
}

const authed = (extra: Record<string, string> = {}) => ({ 'x-foresight-key': KEY, ...extra });
const json = { 'content-type': 'application/json' };

/** The built server (dist/backend/server.js) on its own port and SQLite file. */
class BackendProcess extends ServiceProcess {
  constructor(
    readonly port: number,
    readonly dbPath: string
  ) {
    super({
      command: process.execPath,
      args: [SERVER],
      env: {
        PATH: process.env.PATH,
        FORESIGHT_HOST: '127.0.0.1',
        FORESIGHT_PORT: String(port),
        FORESIGHT_API_KEY: KEY,
        FORESIGHT_DB: dbPath,
        FORESIGHT_BODY_LIMIT: String(BODY_LIMIT),
        FORESIGHT_LOG_LEVEL: 'info',
      },
      healthUrl: `http://127.0.0.1:${port}/health`,
      startTimeoutMs: 20_000,
    });
  }
}

const CATALOGUE = {
  services: [
    {
      name: 'checkout',
      team: 'payments',
      tier: 1,
      dependsOn: ['payments', 'cart'],
      revenuePerHour: 12000,
      runbookUrl: 'https://runbooks.example/checkout',
    },
    { name: 'payments', team: 'payments', tier: 1, dependsOn: ['ledger'] },
    { name: 'cart', tier: 2, dependsOn: [] },
    { name: 'ledger', description: 'double-entry ledger', dependsOn: [] },
  ],
};

describe('built backend (dist/backend/server.js)', () => {
  let dir: string;
  let backend: BackendProcess;

  beforeAll(async () => {
    if (!existsSync(SERVER)) {
      throw new Error(`${SERVER} is missing: run \`npm run build:backend\` first`);
    }
    dir = mkdtempSync(join(tmpdir(), 'foresight-backend-it-'));
    backend = new BackendProcess(await freePort(), join(dir, 'db', 'foresight.db'));
    await backend.start();
  });

  afterAll(async () => {
    await backend?.stop('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers /health and /ready without a key', async () => {
    const health = await send(backend.port, 'GET', '/health');
    expect(health.status).toBe(200);
    expect(JSON.parse(health.body)).toEqual({
      status: 'ok',
      version: expect.stringMatching(/^\d+\.\d+\.\d+/),
      uptimeSeconds: expect.any(Number),
    });
    const ready = await send(backend.port, 'GET', '/ready');
    expect(ready.status).toBe(200);
    expect(JSON.parse(ready.body)).toEqual({
      status: 'ready',
      store: { kind: 'sqlite', schemaVersion: expect.any(Number) },
    });
  });

  it('requires the API key on /api/*: 401 without or with a wrong key, 200 with it', async () => {
    const none = await send(backend.port, 'GET', '/api/status');
    expect(none.status).toBe(401);
    expect(JSON.parse(none.body)).toEqual({
      error: 'unauthorized',
      message: expect.stringContaining('X-Foresight-Key'),
    });
    const wrong = await send(backend.port, 'GET', '/api/status', { 'x-foresight-key': `${KEY}x` });
    expect(wrong.status).toBe(401);
    expect(JSON.parse(wrong.body)).toEqual({ error: 'unauthorized', message: 'invalid API key' });
    for (const headers of [authed(), { authorization: `Bearer ${KEY}` }]) {
      const ok = await send(backend.port, 'GET', '/api/status', headers);
      expect(ok.status).toBe(200);
      expect(JSON.parse(ok.body)).toEqual({
        version: expect.any(String),
        store: { kind: 'sqlite', location: backend.dbPath, schemaVersion: expect.any(Number) },
      });
    }
  });

  it('stores a catalogue and rejects bad input with clear 400s, 413 and 404 JSON', async () => {
    const put = await send(backend.port, 'PUT', '/api/catalogue', authed(json), JSON.stringify(CATALOGUE));
    expect(put.status).toBe(200);
    expect(JSON.parse(put.body)).toEqual(CATALOGUE);

    const malformed = await send(backend.port, 'PUT', '/api/catalogue', authed(json), '{"services": [ {"name": "a",');
    expect(malformed.status).toBe(400);
    expect(JSON.parse(malformed.body)).toEqual({
      error: 'bad_request',
      message: expect.stringMatching(/^request body is not valid JSON/),
    });

    const schema = await send(
      backend.port,
      'PUT',
      '/api/catalogue',
      authed(json),
      JSON.stringify({ services: [{ name: 'a', dependsOn: 'b' }] })
    );
    expect(schema.status).toBe(400);
    expect(JSON.parse(schema.body)).toEqual({
      error: 'bad_request',
      message: 'services[0].dependsOn: Expected array, received string',
      field: 'services[0].dependsOn',
    });

    const cycle = await send(
      backend.port,
      'PUT',
      '/api/catalogue',
      authed(json),
      JSON.stringify({
        services: [
          { name: 'a', dependsOn: ['b'] },
          { name: 'b', dependsOn: ['a'] },
        ],
      })
    );
    expect(cycle.status).toBe(400);
    expect(JSON.parse(cycle.body)).toMatchObject({
      message: 'dependency cycle: a → b → a',
      field: 'services[0].dependsOn',
    });

    const oversized = await send(
      backend.port,
      'PUT',
      '/api/catalogue',
      authed(json),
      JSON.stringify({ services: [{ name: 'x', description: 'y'.repeat(BODY_LIMIT) }] })
    );
    expect(oversized.status).toBe(413);
    expect(JSON.parse(oversized.body)).toEqual({
      error: 'payload_too_large',
      message: `request body is larger than the limit of ${BODY_LIMIT} bytes`,
    });

    const unknown = await send(backend.port, 'GET', '/no/such/route');
    expect(unknown.status).toBe(404);
    expect(JSON.parse(unknown.body)).toEqual({ error: 'not_found', message: 'no route GET /no/such/route' });

    const stored = await send(backend.port, 'GET', '/api/catalogue', authed());
    expect(JSON.parse(stored.body)).toEqual(CATALOGUE);
  });

  it('exposes Prometheus metrics: default, per-route request durations and store gauges', async () => {
    const metrics = await send(backend.port, 'GET', '/metrics');
    expect(metrics.status).toBe(200);
    expect(metrics.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(metrics.body).toMatch(/^foresight_process_resident_memory_bytes \d+/m);
    expect(metrics.body).toMatch(
      /^foresight_http_request_duration_seconds_bucket\{le="0\.1",route="\/api\/catalogue",method="PUT",status_code="200"\} \d+/m
    );
    expect(metrics.body).toMatch(
      /^foresight_http_request_duration_seconds_count\{route="\/api\/status",method="GET",status_code="401"\} 2$/m
    );
    expect(metrics.body).toMatch(/^foresight_store_up\{kind="sqlite"\} 1$/m);
    expect(metrics.body).toMatch(/^foresight_catalogue_services 4$/m);
  });

  it('survives 2,000+ random malformed requests and keeps the stored data unchanged', async () => {
    const before = (await send(backend.port, 'GET', '/api/catalogue', authed())).body;
    const random = createRng(20261122);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
    const randomText = (max: number) =>
      Array.from({ length: Math.floor(random() * max) }, () => String.fromCharCode(Math.floor(random() * 0x2500))).join(
        ''
      );
    const validText = JSON.stringify(CATALOGUE);
    // Each generator yields a body that can never be a valid catalogue.
    const bodies: Array<() => string> = [
      () => validText.slice(0, 1 + Math.floor(random() * (validText.length - 2))), // truncated JSON
      () => randomText(200),
      () =>
        JSON.stringify({
          services: [{ name: randomText(10) + 'x', tier: pick([0, 5, -1, 2.5, '1', null]), dependsOn: [] }],
        }),
      () => JSON.stringify({ services: [{ name: pick([1, null, [], {}, true]), dependsOn: [] }] }),
      () => JSON.stringify({ services: [{ name: 'a', dependsOn: ['a'] }] }),
      () => JSON.stringify({ services: [{ name: 'a', dependsOn: [randomText(8) + '-missing'] }] }),
      () => JSON.stringify({ services: pick([null, 1, 'x', {}]) }),
      () => JSON.stringify({ services: [], [randomText(6) + 'extra']: 1 }),
      () => JSON.stringify(pick([null, 1, 'x', [], true])),
      () => '['.repeat(1 + Math.floor(random() * 5000)),
      () => '{"services":[],"__proto__":{"polluted":true}}',
      () => '{"services":[],"constructor":{"prototype":{"polluted":true}}}',
      () => `{"services":[{"name":"a","dependsOn":[],"revenuePerHour":${pick(['1e999', '-1', '"NaN"'])}}]}`,
      () => `{"services":[${' '.repeat(BODY_LIMIT + Math.floor(random() * 1000))}]}`, // over the body limit
    ];
    const headerSets: Array<() => Record<string, string>> = [
      () => authed(json),
      () => ({ ...json, 'x-foresight-key': randomText(30).replace(/[^\x21-\x7e]/g, 'k') || 'k' }),
      () => ({ ...json, authorization: pick(['Bearer', 'Basic abc', `Bearer ${KEY} extra`, 'bearer ']) }),
      () =>
        authed({
          'content-type': pick([
            'text/plain',
            'application/xml',
            'application/json; charset=latin1',
            'multipart/form-data',
            'application/x-www-form-urlencoded',
          ]),
        }),
      () => authed(json),
    ];
    const methods = ['PUT', 'PUT', 'PUT', 'POST', 'PATCH', 'DELETE', 'GET'];
    const paths = [
      '/api/catalogue',
      '/api/catalogue',
      '/api/status',
      '/api/catalogue/../status',
      '/api/%ff',
      `/api/${'a'.repeat(3000)}`,
      '/health?x=%zz',
    ];

    const statuses = new Map<number, number>();
    let rawCases = 0;
    let rawServerErrors = 0;
    const startedAt = Date.now();
    const TIME_BUDGET_MS = 60_000;
    let cases = 0;
    while (cases < 2_200 && Date.now() - startedAt < TIME_BUDGET_MS) {
      const batch: Array<Promise<void>> = [];
      for (let i = 0; i < 20; i++, cases++) {
        if (random() < 0.1) {
          // Raw bytes on the socket: broken request lines, headers and lengths the HTTP client would refuse to send.
          rawCases++;
          const payload = pick([
            `PUT /api/catalogue HTTP/1.1\r\nHost: x\r\nContent-Length: ${pick(['-1', 'abc', '99999999999'])}\r\n\r\n{}`,
            `GET /health HTTP/1.1\r\n${randomText(40)}\r\n\r\n`,
            `${randomText(60)}\r\n\r\n`,
            `PUT /api/catalogue HTTP/1.1\r\nHost: x\r\nX-Foresight-Key: ${KEY}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n`,
          ]);
          batch.push(
            new Promise<void>((done) => {
              const socket = connect(backend.port, '127.0.0.1');
              let reply = '';
              socket.setTimeout(3_000, () => socket.destroy());
              socket.on('data', (chunk) => (reply += chunk.toString('latin1')));
              socket.on('error', () => undefined);
              socket.on('close', () => {
                if (/^HTTP\/1\.[01] 5\d\d/.test(reply)) {
                  rawServerErrors++;
                }
                done();
              });
              socket.end(payload);
            })
          );
          continue;
        }
        const method = pick(methods);
        const path = pick(paths);
        const body = method === 'GET' ? undefined : pick(bodies)();
        batch.push(
          send(backend.port, method, path, pick(headerSets)(), body).then(
            (answer) => {
              statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
            },
            () => {
              statuses.set(-1, (statuses.get(-1) ?? 0) + 1);
            }
          )
        );
      }
      await Promise.all(batch);
    }
    const elapsedMs = Date.now() - startedAt;
    // Printed so the run log shows what the fuzz covered.
    console.log(
      `fuzz: ${cases} cases (${rawCases} raw-socket) in ${elapsedMs} ms; statuses ${JSON.stringify(Object.fromEntries([...statuses].sort()))}`
    );

    expect(cases).toBeGreaterThanOrEqual(2_000);
    expect(rawServerErrors).toBe(0);
    for (const status of statuses.keys()) {
      expect([200, 400, 401, 404, 413, 414, 415, 431]).toContain(status);
    }
    expect(backend.child?.exitCode).toBeNull();
    expect((await send(backend.port, 'GET', '/health')).status).toBe(200);
    expect((await send(backend.port, 'GET', '/api/catalogue', authed())).body).toBe(before);
  });

  it('finishes an in-flight request on SIGTERM, exits 0, and keeps the data across the restart', async () => {
    expect(JSON.parse((await send(backend.port, 'GET', '/api/catalogue', authed())).body)).toEqual(CATALOGUE);
    const updated = { services: [...CATALOGUE.services, { name: 'search', tier: 3, dependsOn: ['ledger'] }] };
    const body = Buffer.from(JSON.stringify(updated));
    let exitCode: number | null | undefined;
    // Send part of the body, signal the server, then send the rest: the request is in flight during shutdown.
    const answer = new Promise<Answer>((done, fail) => {
      const req = httpRequest(
        {
          host: '127.0.0.1',
          port: backend.port,
          method: 'PUT',
          path: '/api/catalogue',
          agent: false,
          headers: authed({ ...json, 'content-length': String(body.length) }),
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () =>
            done({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') })
          );
        }
      );
      req.on('error', fail);
      req.write(body.subarray(0, 40));
      setTimeout(() => {
        const exited = backend.stop('SIGTERM');
        setTimeout(() => req.end(body.subarray(40)), 300);
        void exited.then((code) => (exitCode = code));
      }, 100);
    });
    const inFlight = await answer;
    expect(inFlight.status).toBe(200);
    const deadline = Date.now() + 15_000;
    while (exitCode === undefined && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(exitCode).toBe(0);
    expect(backend.output).toContain('"signal":"SIGTERM"');
    expect(backend.output).toContain('shutdown complete');
    expect(backend.output.lastIndexOf('catalogue replaced')).toBeGreaterThan(backend.output.indexOf('shutting down'));

    await backend.start();
    const after = await send(backend.port, 'GET', '/api/catalogue', authed());
    expect(after.status).toBe(200);
    expect(JSON.parse(after.body)).toEqual(updated);
    expect(backend.output).toContain('"migrationsApplied":[]');
  });

  it('never writes the API key to its log', () => {
    expect(backend.output.length).toBeGreaterThan(0);
    expect(backend.output).not.toContain(KEY);
  });
});

describe('built backend start-up failures', () => {
  function runToExit(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
    return new Promise((done) => {
      const child = spawn(process.execPath, [SERVER], {
        env: { PATH: process.env.PATH ?? '', ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      child.on('exit', (code) => {
        clearTimeout(timer);
        done({ code, output });
      });
    });
  }

  it.each<[Record<string, string>, number, RegExp]>([
    [
      { FORESIGHT_PORT: 'abc', FORESIGHT_API_KEY: 'startup-key-123' },
      2,
      /port \(FORESIGHT_PORT\): must be a port number 0–65535 \(got "abc"\)/,
    ],
    [{ FORESIGHT_PORT: '0' }, 2, /apiKey \(FORESIGHT_API_KEY\): is required/],
    [{ FORESIGHT_API_KEY: 'startup-key-123', FORESIGHT_LOG_LEVEL: 'chatty' }, 2, /logLevel \(FORESIGHT_LOG_LEVEL\)/],
    [
      // A directory path through a regular file: mkdir fails with ENOTDIR on every platform.
      { FORESIGHT_API_KEY: 'startup-key-123', FORESIGHT_PORT: '0', FORESIGHT_DB: '<file>/sub/f.db' },
      1,
      /cannot open the SQLite store at .*\/not-a-dir\/sub\/f\.db \(FORESIGHT_DB\): ENOTDIR/,
    ],
  ])('%j exits %i naming the problem', async (env, expectedCode, message) => {
    const dir = mkdtempSync(join(tmpdir(), 'foresight-startup-'));
    const file = join(dir, 'not-a-dir');
    writeFileSync(file, 'x');
    const db = env.FORESIGHT_DB?.replace('<file>', file);
    const { code, output } = await runToExit({
      FORESIGHT_HOST: '127.0.0.1',
      ...env,
      ...(db ? { FORESIGHT_DB: db } : {}),
    });
    rmSync(dir, { recursive: true, force: true });
    expect(code).toBe(expectedCode);
    expect(output).toMatch(message);
    expect(output).not.toContain('startup-key-123');
  });
});
