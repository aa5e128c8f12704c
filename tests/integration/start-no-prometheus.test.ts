/**
 * The README's first command without Prometheus: `scripts/start.sh --no-prometheus` on free loopback ports in a temp
 * state directory. The backend and the host's Prometheus datasource must then read the simulator's own query API (the
 * dashboards' PromQL and the SLOs' raw queries), and Ctrl-C must stop every component.
 * Needs the built plugin and backend (the CI build stage runs first; start.sh builds them when they are missing).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort } from '../support/freePort';
import { until } from '../support/until';

const REPO = resolve(__dirname, '..', '..');
const KEY = 'start-no-prometheus-key-1234';

interface PromResponse<T> {
  status: string;
  data: T;
  error?: string;
}
type VectorResult = Array<{ metric: Record<string, string>; value: [number, string] }>;
type MatrixResult = Array<{ metric: Record<string, string>; values: Array<[number, string]> }>;

describe('npm start -- --no-prometheus', () => {
  let dir: string;
  let child: ChildProcess;
  let output = '';
  let ports: { backend: number; host: number; simulator: number };
  let exitCode: Promise<number | null>;

  const hostUrl = () => `http://127.0.0.1:${ports.host}`;
  const datasourceProxy = () => `${hostUrl()}/api/datasources/proxy/uid/prometheus`;

  /** A query the way Grafana's Prometheus datasource sends it: POST, form-encoded, through the datasource proxy. */
  async function viaDatasource<T>(path: string, params: Record<string, string>): Promise<PromResponse<T>> {
    const res = await fetch(`${datasourceProxy()}/${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(params).toString(),
    });
    return (await res.json()) as PromResponse<T>;
  }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'start-no-prom-'));
    const [backend, host, simulator] = [await freePort(), await freePort(), await freePort()];
    ports = { backend, host, simulator };
    child = spawn('bash', ['scripts/start.sh', '--no-prometheus', '--accelerate', '60'], {
      cwd: REPO,
      env: {
        ...process.env,
        FORESIGHT_STATE_DIR: dir,
        FORESIGHT_API_KEY: KEY,
        FORESIGHT_PORT: String(backend),
        HOST_PORT: String(host),
        SIM_PORT: String(simulator),
        // Samples every second, so rates exist within seconds of the start.
        SIM_SCRAPE_INTERVAL: '1s',
        // No scheduled faults: at 60× the default schedule's first faults come after 60–100 s, and the SLO figures
        // below are those of a healthy shop.
        SIM_SCHEDULE: 'none',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    exitCode = new Promise((done) => child.once('exit', (code) => done(code)));
    await until('start.sh to report every component', 240_000, async () => {
      if (child.exitCode !== null) {
        throw new Error(`start.sh exited with ${child.exitCode}:\n${output}`);
      }
      return output.includes('Press Ctrl-C') ? true : undefined;
    }).catch((error: unknown) => {
      throw new Error(`${(error as Error).message}\n${output}`);
    });
  }, 300_000);

  afterAll(async () => {
    if (child && child.exitCode === null) {
      child.kill('SIGINT');
      await exitCode;
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('says that the backend and the datasource read the simulator, and starts no Prometheus or Alertmanager', () => {
    expect(output).toContain(`read the simulator's query API (http://127.0.0.1:${ports.simulator})`);
    expect(output).not.toMatch(/^\s+(prometheus|alertmanager)\s+http/m);
    expect(output).toMatch(/^\s+backend\s+http:\/\/127\.0\.0\.1:\d+ /m);
    expect(output).toMatch(/^\s+simulator\s+http:\/\/127\.0\.0\.1:\d+\/metrics /m);
    expect(output).toMatch(/load-demo-slos: 3 SLO\(s\) imported/);
  });

  it('the Prometheus datasource answers the dashboards’ PromQL from the simulator', async () => {
    const build = await fetch(`${datasourceProxy()}/api/v1/status/buildinfo`);
    expect(build.status).toBe(200);
    // Service overview's traffic and latency panels, with Grafana's $__rate_interval expanded.
    const now = Math.floor(Date.now() / 1000);
    const traffic = await until('per-service request rates', 60_000, async () => {
      const answer = await viaDatasource<{ resultType: string; result: MatrixResult }>('api/v1/query_range', {
        query: 'sum by (service) (rate(http_requests_total[1m]))',
        start: String(now - 60),
        end: String(Math.floor(Date.now() / 1000)),
        step: '5',
      });
      return answer.data.result.length >= 5 ? answer : undefined;
    });
    expect(traffic.status).toBe('success');
    expect(traffic.data.resultType).toBe('matrix');
    const services = traffic.data.result.map((s) => s.metric.service).sort();
    expect(services).toEqual(expect.arrayContaining(['api', 'checkout', 'frontend', 'payment']));
    for (const series of traffic.data.result) {
      const last = Number(series.values[series.values.length - 1][1]);
      expect(Number.isFinite(last)).toBe(true);
      expect(last).toBeGreaterThan(0);
    }
    const p95 = await viaDatasource<{ resultType: string; result: VectorResult }>('api/v1/query', {
      query: 'histogram_quantile(0.95, sum by (le, service) (rate(http_request_duration_seconds_bucket[1m])))',
    });
    expect(p95.status).toBe('success');
    const latencies = p95.data.result.map((s) => Number(s.value[1]));
    expect(latencies.length).toBeGreaterThanOrEqual(5);
    expect(latencies.every((v) => v > 0 && v < 30)).toBe(true);
  });

  it('the backend evaluates the demo SLOs from raw queries against the simulator', async () => {
    type SloList = {
      evaluation: { available: boolean; mode?: string; reason?: string };
      slos: Array<{
        spec: { id: string };
        statuses: Array<{ burnRates: Array<{ window: string; burnRate: number | null }> }> | null;
      }>;
    };
    const checkoutBurn5m = (body: SloList): number | null | undefined =>
      body.slos
        .find((s) => s.spec.id === 'checkout-availability')
        ?.statuses?.[0]?.burnRates.find((b) => b.window === '5m')?.burnRate;
    // The first seconds may hold no failed checkout yet (burn 0), and evaluations are cached 15 s: wait for errors.
    const list = await until('a checkout burn rate above 0 from the simulator', 90_000, async () => {
      const res = await fetch(`http://127.0.0.1:${ports.backend}/api/slos`, { headers: { 'x-foresight-key': KEY } });
      const body = (await res.json()) as SloList;
      return (checkoutBurn5m(body) ?? 0) > 0 ? body : undefined;
    });
    expect(list.evaluation).toEqual({ available: true, mode: 'raw' });
    expect(list.slos.map((s) => s.spec.id).sort()).toEqual([
      'api-latency',
      'checkout-availability',
      'frontend-availability',
    ]);
    const burn5m = checkoutBurn5m(list)!;
    // Healthy shop: checkout fails ≈ 0.45% of requests against a 1% budget, so it burns well under 1×.
    expect(burn5m).toBeLessThan(1.5);
  });

  it('Ctrl-C stops every component', async () => {
    child.kill('SIGINT');
    expect(await exitCode).toBe(0);
    expect(output).toMatch(/start: stopping \d+ processes/);
    for (const port of [ports.backend, ports.host, ports.simulator]) {
      await expect(fetch(`http://127.0.0.1:${port}/`)).rejects.toThrow();
    }
  });
});
