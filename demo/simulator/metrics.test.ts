import { FaultBook } from './faultBook';
import { METRIC_NAMES, ShopMetrics } from './metrics';
import { ShopSimulation } from './model';
import { DEFAULT_SHOP } from './topology';

const START = Date.parse('2026-11-18T14:00:00Z');

const sample = (text: string, series: string): number => {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  if (!line) {
    throw new Error(`series ${series} not exposed`);
  }
  return Number(line.slice(series.length + 1));
};

describe('ShopMetrics', () => {
  it('exposes every documented metric, with counters that only grow', async () => {
    const metrics = new ShopMetrics(DEFAULT_SHOP, 60);
    const sim = new ShopSimulation({ shop: DEFAULT_SHOP, seed: 1, startSimMs: START, stepMs: 10_000 });
    metrics.apply(sim.step([]));
    const first = await metrics.registry.metrics();
    for (const name of METRIC_NAMES) {
      expect(first).toContain(`# TYPE ${name} `);
    }
    const series = 'http_requests_total{service="frontend",route="GET /",method="GET",status="200"}';
    const graph = 'traces_service_graph_request_total{client="frontend",server="api"}';
    for (let i = 0; i < 5; i++) {
      metrics.apply(sim.step([]));
    }
    const later = await metrics.registry.metrics();
    expect(sample(later, series)).toBeGreaterThan(sample(first, series));
    expect(sample(later, graph)).toBeGreaterThan(sample(first, graph));
    expect(sample(later, 'sim_clock_seconds')).toBe((START + 60_000) / 1000);
    expect(sample(later, 'deploy_info{service="api",version="1.14.0"}')).toBe(1);
    expect(sample(later, 'cache_hit_ratio{service="cache"}')).toBeGreaterThan(0.8);
  });

  it('moves deploy_info to the new version and counts the deployment', async () => {
    const metrics = new ShopMetrics(DEFAULT_SHOP, 1);
    const sim = new ShopSimulation({ shop: DEFAULT_SHOP, seed: 1, startSimMs: START, stepMs: 10_000 });
    const book = new FaultBook();
    const f = book.add(
      { kind: 'bad_deploy', service: 'api', magnitude: 0.2, startOffsetMs: 0, durationMs: 60_000, version: '1.15.0' },
      START,
      'api'
    );
    metrics.apply(sim.step(book.activeAt(START)));
    metrics.syncFaults(book, START);
    const text = await metrics.registry.metrics();
    expect(sample(text, 'deploy_info{service="api",version="1.15.0"}')).toBe(1);
    expect(text).not.toContain('deploy_info{service="api",version="1.14.0"}');
    expect(sample(text, 'deployments_total{service="api"}')).toBe(1);
    expect(sample(text, `sim_fault_active{id="${f.id}",kind="bad_deploy",service="api"}`)).toBe(1);
    metrics.syncFaults(book, START + 60_000);
    expect(await metrics.registry.metrics()).not.toContain('sim_fault_active{');
  });
});
