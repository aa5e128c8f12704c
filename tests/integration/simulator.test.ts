// The demo simulator as a real process: accelerated time, /metrics scraped over HTTP, a latency fault injected through
// the authenticated fault API, and a real Prometheus scraping it.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DemoSimulatorProcess, startDemoSimulatorProcess } from '../support/demoSimulator';
import { freePort } from '../support/freePort';

const KEY = 'sim-test-key';
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** Parses the Prometheus text exposition format (enough of it for these metrics). */
function parseExposition(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m) {
      continue;
    }
    const labels: Record<string, string> = {};
    for (const l of (m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) {
      labels[l[1]] = l[2];
    }
    samples.push({ name: m[1], labels, value: Number(m[3]) });
  }
  return samples;
}

const total = (samples: Sample[], name: string, match: Record<string, string>): number =>
  samples
    .filter((s) => s.name === name && Object.entries(match).every(([k, v]) => s.labels[k] === v))
    .reduce((a, s) => a + s.value, 0);

/** Mean latency in seconds between two scrapes, from the histogram's _sum and _count. */
const meanLatency = (before: Sample[], after: Sample[], match: Record<string, string>): number => {
  const count =
    total(after, 'http_request_duration_seconds_count', match) -
    total(before, 'http_request_duration_seconds_count', match);
  const sum =
    total(after, 'http_request_duration_seconds_sum', match) -
    total(before, 'http_request_duration_seconds_sum', match);
  if (count <= 0) {
    throw new Error(`no requests for ${JSON.stringify(match)} between the scrapes`);
  }
  return sum / count;
};

describe('demo simulator (real process, 60x time)', () => {
  let sim: DemoSimulatorProcess;
  let base = '';
  let workDir: string;

  const scrape = async (): Promise<Sample[]> => parseExposition(await (await fetch(`${base}/metrics`)).text());
  const api = (path: string, init: RequestInit = {}): Promise<Response> =>
    fetch(`${base}${path}`, {
      ...init,
      headers: { 'X-Foresight-Key': KEY, ...(init.body !== undefined ? { 'Content-Type': 'application/json' } : {}) },
    });

  beforeAll(async () => {
    workDir = mkdtempSync(join(tmpdir(), 'sim-it-'));
    sim = await startDemoSimulatorProcess({
      logFile: join(workDir, 'app.log'),
      extraArgs: ['--start', '2026-11-18T13:00:00Z'],
      env: { ...process.env, SIM_API_KEY: KEY },
    });
    base = sim.url;
  });

  afterAll(async () => {
    await sim?.stop();
    rmSync(workDir, { recursive: true, force: true });
  });

  it('exposes the documented series with monotonic counters', async () => {
    const first = await scrape();
    await sleep(1500);
    const second = await scrape();
    for (const name of [
      'http_requests_total',
      'http_request_duration_seconds_bucket',
      'service_cpu_usage_ratio',
      'service_memory_bytes',
      'queue_depth',
      'cache_hit_ratio',
      'shop_orders_total',
      'shop_revenue_total',
      'traces_service_graph_request_total',
      'traces_service_graph_request_failed_total',
      'deploy_info',
      'deployments_total',
    ]) {
      expect(second.some((s) => s.name === name)).toBe(true);
    }
    const counters = second.filter(
      (s) => s.name.endsWith('_total') || s.name.endsWith('_bucket') || s.name.endsWith('_count')
    );
    for (const s of counters) {
      const before = first.find((f) => f.name === s.name && JSON.stringify(f.labels) === JSON.stringify(s.labels));
      expect(s.value).toBeGreaterThanOrEqual(before?.value ?? 0);
    }
    // 1.5 s real at 60x is about 90 simulated seconds.
    const simSeconds = total(second, 'sim_clock_seconds', {}) - total(first, 'sim_clock_seconds', {});
    expect(simSeconds).toBeGreaterThan(60);
    expect(
      total(second, 'traces_service_graph_request_total', { client: 'checkout', server: 'payment' })
    ).toBeGreaterThan(0);
  });

  it('rejects fault requests without the key and names the bad field', async () => {
    expect(
      (await fetch(`${base}/faults`, { method: 'POST', body: '{}', headers: { 'Content-Type': 'application/json' } }))
        .status
    ).toBe(401);
    const bad = await api('/faults', {
      method: 'POST',
      body: JSON.stringify({ fault: 'latency', service: 'payment', for: '10m', magnitude: -5 }),
    });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ field: 'magnitude' });
  });

  it('a latency fault on payment moves payment and its callers, not the other services', async () => {
    const routes = {
      payment: { service: 'payment' },
      checkout: { service: 'checkout' },
      apiCheckout: { service: 'api', route: 'POST /api/checkout' },
      frontendCheckout: { service: 'frontend', route: 'POST /checkout' },
      gateway: { service: 'payment-gateway' },
      catalog: { service: 'catalog' },
      db: { service: 'db' },
      cache: { service: 'cache' },
      frontendHome: { service: 'frontend', route: 'GET /' },
    };
    const b0 = await scrape();
    await sleep(3000);
    const b1 = await scrape();
    const created = await api('/faults', {
      method: 'POST',
      body: JSON.stringify({ fault: 'latency', service: 'payment', for: '60m', magnitude: 800 }),
    });
    expect(created.status).toBe(201);
    const fault = await created.json();
    expect(fault).toMatchObject({ fault: 'latency', service: 'payment', status: 'active', magnitude: 800 });
    // 60 simulated minutes at 60x = 60 real seconds.
    expect(Date.parse(fault.end.real) - Date.parse(fault.start.real)).toBe(60_000);
    expect(Date.parse(fault.end.sim) - Date.parse(fault.start.sim)).toBe(3_600_000);
    await sleep(300);
    const f0 = await scrape();
    await sleep(3000);
    const f1 = await scrape();

    const ratios: Record<string, number> = {};
    for (const [name, match] of Object.entries(routes)) {
      ratios[name] = meanLatency(f0, f1, match) / meanLatency(b0, b1, match);
    }
    process.stdout.write(
      `latency ratio fault/baseline per series: ${JSON.stringify(ratios, (_k, v: unknown) => (typeof v === 'number' ? Number(v.toFixed(2)) : v))}\n`
    );
    expect(ratios.payment).toBeGreaterThan(3);
    expect(ratios.checkout).toBeGreaterThan(2.5);
    expect(ratios.apiCheckout).toBeGreaterThan(2.5);
    expect(ratios.frontendCheckout).toBeGreaterThan(2.5);
    for (const unaffected of ['gateway', 'catalog', 'db', 'cache', 'frontendHome']) {
      expect(ratios[unaffected]).toBeGreaterThan(0.75);
      expect(ratios[unaffected]).toBeLessThan(1.33);
    }
    expect(total(f1, 'sim_fault_active', { service: 'payment', kind: 'latency' })).toBe(1);

    const listed = await (await api('/faults')).json();
    expect(listed.faults.map((f: { id: string }) => f.id)).toContain(fault.id);
    const cancelled = await api(`/faults/${fault.id}`, { method: 'DELETE' });
    expect(await cancelled.json()).toMatchObject({ id: fault.id, status: 'cancelled' });
  });

  it('writes JSON log lines with the documented fields', () => {
    const lines = readFileSync(join(workDir, 'app.log'), 'utf8').trim().split('\n');
    expect(lines.length).toBeGreaterThan(10);
    const first = JSON.parse(lines[0]);
    for (const field of ['ts', 'sim_ts', 'level', 'service', 'msg', 'route', 'status', 'latency_ms', 'trace_id']) {
      expect(first).toHaveProperty(field);
    }
  });

  describe('scraped by a real Prometheus', () => {
    let prometheus: ChildProcess | undefined;
    let promDir: string;
    let promBase = '';

    beforeAll(async () => {
      if (spawnSync('which', ['prometheus']).status !== 0) {
        throw new Error('prometheus not found: apt-get install prometheus');
      }
      promDir = mkdtempSync(join(tmpdir(), 'prom-it-'));
      const target = base.replace('http://', '');
      writeFileSync(
        join(promDir, 'prometheus.yml'),
        `global:\n  scrape_interval: 1s\nscrape_configs:\n  - job_name: foresight-demo\n    static_configs:\n      - targets: ['${target}']\n`
      );
      const port = await freePort();
      promBase = `http://127.0.0.1:${port}`;
      prometheus = spawn(
        'prometheus',
        [
          `--config.file=${join(promDir, 'prometheus.yml')}`,
          `--storage.tsdb.path=${join(promDir, 'data')}`,
          `--web.listen-address=127.0.0.1:${port}`,
        ],
        { stdio: 'ignore' }
      );
    });

    afterAll(async () => {
      if (prometheus && prometheus.exitCode === null) {
        const exited = new Promise((r) => prometheus!.once('exit', r));
        prometheus.kill('SIGTERM');
        await exited;
      }
      rmSync(promDir, { recursive: true, force: true });
    });

    const query = async (q: string): Promise<Array<{ metric: Record<string, string>; value: [number, string] }>> => {
      const res = await fetch(`${promBase}/api/v1/query?query=${encodeURIComponent(q)}`).catch(() => undefined);
      if (!res?.ok) {
        return [];
      }
      return (await res.json()).data.result;
    };

    it('sees the target up, the service graph edges and a per-service request rate', async () => {
      let edges: Awaited<ReturnType<typeof query>> = [];
      let rates: Awaited<ReturnType<typeof query>> = [];
      for (let i = 0; i < 60; i++) {
        edges = await query('traces_service_graph_request_total{job="foresight-demo"}');
        rates = await query('sum by (service) (rate(http_requests_total{job="foresight-demo"}[30s]))');
        if (edges.length === 7 && rates.length === 8) {
          break;
        }
        await sleep(500);
      }
      expect((await query('up{job="foresight-demo"}'))[0]?.value[1]).toBe('1');
      expect(edges.map((e) => `${e.metric.client}->${e.metric.server}`).sort()).toEqual([
        'api->cache',
        'api->catalog',
        'api->checkout',
        'catalog->db',
        'checkout->payment',
        'frontend->api',
        'payment->payment-gateway',
      ]);
      expect(rates).toHaveLength(8);
      expect(rates.every((r) => Number(r.value[1]) > 0)).toBe(true);
    });
  });
});
