/**
 * Alerts → incidents end to end with REAL Prometheus and Alertmanager (Debian binaries) on loopback:
 * a rule fires → Alertmanager → webhook → backend → incident via the API; the rule resolves → the incident
 * resolves after the quiet period. Then: the backend is SIGKILLed mid-stream and restarted → no accepted alert
 * is missing, and every one belongs to an incident.
 */
import Database from 'better-sqlite3';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort } from '../support/freePort';
import { ServiceProcess } from '../support/serviceProcess';
import { until } from '../support/until';
import { createRng } from '../../src/engine/stats/random';

// The REAL backend (pkg/src/main.ts run by tsx: the code the bundle contains) as a child process on a free loopback port.

const REPO = resolve(__dirname, '../..');
const KEY = 'integration-key-incidents-0123';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Answer {
  status: number;
  body: any;
  text: string;
}

async function call(
  port: number,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {}
): Promise<Answer> {
  const res = await fetch(`http://127.0.0.1:${port}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${KEY}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  return { status: res.status, body: parsed, text };
}

/** (what, probe, timeout) order kept for this file's many waits; polls every 250 ms. */
const waitFor = <T>(what: string, probe: () => Promise<T | undefined>, timeoutMs: number): Promise<T> =>
  until(what, timeoutMs, probe, { intervalMs: 250 });

/** The backend from source (tsx) on its own port and SQLite file; `env` adds or overrides settings. */
class Backend extends ServiceProcess {
  constructor(
    readonly port: number,
    readonly dbPath: string,
    readonly env: Record<string, string> = {}
  ) {
    super({
      command: process.execPath,
      args: ['--import', 'tsx', resolve(REPO, 'pkg/src/main.ts')],
      cwd: REPO,
      env: {
        PATH: process.env.PATH,
        FORESIGHT_HOST: '127.0.0.1',
        FORESIGHT_PORT: String(port),
        FORESIGHT_API_KEY: KEY,
        FORESIGHT_DB: dbPath,
        FORESIGHT_LOG_LEVEL: 'warn',
        FORESIGHT_BODY_LIMIT: String(4 * 1024 * 1024),
        ...env,
      },
      healthUrl: `http://127.0.0.1:${port}/health`,
    });
  }
}

/** Row counts straight from the backend's SQLite file (read-only; WAL lets us read while it runs). */
function storeCounts(dbPath: string): { payloads: number; alerts: number; incidents: number; events: number } {
  const db = new Database(dbPath, { readonly: true, fileMustExist: true });
  try {
    return db
      .prepare(
        `SELECT (SELECT count(*) FROM alert_payloads) AS payloads, (SELECT count(*) FROM alerts) AS alerts,
                (SELECT count(*) FROM incidents) AS incidents, (SELECT count(*) FROM incident_events) AS events`
      )
      .get() as { payloads: number; alerts: number; incidents: number; events: number };
  } finally {
    db.close();
  }
}

function storedAlerts(dbPath: string): Array<{ instance: string; incident_id: string | null }> {
  const db = new Database(dbPath, { readonly: true, fileMustExist: true });
  try {
    return db.prepare(`SELECT json_extract(labels, '$.instance') AS instance, incident_id FROM alerts`).all() as Array<{
      instance: string;
      incident_id: string | null;
    }>;
  } finally {
    db.close();
  }
}

jest.setTimeout(180_000);

function startProcess(command: string, args: string[], log: { text: string }): ChildProcess {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.on('data', (chunk: Buffer) => (log.text += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (log.text += chunk.toString('utf8')));
  return child;
}

function stopProcess(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) {
    return Promise.resolve();
  }
  return new Promise((done) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(timer);
      done();
    });
    child.kill('SIGTERM');
  });
}

describe('incidents from a real Prometheus rule through a real Alertmanager', () => {
  let dir: string;
  let backend: Backend;
  let prometheus: ChildProcess | undefined;
  let alertmanager: ChildProcess | undefined;
  let exporter: Server;
  let failing = 1;
  const logs = { text: '' };

  afterAll(async () => {
    await stopProcess(prometheus);
    await stopProcess(alertmanager);
    await backend?.stop();
    await new Promise<void>((done) => (exporter ? exporter.close(() => done()) : done()));
    if (dir) {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('fires → incident with both alerts; resolves → incident resolves after the quiet period', async () => {
    dir = mkdtempSync(join(tmpdir(), 'foresight-incidents-it-'));
    const [backendPort, amPort, promPort, exporterPort] = await Promise.all([
      freePort(),
      freePort(),
      freePort(),
      freePort(),
    ]);
    backend = new Backend(backendPort, join(dir, 'foresight.db'), {
      FORESIGHT_INCIDENT_QUIET_PERIOD_MS: '3000',
      FORESIGHT_INCIDENT_TICK_MS: '500',
    });
    await backend.start();

    // The metric a rule watches; flipping it to 0 makes Prometheus resolve the alerts.
    exporter = createHttpServer((req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
      res.end(
        '# TYPE foresight_it_failing gauge\n' +
          `foresight_it_failing{service="checkout",pod="checkout-a"} ${failing}\n` +
          `foresight_it_failing{service="checkout",pod="checkout-b"} ${failing}\n`
      );
    });
    await new Promise<void>((done) => exporter.listen(exporterPort, '127.0.0.1', done));

    writeFileSync(
      join(dir, 'alertmanager.yml'),
      `route: { receiver: foresight, group_by: ['alertname'], group_wait: 1s, group_interval: 1s, repeat_interval: 1h }
receivers:
  - name: foresight
    webhook_configs:
      - url: 'http://127.0.0.1:${backendPort}/api/alerts/alertmanager'
        send_resolved: true
        http_config: { authorization: { type: Bearer, credentials: '${KEY}' } }
`
    );
    writeFileSync(
      join(dir, 'rules.yml'),
      `groups:
  - name: foresight-it
    interval: 1s
    rules:
      - alert: CheckoutFailing
        expr: foresight_it_failing > 0
        labels: { severity: critical }
        annotations: { summary: 'checkout pod {{ $labels.pod }} failing', runbook_url: 'https://runbooks.example/checkout' }
`
    );
    writeFileSync(
      join(dir, 'prometheus.yml'),
      `global: { scrape_interval: 1s, evaluation_interval: 1s }
rule_files: ['${join(dir, 'rules.yml')}']
alerting: { alertmanagers: [ { static_configs: [ { targets: ['127.0.0.1:${amPort}'] } ] } ] }
scrape_configs:
  - { job_name: checkout, static_configs: [ { targets: ['127.0.0.1:${exporterPort}'] } ] }
`
    );
    mkdirSync(join(dir, 'amdata'));
    // Alertmanager first, so Prometheus never drops the first notification (platform.md 7b).
    alertmanager = startProcess(
      'prometheus-alertmanager',
      [
        `--config.file=${join(dir, 'alertmanager.yml')}`,
        `--storage.path=${join(dir, 'amdata')}`,
        `--web.listen-address=127.0.0.1:${amPort}`,
        '--cluster.listen-address=',
      ],
      logs
    );
    await waitFor(
      'Alertmanager ready',
      async () => ((await fetch(`http://127.0.0.1:${amPort}/-/ready`)).ok ? true : undefined),
      20_000
    );
    prometheus = startProcess(
      'prometheus',
      [
        `--config.file=${join(dir, 'prometheus.yml')}`,
        `--storage.tsdb.path=${join(dir, 'promdata')}`,
        `--web.listen-address=127.0.0.1:${promPort}`,
        '--rules.alert.resend-delay=2s',
      ],
      logs
    );

    const incident = await waitFor(
      'an incident with both firing alerts',
      async () => {
        const list = await call(backendPort, 'GET', '/api/incidents');
        const found = list.body?.items?.[0];
        return found && found.alertCount === 2 ? found : undefined;
      },
      60_000
    ).catch((error) => {
      throw new Error(
        `${(error as Error).message}\n--- prometheus/alertmanager ---\n${logs.text.slice(-3000)}\n--- backend ---\n${backend.output.slice(-3000)}`
      );
    });
    expect(incident).toMatchObject({
      status: 'open',
      severity: 'critical',
      services: ['checkout'],
      title: 'CheckoutFailing on checkout',
      runbookUrls: ['https://runbooks.example/checkout'],
    });
    const detail = await call(backendPort, 'GET', `/api/incidents/${incident.id}`);
    expect(detail.body.alerts.map((a: { labels: { pod: string } }) => a.labels.pod).sort()).toEqual([
      'checkout-a',
      'checkout-b',
    ]);
    expect(detail.body.alerts[0].source).toBe('alertmanager');
    expect(detail.body.alerts[0].generatorUrl).toContain(`:${promPort}/graph`);

    failing = 0;
    const resolved = await waitFor(
      'the incident to resolve',
      async () => {
        const current = (await call(backendPort, 'GET', `/api/incidents/${incident.id}`)).body.incident;
        return current.status === 'resolved' ? current : undefined;
      },
      60_000
    );
    const lastEnd = Math.max(
      ...(await call(backendPort, 'GET', `/api/incidents/${incident.id}`)).body.alerts.map(
        (a: { endsAt: number }) => a.endsAt
      )
    );
    expect(resolved.resolvedAt).toBe(lastEnd);
    expect(resolved.timeline.at(-1)).toMatchObject({ event: 'resolved', at: lastEnd + 3000 });
  });
});

describe('backend killed mid-stream and restarted', () => {
  it('loses no accepted alert; every stored alert belongs to an incident after the restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'foresight-incidents-kill-'));
    const port = await freePort();
    const dbPath = join(dir, 'foresight.db');
    const backend = new Backend(port, dbPath);
    try {
      await backend.start();
      const base = Date.now() - 60 * 60_000;
      const batches = Array.from({ length: 150 }, (_, b) => ({
        alerts: Array.from({ length: 20 }, (_, i) => ({
          name: `Alert${b % 7}`,
          service: `svc-${(b * 20 + i) % 13}`,
          labels: { instance: `i-${b}-${i}` },
          startsAt: base + (b * 20 + i) * 1000,
        })),
      }));
      const accepted = new Set<string>();
      const pending = [...batches.keys()];
      let killed = false;
      let sent = 0;
      while (pending.length > 0) {
        const index = pending.shift()!;
        try {
          const answer = await call(port, 'POST', '/api/alerts', batches[index]);
          if (answer.status === 200) {
            batches[index].alerts.forEach((a) => accepted.add(`${a.labels.instance}`));
          } else {
            pending.push(index);
          }
        } catch {
          // Connection refused or reset while the backend is down: retry later, as Alertmanager does.
          pending.push(index);
          await sleep(50);
        }
        sent++;
        if (!killed && sent === 60) {
          // Kill without warning while the next requests are already on their way.
          void call(port, 'POST', '/api/alerts', batches[pending[0]]).catch(() => undefined);
          await backend.stop('SIGKILL');
          killed = true;
          await backend.start();
        }
      }
      expect(killed).toBe(true);
      const storedInstances = new Set(storedAlerts(dbPath).map((row) => row.instance));
      expect(accepted.size).toBe(3000);
      expect([...accepted].filter((instance) => !storedInstances.has(instance))).toEqual([]);
      expect(storedInstances.size).toBe(3000);
      // Let the restarted correlator assign everything (it rebuilds from unassigned alerts too).
      await call(port, 'GET', '/api/incidents');
      const unassigned = await waitFor(
        'every alert assigned to an incident',
        async () => {
          const rows = storedAlerts(dbPath);
          const missing = rows.filter((row) => row.incident_id === null).length;
          return missing === 0 ? rows : undefined;
        },
        30_000
      );
      expect(unassigned).toHaveLength(3000);
      const listed = await call(port, 'GET', '/api/incidents?limit=500');
      const total = listed.body.items.reduce((sum: number, i: { alertCount: number }) => sum + i.alertCount, 0);
      expect(total).toBe(3000);
    } finally {
      await backend.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

type Json = any;

interface FuzzCase {
  path: string;
  body: string;
  contentType: string;
  mutation: string;
}

const ENDPOINTS = ['/api/alerts/alertmanager', '/api/alerts/grafana', '/api/alerts'] as const;

function validPayload(path: (typeof ENDPOINTS)[number], alerts: number, random: () => number): Json {
  const at = (i: number) => new Date(Date.UTC(2026, 10, 22, 20, 0, i)).toISOString();
  if (path === '/api/alerts') {
    return {
      alerts: Array.from({ length: alerts }, (_, i) => ({
        name: `Fuzz${Math.floor(random() * 5)}`,
        service: 'fuzz',
        labels: { instance: `f-${i}` },
        startsAt: at(i),
      })),
    };
  }
  const list = Array.from({ length: alerts }, (_, i) => ({
    status: 'firing',
    labels: { alertname: `Fuzz${Math.floor(random() * 5)}`, service: 'fuzz', instance: `f-${i}` },
    annotations: { summary: 'fuzz' },
    startsAt: at(i),
    endsAt: '0001-01-01T00:00:00Z',
    generatorURL: 'http://prometheus/graph',
  }));
  return path === '/api/alerts/alertmanager'
    ? {
        version: '4',
        status: 'firing',
        receiver: 'r',
        groupLabels: {},
        commonLabels: {},
        commonAnnotations: {},
        externalURL: '',
        alerts: list,
      }
    : { receiver: 'r', status: 'firing', orgId: 1, alerts: list, version: '1', groupKey: '{}' };
}

/** One malformed payload: a valid one with exactly one defect that the schema must reject. */
function malformed(random: () => number): FuzzCase {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const path = pick(ENDPOINTS);
  const generic = path === '/api/alerts';
  const payload = validPayload(path, 1 + Math.floor(random() * 5), random);
  const i = Math.floor(random() * payload.alerts.length);
  const alert = payload.alerts[i];
  const garbage = pick<Json>(['', 'now', '2026-13-45T99:00:00Z', 'NaN', '∞', '\u0000', 'x'.repeat(70), '2026-11-22']);
  const mutations: Array<[string, () => Json | string]> = [
    ['missing startsAt', () => (delete alert.startsAt, payload)],
    ['bad startsAt', () => ((alert.startsAt = garbage), payload)],
    [
      'startsAt wrong type',
      () => (
        (alert.startsAt = pick<Json>([null, true, {}, [], generic ? -5 : 1700000000000, generic ? 1.5 : 'x'])),
        payload
      ),
    ],
    ['bad status', () => ((alert.status = pick<Json>(['pending', 'FIRING', 3, null, ''])), payload)],
    ['labels wrong type', () => ((alert.labels = pick<Json>([null, [], 'a=b', 7])), payload)],
    [
      'label value not a string',
      () => ((alert.labels = { ...alert.labels, n: pick<Json>([1, null, {}, [], false]) }), payload),
    ],
    ['empty label name', () => ((alert.labels = { ...alert.labels, '': 'x' }), payload)],
    [
      'too many labels',
      () => (
        (alert.labels = Object.fromEntries(
          Array.from({ length: 101 }, (_, k) => [`l${k}`, 'v']).concat(Object.entries(alert.labels))
        )),
        payload
      ),
    ],
    ['annotation not a string', () => ((alert.annotations = { summary: pick<Json>([1, null, {}]) }), payload)],
    ['alerts empty', () => ((payload.alerts = []), payload)],
    ['alerts missing', () => (delete payload.alerts, payload)],
    ['alerts wrong type', () => ((payload.alerts = pick<Json>([{}, 'alerts', 5, null])), payload)],
    ['alert not an object', () => ((payload.alerts[i] = pick<Json>([null, 'x', 1, []])), payload)],
    ['body not an object', () => pick<Json>([null, 1, 'text', true, [], [payload]])],
    [
      'truncated JSON',
      () => JSON.stringify(payload).slice(0, 1 + Math.floor(random() * (JSON.stringify(payload).length - 1))),
    ],
  ];
  if (generic) {
    mutations.push(
      ['missing name', () => (delete alert.name, payload)],
      ['empty name', () => ((alert.name = pick(['', '   '])), payload)],
      ['unknown severity', () => ((alert.severity = pick(['urgent', 'sev1', 'P9', ''])), payload)],
      ['unknown alert field', () => ((alert[pick(['colour', 'value', 'fingerprint'])] = 'x'), payload)],
      ['unknown top-level field', () => ((payload[pick(['version', 'status', 'extra'])] = 'x'), payload)]
    );
  } else {
    mutations.push(
      ['missing alertname', () => (delete alert.labels.alertname, payload)],
      ['bad top-level status', () => ((payload.status = 'pending'), payload)]
    );
  }
  if (path === '/api/alerts/alertmanager') {
    mutations.push(['bad version', () => ((payload.version = pick<Json>(['3', 4, null, ''])), payload)]);
  }
  const [mutation, apply] = pick(mutations);
  const result = apply();
  const body = typeof result === 'string' && mutation === 'truncated JSON' ? result : JSON.stringify(result);
  // A few cases also send a JSON body with the wrong content type: 415.
  const contentType = random() < 0.02 ? 'text/plain' : 'application/json';
  return { path, body, contentType, mutation: contentType === 'text/plain' ? `${mutation} as text/plain` : mutation };
}

describe('fuzzing the three webhook endpoints', () => {
  it('answers ≥ 10,000 malformed payloads with 4xx, never crashes, and writes nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'foresight-incidents-fuzz-'));
    const port = await freePort();
    const dbPath = join(dir, 'foresight.db');
    const backend = new Backend(port, dbPath);
    try {
      await backend.start();
      const random = createRng(20261122);
      // One valid payload per endpoint first, so "nothing written" is checked against a non-empty store.
      for (const path of ENDPOINTS) {
        expect((await call(port, 'POST', path, validPayload(path, 3, random))).status).toBe(200);
      }
      const before = storeCounts(dbPath);
      const cases = Array.from({ length: 10_200 }, () => malformed(random));
      const statuses = new Map<number, number>();
      const unexpected: string[] = [];
      let next = 0;
      const worker = async () => {
        while (next < cases.length) {
          const c = cases[next++];
          const res = await fetch(`http://127.0.0.1:${port}${c.path}`, {
            method: 'POST',
            headers: { authorization: `Bearer ${KEY}`, 'content-type': c.contentType },
            body: c.body,
          });
          const text = await res.text();
          statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
          const named = res.status !== 400 || /"field"|not valid JSON|body/.test(text);
          if (!(res.status === 400 || res.status === 415) || !named) {
            unexpected.push(`${res.status} ${c.path} ${c.mutation}: ${text.slice(0, 200)}`);
          }
        }
      };
      await Promise.all(Array.from({ length: 8 }, worker));
      expect(unexpected.slice(0, 10)).toEqual([]);
      expect([...statuses.keys()].every((status) => status === 400 || status === 415)).toBe(true);
      expect(cases.length).toBeGreaterThanOrEqual(10_000);
      expect(storeCounts(dbPath)).toEqual(before);
      expect(backend.child?.exitCode).toBeNull();
      expect((await fetch(`http://127.0.0.1:${port}/health`)).status).toBe(200);
    } finally {
      await backend.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
