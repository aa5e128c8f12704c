// The demo shop: services, their routes and the calls each route makes. Edges point from caller (client) to callee
// (server), as in Tempo's service-graph metrics: root causes sit downstream, blast radius upstream.

export interface CallSpec {
  /** Callee service. */
  service: string;
  /** Callee route. */
  route: string;
  /** Calls made per request of the caller route. */
  callsPerRequest: number;
  /** Probability that a failed call makes the caller's request fail (the rest is retried or degraded). */
  errorPropagation: number;
  /** Call only on a miss of this cache service (scaled by 1 - its hit ratio). */
  onMissOf?: string;
  /** Caller-side timeout: calls slower than this fail with a timeout. */
  timeoutMs: number;
}

export interface RouteSpec {
  service: string;
  route: string;
  method: string;
  /** Median of the route's own processing time (excluding calls), at low load. */
  ownLatencyMs: number;
  /** Standard deviation of ln(latency). */
  latencySigma: number;
  /** Background 5xx ratio with no fault. */
  baseErrorRatio: number;
  /** Background 4xx ratio (client errors, not counted as failures). */
  clientErrorRatio: number;
  calls: CallSpec[];
}

export interface ServiceSpec {
  name: string;
  /** Requests per second the service handles before latency starts to climb. */
  capacityRps: number;
  /** CPU ratio with no traffic. */
  cpuIdleRatio: number;
  memoryBaseBytes: number;
  memoryLimitBytes: number;
  /** Additional memory per request/s of traffic (buffers, caches). */
  memoryPerRpsBytes: number;
  /** Port used in log messages (connection refused to host:port). */
  port: number;
  initialVersion: string;
  /** True for a cache: exposes cache_hit_ratio and its failures degrade to misses. */
  isCache?: boolean;
}

export interface EntryRoute {
  service: string;
  route: string;
  /** Share of the shop's incoming traffic. */
  share: number;
}

export interface ShopTopology {
  services: ServiceSpec[];
  routes: RouteSpec[];
  entries: EntryRoute[];
  /** Incoming requests per second at the daily weekday peak. */
  peakRps: number;
  /** Average basket value of an order, in `currency`. */
  averageOrderValue: number;
  currency: string;
  /** Route whose successful requests are orders. */
  orderRoute: { service: string; route: string };
}

const MIB = 1024 * 1024;

const call = (service: string, route: string, extra: Partial<CallSpec> = {}): CallSpec => ({
  service,
  route,
  callsPerRequest: 1,
  errorPropagation: 0.9,
  timeoutMs: 3000,
  ...extra,
});

export const DEFAULT_SHOP: ShopTopology = {
  peakRps: 60,
  averageOrderValue: 48,
  currency: 'EUR',
  orderRoute: { service: 'frontend', route: 'POST /checkout' },
  entries: [
    { service: 'frontend', route: 'GET /', share: 0.5 },
    { service: 'frontend', route: 'GET /product/:id', share: 0.4 },
    { service: 'frontend', route: 'POST /checkout', share: 0.1 },
  ],
  services: [
    {
      name: 'frontend',
      capacityRps: 220,
      cpuIdleRatio: 0.05,
      memoryBaseBytes: 180 * MIB,
      memoryLimitBytes: 512 * MIB,
      memoryPerRpsBytes: 0.6 * MIB,
      port: 8080,
      initialVersion: '2.3.1',
    },
    {
      name: 'api',
      capacityRps: 260,
      cpuIdleRatio: 0.06,
      memoryBaseBytes: 240 * MIB,
      memoryLimitBytes: 768 * MIB,
      memoryPerRpsBytes: 0.8 * MIB,
      port: 8081,
      initialVersion: '1.14.0',
    },
    {
      name: 'checkout',
      capacityRps: 40,
      cpuIdleRatio: 0.04,
      memoryBaseBytes: 200 * MIB,
      memoryLimitBytes: 512 * MIB,
      memoryPerRpsBytes: 2 * MIB,
      port: 8082,
      initialVersion: '3.2.5',
    },
    {
      name: 'payment',
      capacityRps: 40,
      cpuIdleRatio: 0.04,
      memoryBaseBytes: 160 * MIB,
      memoryLimitBytes: 512 * MIB,
      memoryPerRpsBytes: 2 * MIB,
      port: 8083,
      initialVersion: '1.8.2',
    },
    {
      name: 'payment-gateway',
      capacityRps: 50,
      cpuIdleRatio: 0.03,
      memoryBaseBytes: 120 * MIB,
      memoryLimitBytes: 384 * MIB,
      memoryPerRpsBytes: 1 * MIB,
      port: 8443,
      initialVersion: '4.0.7',
    },
    {
      name: 'catalog',
      capacityRps: 220,
      cpuIdleRatio: 0.05,
      memoryBaseBytes: 300 * MIB,
      memoryLimitBytes: 1024 * MIB,
      memoryPerRpsBytes: 0.5 * MIB,
      port: 8084,
      initialVersion: '2.9.0',
    },
    {
      name: 'db',
      capacityRps: 500,
      cpuIdleRatio: 0.08,
      memoryBaseBytes: 1536 * MIB,
      memoryLimitBytes: 4096 * MIB,
      memoryPerRpsBytes: 1 * MIB,
      port: 5432,
      initialVersion: '16.4',
    },
    {
      name: 'cache',
      capacityRps: 2000,
      cpuIdleRatio: 0.02,
      memoryBaseBytes: 512 * MIB,
      memoryLimitBytes: 1024 * MIB,
      memoryPerRpsBytes: 0.05 * MIB,
      port: 6379,
      initialVersion: '7.2.5',
      isCache: true,
    },
  ],
  routes: [
    {
      service: 'frontend',
      route: 'GET /',
      method: 'GET',
      ownLatencyMs: 12,
      latencySigma: 0.35,
      baseErrorRatio: 0.0005,
      clientErrorRatio: 0.002,
      calls: [call('api', 'GET /api/products')],
    },
    {
      service: 'frontend',
      route: 'GET /product/:id',
      method: 'GET',
      ownLatencyMs: 10,
      latencySigma: 0.35,
      baseErrorRatio: 0.0005,
      clientErrorRatio: 0.01,
      calls: [call('api', 'GET /api/products/:id')],
    },
    {
      service: 'frontend',
      route: 'POST /checkout',
      method: 'POST',
      ownLatencyMs: 18,
      latencySigma: 0.35,
      baseErrorRatio: 0.001,
      clientErrorRatio: 0.01,
      calls: [call('api', 'POST /api/checkout', { timeoutMs: 8000 })],
    },
    {
      service: 'api',
      route: 'GET /api/products',
      method: 'GET',
      ownLatencyMs: 6,
      latencySigma: 0.4,
      baseErrorRatio: 0.0005,
      clientErrorRatio: 0,
      calls: [
        call('cache', 'GET /get', { errorPropagation: 0 }),
        call('catalog', 'GET /products', { onMissOf: 'cache' }),
      ],
    },
    {
      service: 'api',
      route: 'GET /api/products/:id',
      method: 'GET',
      ownLatencyMs: 5,
      latencySigma: 0.4,
      baseErrorRatio: 0.0005,
      clientErrorRatio: 0,
      calls: [
        call('cache', 'GET /get', { errorPropagation: 0 }),
        call('catalog', 'GET /products/:id', { onMissOf: 'cache' }),
      ],
    },
    {
      service: 'api',
      route: 'POST /api/checkout',
      method: 'POST',
      ownLatencyMs: 8,
      latencySigma: 0.4,
      baseErrorRatio: 0.001,
      clientErrorRatio: 0,
      calls: [call('checkout', 'POST /orders', { timeoutMs: 8000 })],
    },
    {
      service: 'checkout',
      route: 'POST /orders',
      method: 'POST',
      ownLatencyMs: 35,
      latencySigma: 0.4,
      baseErrorRatio: 0.002,
      clientErrorRatio: 0,
      calls: [call('payment', 'POST /payments', { timeoutMs: 6000 })],
    },
    {
      service: 'payment',
      route: 'POST /payments',
      method: 'POST',
      ownLatencyMs: 25,
      latencySigma: 0.4,
      baseErrorRatio: 0.001,
      clientErrorRatio: 0,
      calls: [call('payment-gateway', 'POST /v1/charges', { timeoutMs: 5000 })],
    },
    {
      service: 'payment-gateway',
      route: 'POST /v1/charges',
      method: 'POST',
      ownLatencyMs: 140,
      latencySigma: 0.45,
      baseErrorRatio: 0.003,
      clientErrorRatio: 0,
      calls: [],
    },
    {
      service: 'catalog',
      route: 'GET /products',
      method: 'GET',
      ownLatencyMs: 14,
      latencySigma: 0.4,
      baseErrorRatio: 0.0005,
      clientErrorRatio: 0,
      calls: [call('db', 'QUERY /query', { callsPerRequest: 2, timeoutMs: 2000 })],
    },
    {
      service: 'catalog',
      route: 'GET /products/:id',
      method: 'GET',
      ownLatencyMs: 9,
      latencySigma: 0.4,
      baseErrorRatio: 0.0005,
      clientErrorRatio: 0,
      calls: [call('db', 'QUERY /query', { timeoutMs: 2000 })],
    },
    {
      service: 'db',
      route: 'QUERY /query',
      method: 'QUERY',
      ownLatencyMs: 3,
      latencySigma: 0.6,
      baseErrorRatio: 0.0002,
      clientErrorRatio: 0,
      calls: [],
    },
    {
      service: 'cache',
      route: 'GET /get',
      method: 'GET',
      ownLatencyMs: 0.8,
      latencySigma: 0.4,
      baseErrorRatio: 0.0001,
      clientErrorRatio: 0,
      calls: [],
    },
  ],
};

export const routeKey = (service: string, route: string): string => `${service} ${route}`;

/** Distinct (client, server) service edges. */
export function serviceEdges(shop: ShopTopology): Array<{ client: string; server: string }> {
  const seen = new Set<string>();
  const edges: Array<{ client: string; server: string }> = [];
  for (const r of shop.routes) {
    for (const c of r.calls) {
      const key = `${r.service}->${c.service}`;
      if (!seen.has(key)) {
        seen.add(key);
        edges.push({ client: r.service, server: c.service });
      }
    }
  }
  return edges;
}

/**
 * Routes ordered callers-first (a topological order of the route call graph). Throws naming the problem if a call
 * points to an unknown route or service, or if the calls form a cycle.
 */
export function routesCallersFirst(shop: ShopTopology): RouteSpec[] {
  const services = new Set(shop.services.map((s) => s.name));
  const byKey = new Map(shop.routes.map((r) => [routeKey(r.service, r.route), r]));
  for (const r of shop.routes) {
    if (!services.has(r.service)) {
      throw new Error(`route "${r.route}" belongs to unknown service "${r.service}"`);
    }
    for (const c of r.calls) {
      if (!byKey.has(routeKey(c.service, c.route))) {
        throw new Error(
          `route "${routeKey(r.service, r.route)}" calls unknown route "${routeKey(c.service, c.route)}"`
        );
      }
      if (c.onMissOf !== undefined && !shop.services.some((s) => s.name === c.onMissOf && s.isCache)) {
        throw new Error(`call onMissOf "${c.onMissOf}" is not a cache service`);
      }
    }
  }
  const order: RouteSpec[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  // Depth-first post-order gives callees first; reversing it gives callers first.
  const visit = (r: RouteSpec, path: string[]): void => {
    const key = routeKey(r.service, r.route);
    if (state.get(key) === 'done') {
      return;
    }
    if (state.get(key) === 'visiting') {
      throw new Error(`call cycle: ${[...path, key].join(' -> ')}`);
    }
    state.set(key, 'visiting');
    for (const c of r.calls) {
      visit(byKey.get(routeKey(c.service, c.route))!, [...path, key]);
    }
    state.set(key, 'done');
    order.push(r);
  };
  shop.routes.forEach((r) => visit(r, []));
  return order.reverse();
}
