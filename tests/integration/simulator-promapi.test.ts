// The simulator's own Prometheus read API against a real Prometheus scraping the same simulator: the provisioned
// dashboards' queries and the SLO engine's raw queries must give the same series and (within a bound) the same values.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { importSlos } from '../../src/engine/slo/importSlos';
import { rawErrorRatioQuery, sliEventQueries } from '../../src/engine/slo/promql';
import { type DemoSimulatorProcess, startDemoSimulatorProcess } from '../support/demoSimulator';
import { freePort } from '../support/freePort';

const ROOT = resolve(__dirname, '..', '..');
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
/** Every window the queries use is 1 minute; both sides need a full window of 1 s scrapes before comparing. */
const WINDOW = '1m';
const DATA_NEEDED_MS = 75_000;
/**
 * Tolerances. The two scrapers read /metrics at different instants (up to one 1 s interval apart, i.e. 60 simulated
 * seconds at 60x), so the first and last samples of each 1 m window differ. rate() extrapolates over that edge slice
 * as a straight line, so what remains is the traffic's deviation from a line within ~1 s: well under 1% for request
 * rates (observed ~0.1%). 1% is also tight enough to catch a missing extrapolation, which would be off by ~1/60 = 1.7%.
 * Error counts (5xx, slow requests) are a few per second, so one request more or less in an edge slice moves them by
 * 1-2%: rates of errors and ratios built on them get 5%, plus an absolute floor of 0.001 for ratios near zero
 * (a handful of requests at the service's traffic).
 */
const RATE_TOLERANCE = 0.01;
const RATIO_TOLERANCE = 0.05;
const ABSOLUTE_FLOOR = 0.001;

type Vector = Array<{ metric: Record<string, string>; value: [number, string] }>;
type Matrix = Array<{ metric: Record<string, string>; values: Array<[number, string]> }>;

const key = (metric: Record<string, string>): string =>
  JSON.stringify(Object.fromEntries(Object.entries(metric).sort(([a], [b]) => a.localeCompare(b))));

function closeEnough(a: number, b: number, relative: number): boolean {
  if (Number.isNaN(a) || Number.isNaN(b)) {
    return Number.isNaN(a) && Number.isNaN(b);
  }
  return Math.abs(a - b) <= relative * Math.max(Math.abs(a), Math.abs(b)) + ABSOLUTE_FLOOR * (relative === 0 ? 0 : 1);
}

/** Every PromQL expression of a provisioned dashboard, with the dashboard variables expanded as Grafana does. */
function dashboardQueries(file: string, serviceRegex: string): string[] {
  const out: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) {
      node.forEach(walk);
    } else if (node && typeof node === 'object') {
      for (const [k, v] of Object.entries(node)) {
        if (k === 'expr' && typeof v === 'string') {
          out.push(v.split('$service').join(serviceRegex).split('$__rate_interval').join('1m0s'));
        } else {
          walk(v);
        }
      }
    }
  };
  walk(JSON.parse(readFileSync(join(ROOT, 'provisioning', 'dashboards', file), 'utf8')));
  return [...new Set(out)];
}

describe('simulator Prometheus API vs a real Prometheus (60x time, both scraping every 1 s)', () => {
  let sim: DemoSimulatorProcess | undefined;
  let prometheus: ChildProcess | undefined;
  let workDir: string;
  let simBase = '';
  let promBase = '';
  let dataFrom = 0;
  const worst: Record<string, number> = {};

  const stop = async (child: ChildProcess | undefined): Promise<void> => {
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
  };

  beforeAll(async () => {
    if (spawnSync('which', ['prometheus']).status !== 0) {
      throw new Error('prometheus not found: apt-get install prometheus');
    }
    workDir = mkdtempSync(join(tmpdir(), 'sim-promapi-'));
    sim = await startDemoSimulatorProcess({
      logFile: join(workDir, 'app.log'),
      extraArgs: ['--start', '2026-11-18T13:00:00Z', '--scrape-interval', '1s'],
    });
    simBase = sim.url;
    writeFileSync(
      join(workDir, 'prometheus.yml'),
      `global:\n  scrape_interval: 1s\nscrape_configs:\n  - job_name: foresight-demo\n    static_configs:\n      - targets: ['${simBase.replace('http://', '')}']\n`
    );
    const port = await freePort();
    promBase = `http://127.0.0.1:${port}`;
    prometheus = spawn(
      'prometheus',
      [
        `--config.file=${join(workDir, 'prometheus.yml')}`,
        `--storage.tsdb.path=${join(workDir, 'data')}`,
        `--web.listen-address=127.0.0.1:${port}`,
      ],
      { stdio: 'ignore' }
    );
    for (let i = 0; i < 100; i++) {
      const up = await fetch(`${promBase}/api/v1/query?query=up`)
        .then((r) => r.json())
        .catch(() => undefined);
      if (up?.data?.result?.[0]?.value?.[1] === '1') {
        break;
      }
      await sleep(200);
    }
    dataFrom = Date.now();
  }, 60_000);

  afterAll(async () => {
    await stop(prometheus);
    await sim?.stop();
    rmSync(workDir, { recursive: true, force: true });
    process.stdout.write(`worst relative difference per query kind: ${JSON.stringify(worst)}\n`);
  });

  const post = async (base: string, path: string, form: Record<string, string>) => {
    const res = await fetch(`${base}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form).toString(),
    });
    return { status: res.status, body: await res.json() };
  };

  const waitForData = async (): Promise<number> => {
    const wait = dataFrom + DATA_NEEDED_MS - Date.now();
    if (wait > 0) {
      await sleep(wait);
    }
    // A time both have scraped past.
    return (Date.now() - 1500) / 1000;
  };

  const note = (kind: string, a: number, b: number): void => {
    const rel = Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b), 1e-12);
    if (Number.isFinite(rel)) {
      worst[kind] = Math.max(worst[kind] ?? 0, Number(rel.toPrecision(3)));
    }
  };

  async function compareInstant(query: string, tolerance: number, kind: string): Promise<number> {
    const time = await waitForData();
    const [mine, theirs] = await Promise.all(
      [simBase, promBase].map((base) => post(base, '/api/v1/query', { query, time: String(time) }))
    );
    expect(mine.status).toBe(200);
    expect(theirs.status).toBe(200);
    expect(mine.body.data.resultType).toBe(theirs.body.data.resultType);
    const theirsByKey = new Map((theirs.body.data.result as Vector).map((r) => [key(r.metric), Number(r.value[1])]));
    const mineByKey = new Map((mine.body.data.result as Vector).map((r) => [key(r.metric), Number(r.value[1])]));
    expect([...mineByKey.keys()].sort()).toEqual([...theirsByKey.keys()].sort());
    for (const [k, v] of mineByKey) {
      const other = theirsByKey.get(k)!;
      note(kind, v, other);
      if (!closeEnough(v, other, tolerance)) {
        throw new Error(`${query}\n${k}: simulator ${v}, Prometheus ${other} (tolerance ${tolerance})`);
      }
    }
    return mineByKey.size;
  }

  async function compareRange(query: string, tolerance: number, kind: string): Promise<void> {
    const end = Math.floor(await waitForData());
    const form = { query, start: String(end - 10), end: String(end), step: '5' };
    const [mine, theirs] = await Promise.all(
      [simBase, promBase].map((base) => post(base, '/api/v1/query_range', form))
    );
    expect(mine.status).toBe(200);
    expect(theirs.status).toBe(200);
    const theirsByKey = new Map((theirs.body.data.result as Matrix).map((r) => [key(r.metric), r.values]));
    const mineSeries = mine.body.data.result as Matrix;
    expect(mineSeries.map((r) => key(r.metric)).sort()).toEqual([...theirsByKey.keys()].sort());
    for (const r of mineSeries) {
      const other = theirsByKey.get(key(r.metric))!;
      expect(r.values.map((p) => p[0])).toEqual(other.map((p) => p[0]));
      r.values.forEach(([, v], i) => {
        note(kind, Number(v), Number(other[i][1]));
        if (!closeEnough(Number(v), Number(other[i][1]), tolerance)) {
          throw new Error(`${query} at ${r.values[i][0]}: simulator ${v}, Prometheus ${other[i][1]}`);
        }
      });
    }
  }

  it('an unsupported query gets 400 bad_data naming the construct', async () => {
    const res = await post(simBase, '/api/v1/query', { query: 'topk(3, rate(http_requests_total[1m]))' });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      status: 'error',
      errorType: 'bad_data',
      error: expect.stringContaining('aggregation "topk" is not supported'),
    });
    const sub = await post(simBase, '/api/v1/query', { query: 'max_over_time(rate(http_requests_total[1m])[5m:])' });
    expect(sub.status).toBe(400);
    expect(sub.body.error).toMatch(/subqueries/);
  });

  it('identical raw series: target labels, a constant gauge and up', async () => {
    await compareInstant('service_memory_limit_bytes', 0, 'exact');
    await compareInstant('up', 0, 'exact');
    await compareInstant('count by (__name__) ({job="foresight-demo", __name__!~"scrape_.*|up"})', 0, 'exact');
  }, 120_000);

  it('the label_values(http_requests_total, service) variable', async () => {
    await waitForData();
    // Grafana asks with GET (Prometheus has no POST for this endpoint).
    const path = `/api/v1/label/service/values?match[]=http_requests_total`;
    const [mine, theirs] = await Promise.all(
      [simBase, promBase].map(async (base) => (await fetch(`${base}${path}`)).json())
    );
    expect(mine.data).toHaveLength(8);
    expect(mine.data).toEqual(theirs.data);
  }, 120_000);

  it('label names, series and metadata', async () => {
    await waitForData();
    const both = async (path: string) =>
      Promise.all([simBase, promBase].map(async (base) => (await (await fetch(`${base}${path}`)).json()).data));
    const sorted = (series: Array<Record<string, string>>) => series.map(key).sort();
    const [myLabels, theirLabels] = await both('/api/v1/labels');
    expect(myLabels).toEqual(theirLabels);
    const [mySeries, theirSeries] = await both('/api/v1/series?match[]=http_request_duration_seconds_count');
    expect(mySeries.length).toBeGreaterThan(10);
    expect(sorted(mySeries)).toEqual(sorted(theirSeries));
    const [myMeta, theirMeta] = await both('/api/v1/metadata');
    expect(myMeta).toEqual(theirMeta);
  }, 120_000);

  const serviceChoices = ['.*', '(api|checkout|payment-gateway)'];
  const dashboards = ['service-overview.json', 'anomaly-overlay.json'];
  const grafanaQueries = dashboards.flatMap((file) =>
    serviceChoices.flatMap((choice) => dashboardQueries(file, choice).map((q) => ({ file, q })))
  );

  it.each([...new Map(grafanaQueries.map((x) => [x.q, x])).values()])(
    'dashboard $file: $q',
    async ({ q }) => {
      const isRatio = q.includes('/') || q.includes('histogram_quantile');
      const tolerance = isRatio ? RATIO_TOLERANCE : RATE_TOLERANCE;
      const kind = q.includes('histogram_quantile') ? 'p95' : isRatio ? 'error ratio' : 'request rate';
      expect(await compareInstant(q, tolerance, kind)).toBeGreaterThan(0);
      await compareRange(q, tolerance, kind);
    },
    120_000
  );

  const { specs, errors } = importSlos(readFileSync(join(ROOT, 'provisioning', 'slos', 'demo-shop.slo.yaml'), 'utf8'));
  const sloQueries = specs.flatMap((spec) => {
    const events = sliEventQueries(spec.sli, spec.groupBy, WINDOW);
    return [
      {
        slo: spec.id,
        part: 'rawErrorRatioQuery',
        q: rawErrorRatioQuery(spec.sli, spec.groupBy, WINDOW),
        tolerance: RATIO_TOLERANCE,
      },
      { slo: spec.id, part: 'errors', q: events.errors, tolerance: RATIO_TOLERANCE },
      { slo: spec.id, part: 'total', q: events.total, tolerance: RATE_TOLERANCE },
      // The forms the backend's raw SLO history uses (pkg/src/slo/sloHistory.ts rawQueries).
      {
        slo: spec.id,
        part: 'history sli',
        q: `1 - (${rawErrorRatioQuery(spec.sli, spec.groupBy, WINDOW)})`,
        tolerance: RATIO_TOLERANCE,
      },
      {
        slo: spec.id,
        part: 'history burn rate',
        q: `(${rawErrorRatioQuery(spec.sli, spec.groupBy, WINDOW)}) / ${1 - spec.objective}`,
        tolerance: RATIO_TOLERANCE,
      },
    ];
  });

  it('reads the three demo SLOs', () => {
    expect(errors).toEqual([]);
    expect(specs.map((s) => s.id)).toEqual(['checkout-availability', 'api-latency', 'frontend-availability']);
  });

  it.each(sloQueries)(
    'SLO $slo $part',
    async ({ q, tolerance, part }) => {
      expect(await compareInstant(q, tolerance, `slo ${part}`)).toBeGreaterThan(0);
      await compareRange(q, tolerance, `slo ${part}`);
    },
    120_000
  );
});
