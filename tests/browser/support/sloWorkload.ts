/**
 * A scrape target that stands in for the demo shop (provisioning/slos/demo-shop.slo.yaml): request counters and a
 * latency histogram whose bad-event share the test sets. Counters advance in ticks and the bad share of each tick
 * is exact, so every rate window Prometheus computes sees exactly that error ratio (errors and totals come from the
 * same scrape, so rate()'s extrapolation scales both alike): the SLO figures are known in advance and stable.
 */
import { createServer, type Server } from 'node:http';

/** Requests per second and the share of them that are bad (5xx, or slower than 0.5 s for a latency route). */
export interface TrafficProfile {
  perSecond: number;
  badRatio: number;
}

export interface WorkloadProfile {
  /** http_requests_total{service, status}: 5xx is bad. */
  services: Record<string, TrafficProfile>;
  /** http_request_duration_seconds{service="api", route}: slower than 0.5 s is bad. */
  apiRoutes: Record<string, TrafficProfile>;
}

const TICK_MS = 100;
/** Histogram bounds; 0.5 is the demo latency SLO's threshold. Shares of GOOD requests at or under each bound below it. */
const FAST_BOUNDS: Array<[string, number]> = [
  ['0.1', 0.6],
  ['0.25', 0.85],
  ['0.5', 1],
];
/** Share of BAD (slower than 0.5 s) requests that still finish within 1 s. */
const BAD_WITHIN_ONE_SECOND = 0.7;

interface Counts {
  good: number;
  bad: number;
}

export interface Workload {
  url: string;
  stop(): Promise<void>;
}

function exposition(services: Map<string, Counts>, routes: Map<string, Counts>): string {
  const lines = ['# TYPE http_requests_total counter'];
  for (const [service, c] of services) {
    lines.push(`http_requests_total{service="${service}",status="200"} ${c.good}`);
    lines.push(`http_requests_total{service="${service}",status="500"} ${c.bad}`);
  }
  lines.push('# TYPE http_request_duration_seconds histogram');
  for (const [route, c] of routes) {
    const labels = `service="api",route="${route}"`;
    for (const [le, share] of FAST_BOUNDS) {
      lines.push(`http_request_duration_seconds_bucket{${labels},le="${le}"} ${c.good * share}`);
    }
    lines.push(`http_request_duration_seconds_bucket{${labels},le="1"} ${c.good + c.bad * BAD_WITHIN_ONE_SECOND}`);
    lines.push(`http_request_duration_seconds_bucket{${labels},le="+Inf"} ${c.good + c.bad}`);
    lines.push(`http_request_duration_seconds_count{${labels}} ${c.good + c.bad}`);
    lines.push(`http_request_duration_seconds_sum{${labels}} ${c.good * 0.12 + c.bad * 0.9}`);
  }
  return `${lines.join('\n')}\n`;
}

/** Starts the target on a free loopback port; the counters advance from the start with `profile`. */
export async function startWorkload(profile: WorkloadProfile): Promise<Workload> {
  const services = new Map(Object.keys(profile.services).map((name) => [name, { good: 0, bad: 0 }]));
  const routes = new Map(Object.keys(profile.apiRoutes).map((name) => [name, { good: 0, bad: 0 }]));
  const advance = (counts: Map<string, Counts>, traffic: Record<string, TrafficProfile>) => {
    for (const [name, c] of counts) {
      const requests = (traffic[name].perSecond * TICK_MS) / 1000;
      c.bad += requests * traffic[name].badRatio;
      c.good += requests * (1 - traffic[name].badRatio);
    }
  };
  const ticker = setInterval(() => {
    advance(services, profile.services);
    advance(routes, profile.apiRoutes);
  }, TICK_MS);
  const server: Server = createServer((request, response) => {
    if (request.url !== '/metrics') {
      response.statusCode = 404;
      response.end();
      return;
    }
    response.setHeader('content-type', 'text/plain; version=0.0.4');
    response.end(exposition(services, routes));
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address();
  if (typeof address !== 'object' || !address) {
    clearInterval(ticker);
    throw new Error('workload: no listening address');
  }
  return {
    url: `http://127.0.0.1:${address.port}`,
    stop: async () => {
      clearInterval(ticker);
      await new Promise<void>((done) => server.close(() => done()));
    },
  };
}
