import type { FaultRecord } from './faultBook';
import { LATENCY_BUCKETS, ShopSimulation, type StepResult } from './model';
import { DEFAULT_SHOP } from './topology';

const START = Date.parse('2026-11-18T14:00:00Z');

const fault = (
  kind: FaultRecord['kind'],
  service: string,
  magnitude: number,
  extra: Partial<FaultRecord> = {}
): FaultRecord => ({
  id: `f-${kind}-${service}`,
  kind,
  service,
  magnitude,
  source: 'api',
  startSimMs: START,
  endSimMs: START + 3_600_000,
  ...extra,
});

function run(steps: number, faults: FaultRecord[] = [], seed = 11): StepResult[] {
  const sim = new ShopSimulation({ shop: DEFAULT_SHOP, seed, startSimMs: START, stepMs: 10_000 });
  const out: StepResult[] = [];
  for (let i = 0; i < steps; i++) {
    out.push(sim.step(faults.filter((f) => f.startSimMs <= sim.simTimeMs && sim.simTimeMs < f.endSimMs)));
  }
  return out;
}

const median = (results: StepResult[], service: string, route: string): number => {
  const xs = results
    .map((r) => r.routes.find((x) => x.service === service && x.route === route)!.medianMs)
    .sort((a, b) => a - b);
  return xs[Math.floor(xs.length / 2)];
};

const requests = (results: StepResult[], service: string, filter: (status: string) => boolean = () => true): number =>
  results
    .flatMap((r) => r.routes.filter((x) => x.service === service))
    .reduce(
      (a, x) =>
        a +
        Object.entries(x.statusCounts)
          .filter(([s]) => filter(s))
          .reduce((b, [, n]) => b + n, 0),
      0
    );

describe('ShopSimulation', () => {
  it('is deterministic for a seed', () => {
    expect(run(5)).toEqual(run(5));
    expect(run(5, [], 12)[4].routes[0].statusCounts).not.toEqual(run(5)[4].routes[0].statusCounts);
  });

  it('keeps histogram counts equal to request counts', () => {
    for (const step of run(3)) {
      for (const r of step.routes) {
        const total = Object.values(r.statusCounts).reduce((a, b) => a + b, 0);
        expect(r.bucketCounts.reduce((a, b) => a + b, 0)).toBe(total);
        expect(r.bucketCounts).toHaveLength(LATENCY_BUCKETS.length);
      }
    }
  });

  it('propagates a latency fault on payment to its callers only', () => {
    const base = run(30);
    const slow = run(30, [fault('latency', 'payment', 800)]);
    const ratio = (service: string, route: string): number =>
      median(slow, service, route) / median(base, service, route);
    expect(ratio('payment', 'POST /payments')).toBeGreaterThan(3);
    expect(ratio('checkout', 'POST /orders')).toBeGreaterThan(2);
    expect(ratio('api', 'POST /api/checkout')).toBeGreaterThan(2);
    expect(ratio('frontend', 'POST /checkout')).toBeGreaterThan(2);
    expect(ratio('payment-gateway', 'POST /v1/charges')).toBeCloseTo(1, 1);
    expect(ratio('catalog', 'GET /products')).toBeCloseTo(1, 1);
    expect(ratio('frontend', 'GET /')).toBeCloseTo(1, 1);
  });

  it('turns a db outage into refused connections in catalog and errors up to the frontend', () => {
    const out = run(20, [fault('outage', 'db', 1)]);
    expect(requests(out, 'db')).toBe(0);
    const catalog503 = requests(out, 'catalog', (s) => s === '503');
    expect(catalog503 / requests(out, 'catalog')).toBeGreaterThan(0.8);
    expect(requests(out, 'frontend', (s) => s.startsWith('5'))).toBeGreaterThan(0);
    expect(out.flatMap((s) => s.logs).some((l) => /connection refused \(calling db\)/.test(l.msg))).toBe(true);
    const edge = out.flatMap((s) => s.edges).filter((e) => e.client === 'catalog' && e.server === 'db');
    expect(edge.reduce((a, e) => a + e.failed, 0)).toBe(edge.reduce((a, e) => a + e.requests, 0));
  });

  it('a cache outage raises catalog traffic instead of failing requests', () => {
    const base = run(20);
    const out = run(20, [fault('outage', 'cache', 1)]);
    expect(out[10].services.find((s) => s.service === 'cache')!.cacheHitRatio).toBe(0);
    expect(requests(out, 'catalog')).toBeGreaterThan(5 * requests(base, 'catalog'));
    expect(requests(out, 'api', (s) => s.startsWith('5')) / requests(out, 'api')).toBeLessThan(0.01);
  });

  it('an error burst shows as 500s with exception log lines', () => {
    const out = run(20, [fault('error_burst', 'checkout', 0.5)]);
    const ratio = requests(out, 'checkout', (s) => s === '500') / requests(out, 'checkout');
    expect(ratio).toBeGreaterThan(0.4);
    expect(ratio).toBeLessThan(0.6);
    expect(
      out
        .flatMap((s) => s.logs)
        .some((l) => l.service === 'checkout' && /unhandled exception|constraint violation/.test(l.msg))
    ).toBe(true);
    expect(out.flatMap((s) => s.logs).some((l) => l.service === 'api' && l.level === 'error')).toBe(true);
  });

  it('a bad deploy changes the version with deploy and rollback events', () => {
    const sim = new ShopSimulation({ shop: DEFAULT_SHOP, seed: 3, startSimMs: START, stepMs: 10_000 });
    const deploy = fault('bad_deploy', 'api', 0.3, { version: '1.15.0' });
    const first = sim.step([deploy]);
    expect(first.events).toEqual([{ kind: 'deploy', service: 'api', version: '1.15.0', previousVersion: '1.14.0' }]);
    expect(first.versions.api).toBe('1.15.0');
    expect(first.logs.some((l) => l.event === 'deploy' && l.version === '1.15.0')).toBe(true);
    expect(sim.step([deploy]).events).toEqual([]);
    const after = sim.step([]);
    expect(after.events).toEqual([{ kind: 'rollback', service: 'api', version: '1.14.0', previousVersion: '1.15.0' }]);
    expect(after.versions.api).toBe('1.14.0');
  });

  it('a memory leak grows memory until an OOM kill and restart', () => {
    const out = run(60, [fault('memory_leak', 'checkout', 120)]);
    const memory = out.map((s) => s.services.find((x) => x.service === 'checkout')!.memoryBytes);
    expect(memory[10]).toBeGreaterThan(memory[1] + 150 * 1024 * 1024);
    const restartStep = out.findIndex((s) => s.events.some((e) => e.kind === 'restart' && e.reason === 'OOMKilled'));
    expect(restartStep).toBeGreaterThan(0);
    expect(out[restartStep].logs.some((l) => /OOMKilled/.test(l.msg))).toBe(true);
    expect(out[restartStep + 1].services.find((x) => x.service === 'checkout')!.availability).toBe(0);
  });

  it('a CPU hog saturates the CPU gauge and slows the service a little', () => {
    const base = run(20);
    const out = run(20, [fault('cpu_hog', 'catalog', 0.9)]);
    expect(out[10].services.find((s) => s.service === 'catalog')!.cpuRatio).toBeGreaterThan(0.9);
    expect(median(out, 'catalog', 'GET /products/:id') / median(base, 'catalog', 'GET /products/:id')).toBeGreaterThan(
      1.5
    );
  });

  it('counts orders and revenue from successful checkouts', () => {
    const out = run(10);
    const orders = out.reduce((a, s) => a + s.orders, 0);
    const checkouts = out.reduce(
      (a, s) => a + (s.routes.find((r) => r.route === 'POST /checkout')!.statusCounts['200'] ?? 0),
      0
    );
    expect(orders).toBe(checkouts);
    expect(out.reduce((a, s) => a + s.revenue, 0) / orders).toBeGreaterThan(40);
  });
});
