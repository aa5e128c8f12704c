/**
 * End to end with a real Prometheus (Debian package): it scrapes a tiny workload whose error ratio this test
 * controls, evaluates the generated SLO recording and alerting rules, and the backend's SLO API must report the
 * burn rates and alert states Prometheus computes.
 *
 * Rates over a 5m window on 20 s of data are extrapolated low, but the error RATIO is exact (errors and totals are
 * scaled alike), so burn rates are right within seconds; the traffic guard is left off for that reason.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp, type ForesightApp } from '../../pkg/src/app';
import { configSchema } from '../../pkg/src/config/schema';
import { openSqliteStore } from '../../pkg/src/store/sqlite/sqliteStore';
import type { Store } from '../../pkg/src/store/types';
import { prometheusRuleFile } from '../../src/engine/slo/rules';
import { GENERATED_HEADER, toYaml } from '../../src/engine/slo/ruleYaml';
import { parseSloSpec } from '../../src/engine/slo/validate';
import type { SloStatus } from '../../src/engine/slo/types';
import { freePort } from '../support/freePort';
import { until } from '../support/until';

const KEY = 'slo-integration-key-123';
const OBJECTIVE = 0.999;
const ERROR_RATIO = 0.05; // burn 50×: over every page and ticket factor

describe('SLO evaluation against a real Prometheus', () => {
  let dir: string;
  let workload: Server;
  let ticker: NodeJS.Timeout;
  let prometheus: ChildProcess;
  let prometheusUrl: string;
  let store: Store;
  let service: ForesightApp;
  let api: string;
  let prometheusLog = '';
  const counters = { ok: 0, failed: 0 };
  let errorRatio = 0;

  const spec = parseSloSpec({
    id: 'workload-availability',
    name: 'Workload availability',
    service: 'workload',
    objective: OBJECTIVE,
    window: '30d',
    sli: {
      kind: 'ratio',
      badQuery: 'sum(rate(workload_requests_total{code=~"5.."}[{{.window}}]))',
      totalQuery: 'sum(rate(workload_requests_total[{{.window}}]))',
    },
  }).value!;

  async function promQuery(query: string): Promise<Array<{ metric: Record<string, string>; value: [number, string] }>> {
    const res = await fetch(`${prometheusUrl}/api/v1/query?query=${encodeURIComponent(query)}`);
    return (
      (await res.json()) as { data: { result: Array<{ metric: Record<string, string>; value: [number, string] }> } }
    ).data.result;
  }

  async function call(path: string, method = 'GET', body?: unknown) {
    const res = await fetch(api + path, {
      method,
      headers: { 'x-foresight-key': KEY, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, text: await res.text() };
  }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'slo-prometheus-'));
    // The workload: 200 requests/s, a controlled share failing with 500.
    ticker = setInterval(() => {
      const requests = 20;
      const failed = requests * errorRatio;
      counters.failed += failed;
      counters.ok += requests - failed;
    }, 100);
    workload = createServer((_req, res) => {
      res.setHeader('content-type', 'text/plain; version=0.0.4');
      res.end(
        [
          '# TYPE workload_requests_total counter',
          `workload_requests_total{code="200"} ${counters.ok}`,
          `workload_requests_total{code="500"} ${counters.failed}`,
          '',
        ].join('\n')
      );
    });
    await new Promise<void>((done) => workload.listen(0, '127.0.0.1', done));
    const workloadAddress = workload.address();
    const workloadPort = typeof workloadAddress === 'object' && workloadAddress ? workloadAddress.port : 0;

    // Seconds-long period-group interval so whole-period figures appear within the test.
    writeFileSync(
      join(dir, 'slo.rules.yaml'),
      toYaml(prometheusRuleFile([spec], { periodGroupInterval: '1s' }), GENERATED_HEADER)
    );
    writeFileSync(
      join(dir, 'prometheus.yml'),
      [
        'global: { scrape_interval: 1s, evaluation_interval: 1s }',
        'rule_files: [slo.rules.yaml]',
        'scrape_configs:',
        '  - job_name: workload',
        `    static_configs: [{ targets: ["127.0.0.1:${workloadPort}"] }]`,
        '',
      ].join('\n')
    );
    const port = await freePort();
    prometheusUrl = `http://127.0.0.1:${port}`;
    prometheus = spawn(
      'prometheus',
      [
        `--config.file=${join(dir, 'prometheus.yml')}`,
        `--web.listen-address=127.0.0.1:${port}`,
        `--storage.tsdb.path=${join(dir, 'tsdb')}`,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] }
    );
    prometheus.stderr?.on('data', (chunk: Buffer) => (prometheusLog = (prometheusLog + chunk.toString()).slice(-4000)));
    await until('Prometheus ready', 30000, async () =>
      (await fetch(`${prometheusUrl}/-/ready`)).ok ? true : undefined
    );

    store = openSqliteStore({ path: ':memory:' }).store;
    service = buildApp({ config: configSchema.parse({ apiKey: KEY, logLevel: 'silent', prometheusUrl }), store });
    await service.app.listen({ host: '127.0.0.1', port: 0 });
    const address = service.app.server.address();
    api = typeof address === 'object' && address ? `http://127.0.0.1:${address.port}/api` : '';
  });

  afterAll(async () => {
    clearInterval(ticker);
    await service?.app.close();
    await store?.close();
    await new Promise<void>((done) => (workload ? workload.close(() => done()) : done()));
    if (prometheus && prometheus.exitCode === null) {
      const exited = new Promise((done) => prometheus.once('exit', done));
      prometheus.kill('SIGTERM');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('Prometheus loads the generated rules the API serves', async () => {
    expect((await call('/slos', 'POST', { spec })).status).toBe(201);
    const served = await call('/slos/rules.yaml');
    expect(served.text).toBe(toYaml(prometheusRuleFile([spec]), GENERATED_HEADER));
    const rules = (await (await fetch(`${prometheusUrl}/api/v1/rules`)).json()) as {
      data: { groups: Array<{ name: string }> };
    };
    expect(rules.data.groups.map((g) => g.name).sort()).toEqual([
      'slo:workload-availability:alerts',
      'slo:workload-availability:period',
      'slo:workload-availability:sli',
    ]);
  });

  it('reports the burn rates and alert states Prometheus computes', async () => {
    errorRatio = ERROR_RATIO;
    const expectedBurn = ERROR_RATIO / (1 - OBJECTIVE);
    // Wait until every recorded window has a burn near 50× (all windows see the same short history).
    await until(`burn ≈ ${expectedBurn} on every window\n${prometheusLog}`, 60000, async () => {
      const ratios = await promQuery('slo:sli_error:ratio_rate5m{slo_id="workload-availability"}');
      const period = await promQuery('slo:period_burn_rate:ratio{slo_id="workload-availability"}');
      const burn = Number(ratios[0]?.value[1]) / (1 - OBJECTIVE);
      return burn > expectedBurn * 0.9 && Number(period[0]?.value[1]) > 1 ? true : undefined;
    });
    await until('page alert firing in Prometheus', 30000, async () => {
      const alerts = await promQuery('ALERTS{alertstate="firing",slo_id="workload-availability",severity="page"}');
      return alerts.length > 0 ? true : undefined;
    });

    const rules = (await (await fetch(`${prometheusUrl}/api/v1/rules`)).json()) as {
      data: { groups: Array<{ rules: Array<{ name: string; health: string; lastError?: string }> }> };
    };
    const unhealthy = rules.data.groups.flatMap((g) => g.rules).filter((r) => r.health !== 'ok');
    expect(unhealthy).toEqual([]);

    const before = await promQuery('{__name__=~"slo:sli_error:ratio_rate.+",slo_id="workload-availability"}');
    const detail = JSON.parse((await call('/slos/workload-availability')).text) as {
      evaluation: { available: boolean };
      statuses: SloStatus[];
    };
    const after = await promQuery('{__name__=~"slo:sli_error:ratio_rate.+",slo_id="workload-availability"}');
    expect(detail.evaluation).toEqual({ available: true, mode: 'recorded' });
    const status = detail.statuses[0];
    for (const window of ['5m', '30m', '1h', '2h', '6h', '1d', '3d', '30d']) {
      const reported = status.burnRates.find((b) => b.window === window)!.burnRate!;
      const promBefore = Number(before.find((s) => s.metric.slo_window === window)!.value[1]) / (1 - OBJECTIVE);
      const promAfter = Number(after.find((s) => s.metric.slo_window === window)!.value[1]) / (1 - OBJECTIVE);
      // The API reads the same recorded series: its value lies between two Prometheus reads around the call.
      expect(reported).toBeGreaterThanOrEqual(Math.min(promBefore, promAfter) * 0.999);
      expect(reported).toBeLessThanOrEqual(Math.max(promBefore, promAfter) * 1.001);
      expect(reported).toBeGreaterThan(expectedBurn * 0.8);
      expect(reported).toBeLessThan(expectedBurn * 1.2);
    }
    expect(status.budgetRemaining).toBeLessThan(0);
    expect(status.alerts.map((a) => `${a.window.severity}/${a.window.longWindow}:${a.state}`)).toEqual([
      'page/1h:firing',
      'page/6h:firing',
      'ticket/1d:firing',
      'ticket/3d:firing',
    ]);
    const firing = await promQuery(
      'count by (severity, slo_long_window) (ALERTS{alertstate="firing",slo_id="workload-availability"})'
    );
    expect(firing.map((s) => `${s.metric.severity}/${s.metric.slo_long_window}`).sort()).toEqual([
      'page/1h',
      'page/6h',
      'ticket/1d',
      'ticket/3d',
    ]);
  });

  it('raw mode (a source without the recording rules) reports the same burn rates, alerts and history', async () => {
    // A second backend that never reads slo:* series: every window is a raw rate() query (FORESIGHT_SLO_EVALUATION=raw).
    const rawStore = openSqliteStore({ path: ':memory:' }).store;
    const raw = buildApp({
      config: configSchema.parse({ apiKey: KEY, logLevel: 'silent', prometheusUrl, sloEvaluation: 'raw' }),
      store: rawStore,
    });
    try {
      await raw.app.listen({ host: '127.0.0.1', port: 0 });
      const address = raw.app.server.address();
      const rawApi = typeof address === 'object' && address ? `http://127.0.0.1:${address.port}/api` : '';
      const rawCall = async (path: string, method = 'GET', body?: unknown) => {
        const res = await fetch(rawApi + path, {
          method,
          headers: { 'x-foresight-key': KEY, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
        return { status: res.status, text: await res.text() };
      };
      expect((await rawCall('/slos', 'POST', { spec })).status).toBe(201);
      const detail = JSON.parse((await rawCall('/slos/workload-availability')).text) as {
        evaluation: { available: boolean; mode: string };
        statuses: SloStatus[];
      };
      expect(detail.evaluation).toEqual({ available: true, mode: 'raw' });
      const expectedBurn = ERROR_RATIO / (1 - OBJECTIVE);
      const status = detail.statuses[0];
      for (const window of ['5m', '30m', '1h', '2h', '6h', '1d', '3d', '30d']) {
        const reported = status.burnRates.find((b) => b.window === window)!.burnRate!;
        expect(reported).toBeGreaterThan(expectedBurn * 0.8);
        expect(reported).toBeLessThan(expectedBurn * 1.2);
      }
      expect(status.budgetRemaining).toBeLessThan(0);
      expect(
        status.alerts.filter((a) => a.state === 'firing').map((a) => `${a.window.severity}/${a.window.longWindow}`)
      ).toEqual(['page/1h', 'page/6h', 'ticket/1d', 'ticket/3d']);
      const history = JSON.parse((await rawCall('/slos/workload-availability/history?range=5m')).text) as {
        sli: Array<{ points: Array<[number, number]> }>;
        budgetRemaining: Array<{ points: Array<[number, number]> }>;
        burnRate: Array<{ points: Array<[number, number]> }>;
      };
      const last = (s: { points: Array<[number, number]> }) => s.points[s.points.length - 1][1];
      expect(last(history.sli[0])).toBeLessThan(OBJECTIVE);
      expect(last(history.burnRate[0])).toBeGreaterThan(expectedBurn * 0.8);
      expect(last(history.budgetRemaining[0])).toBeLessThan(0);
    } finally {
      await raw.app.close();
      await rawStore.close();
    }
  });

  it('serves the SLO history: SLI under the objective as a breach, budget burn-down, burn rate', async () => {
    type History = {
      stepSeconds: number;
      sli: Array<{ points: Array<[number, number]> }>;
      budgetRemaining: Array<{ points: Array<[number, number]> }>;
      burnRate: Array<{ points: Array<[number, number]> }>;
      breaches: Array<Array<{ startMs: number; endMs: number }>>;
    };
    // A range query only has points at its own steps; the first may land before the newest recorded sample.
    const history = await until('history with points', 20000, async () => {
      const answer = JSON.parse((await call('/slos/workload-availability/history?range=5m')).text) as History;
      return answer.sli.length > 0 && answer.budgetRemaining.length > 0 ? answer : undefined;
    });
    expect(history.stepSeconds).toBe(60);
    expect(history.sli[0].points.length).toBeGreaterThan(0);
    const lastSli = history.sli[0].points[history.sli[0].points.length - 1][1];
    expect(lastSli).toBeLessThan(OBJECTIVE);
    expect(history.breaches[0].length).toBeGreaterThan(0);
    expect(history.burnRate[0].points.length).toBeGreaterThan(0);
    expect((await call('/slos/workload-availability/history?range=soon')).status).toBe(400);
  });
});
