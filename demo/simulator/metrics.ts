// The simulator's Prometheus metrics: one prom-client registry updated from each simulation step.
import { Counter, Gauge, Registry } from 'prom-client';
import { FaultBook } from './faultBook';
import { LATENCY_BUCKETS, type StepResult } from './model';
import type { ShopTopology } from './topology';
import { WeightedHistogram } from './weightedHistogram';

/** Names and labels of every exposed metric, for the README and for tests. */
export const METRIC_NAMES = [
  'http_requests_total',
  'http_request_duration_seconds',
  'service_cpu_usage_ratio',
  'service_memory_bytes',
  'service_memory_limit_bytes',
  'service_up',
  'queue_depth',
  'cache_hit_ratio',
  'shop_orders_total',
  'shop_revenue_total',
  'traces_service_graph_request_total',
  'traces_service_graph_request_failed_total',
  'deploy_info',
  'deployments_total',
  'service_restarts_total',
  'sim_clock_seconds',
  'sim_time_acceleration',
  'sim_fault_active',
  'sim_log_lines_total',
] as const;

export class ShopMetrics {
  readonly registry = new Registry();
  private readonly requests: Counter<'service' | 'route' | 'method' | 'status'>;
  private readonly duration: WeightedHistogram;
  private readonly cpu: Gauge<'service'>;
  private readonly memory: Gauge<'service'>;
  private readonly up: Gauge<'service'>;
  private readonly queue: Gauge<'service'>;
  private readonly cacheHit: Gauge<'service'>;
  private readonly orders: Counter;
  private readonly revenue: Counter<'currency'>;
  private readonly graphRequests: Counter<'client' | 'server'>;
  private readonly graphFailed: Counter<'client' | 'server'>;
  private readonly deployInfo: Gauge<'service' | 'version'>;
  private readonly deployments: Counter<'service'>;
  private readonly restarts: Counter<'service'>;
  private readonly clock: Gauge;
  private readonly faultActive: Gauge<'id' | 'kind' | 'service'>;
  private readonly logLines: Counter<'level'>;
  private readonly exposedVersions = new Map<string, string>();
  private readonly exposedFaults = new Set<string>();

  constructor(
    private readonly shop: ShopTopology,
    acceleration: number
  ) {
    const registers = [this.registry];
    this.requests = new Counter({
      name: 'http_requests_total',
      help: 'HTTP requests handled, by service, route, method and status code.',
      labelNames: ['service', 'route', 'method', 'status'],
      registers,
    });
    this.duration = new WeightedHistogram(
      'http_request_duration_seconds',
      'HTTP request latency in seconds (server side, including downstream calls).',
      ['service', 'route'],
      LATENCY_BUCKETS,
      this.registry
    );
    this.cpu = new Gauge({
      name: 'service_cpu_usage_ratio',
      help: 'CPU used as a ratio of the service allocation (0-1).',
      labelNames: ['service'],
      registers,
    });
    this.memory = new Gauge({
      name: 'service_memory_bytes',
      help: 'Resident memory of the service in bytes.',
      labelNames: ['service'],
      registers,
    });
    const memoryLimit = new Gauge({
      name: 'service_memory_limit_bytes',
      help: 'Memory limit of the service in bytes (OOM kill above).',
      labelNames: ['service'],
      registers,
    });
    this.up = new Gauge({
      name: 'service_up',
      help: 'Share of the last step the service accepted connections (1 = up).',
      labelNames: ['service'],
      registers,
    });
    this.queue = new Gauge({
      name: 'queue_depth',
      help: 'Requests in flight or queued in the service.',
      labelNames: ['service'],
      registers,
    });
    this.cacheHit = new Gauge({
      name: 'cache_hit_ratio',
      help: 'Cache hit ratio (0-1).',
      labelNames: ['service'],
      registers,
    });
    this.orders = new Counter({
      name: 'shop_orders_total',
      help: 'Orders completed (successful checkouts).',
      registers,
    });
    this.revenue = new Counter({
      name: 'shop_revenue_total',
      help: 'Revenue of completed orders.',
      labelNames: ['currency'],
      registers,
    });
    this.graphRequests = new Counter({
      name: 'traces_service_graph_request_total',
      help: 'Calls between services (client calls server), as in Tempo service graphs.',
      labelNames: ['client', 'server'],
      registers,
    });
    this.graphFailed = new Counter({
      name: 'traces_service_graph_request_failed_total',
      help: 'Failed calls between services.',
      labelNames: ['client', 'server'],
      registers,
    });
    this.deployInfo = new Gauge({
      name: 'deploy_info',
      help: 'Version currently deployed (1 for the current version).',
      labelNames: ['service', 'version'],
      registers,
    });
    this.deployments = new Counter({
      name: 'deployments_total',
      help: 'Deployments and rollbacks per service.',
      labelNames: ['service'],
      registers,
    });
    this.restarts = new Counter({
      name: 'service_restarts_total',
      help: 'Service restarts (OOM kills, rolling restarts).',
      labelNames: ['service'],
      registers,
    });
    this.clock = new Gauge({
      name: 'sim_clock_seconds',
      help: 'Simulated time of the last completed step (unix seconds).',
      registers,
    });
    const accel = new Gauge({ name: 'sim_time_acceleration', help: 'Simulated seconds per real second.', registers });
    this.faultActive = new Gauge({
      name: 'sim_fault_active',
      help: 'Injected faults currently active (ground truth for tests; not an application metric).',
      labelNames: ['id', 'kind', 'service'],
      registers,
    });
    this.logLines = new Counter({
      name: 'sim_log_lines_total',
      help: 'Application log lines emitted by the simulator.',
      labelNames: ['level'],
      registers,
    });

    accel.set(acceleration);
    for (const s of shop.services) {
      memoryLimit.set({ service: s.name }, s.memoryLimitBytes);
      this.restarts.inc({ service: s.name }, 0);
      this.deployments.inc({ service: s.name }, 0);
      this.setVersion(s.name, s.initialVersion);
    }
    for (const r of shop.routes) {
      this.duration.add({ service: r.service, route: r.route }, new Array<number>(LATENCY_BUCKETS.length).fill(0), 0);
      // Pre-create the usual series at 0 so rate() has a starting point before the first request of a kind.
      this.requests.inc({ service: r.service, route: r.route, method: r.method, status: '200' }, 0);
      this.requests.inc({ service: r.service, route: r.route, method: r.method, status: '500' }, 0);
    }
    this.orders.inc(0);
    this.revenue.inc({ currency: shop.currency }, 0);
  }

  apply(step: StepResult): void {
    for (const r of step.routes) {
      for (const [status, n] of Object.entries(r.statusCounts)) {
        this.requests.inc({ service: r.service, route: r.route, method: r.method, status }, n);
      }
      this.duration.add({ service: r.service, route: r.route }, r.bucketCounts, r.latencySumSeconds);
    }
    for (const s of step.services) {
      this.cpu.set({ service: s.service }, s.cpuRatio);
      this.memory.set({ service: s.service }, Math.round(s.memoryBytes));
      this.up.set({ service: s.service }, s.availability);
      this.queue.set({ service: s.service }, s.queueDepth);
      if (s.cacheHitRatio !== undefined) {
        this.cacheHit.set({ service: s.service }, s.cacheHitRatio);
      }
    }
    for (const e of step.edges) {
      this.graphRequests.inc({ client: e.client, server: e.server }, e.requests);
      this.graphFailed.inc({ client: e.client, server: e.server }, e.failed);
    }
    this.orders.inc(step.orders);
    this.revenue.inc({ currency: this.shop.currency }, step.revenue);
    for (const ev of step.events) {
      if (ev.kind === 'restart') {
        this.restarts.inc({ service: ev.service });
      } else {
        this.deployments.inc({ service: ev.service });
      }
    }
    for (const [service, version] of Object.entries(step.versions)) {
      this.setVersion(service, version);
    }
    for (const line of step.logs) {
      this.logLines.inc({ level: line.level });
    }
    this.clock.set(step.endSimMs / 1000);
  }

  /** Mirrors the fault book into sim_fault_active at simulated time `simMs`. */
  syncFaults(book: FaultBook, simMs: number): void {
    const active = new Set<string>();
    for (const f of book.list()) {
      const key = JSON.stringify([f.id, f.kind, f.service]);
      if (FaultBook.statusAt(f, simMs) === 'active') {
        active.add(key);
        this.faultActive.set({ id: f.id, kind: f.kind, service: f.service }, 1);
      }
    }
    for (const key of this.exposedFaults) {
      if (!active.has(key)) {
        const [id, kind, service] = JSON.parse(key) as [string, string, string];
        this.faultActive.remove({ id, kind, service });
      }
    }
    this.exposedFaults.clear();
    active.forEach((k) => this.exposedFaults.add(k));
  }

  private setVersion(service: string, version: string): void {
    const previous = this.exposedVersions.get(service);
    if (previous === version) {
      return;
    }
    if (previous !== undefined) {
      this.deployInfo.remove({ service, version: previous });
    }
    this.deployInfo.set({ service, version }, 1);
    this.exposedVersions.set(service, version);
  }
}
