import type { FastifyInstance } from 'fastify';
import { collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { Store } from '../store/types';

/** Routes not matched (404s) share one label value so random URLs cannot explode the series count. */
export const UNMATCHED_ROUTE = 'unmatched';

export interface ServiceMetrics {
  registry: Registry;
  httpDuration: Histogram<'route' | 'method' | 'status_code'>;
}

/**
 * A registry per app instance (not prom-client's global one), so tests can run several apps in one process.
 * Store gauges are computed at scrape time with real queries.
 */
export function createServiceMetrics(store: Store): ServiceMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'foresight_' });

  const httpDuration = new Histogram({
    name: 'foresight_http_request_duration_seconds',
    help: 'HTTP request duration by route template, method and status code',
    labelNames: ['route', 'method', 'status_code'] as const,
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });

  new Gauge({
    name: 'foresight_store_up',
    help: '1 when the store answers a query, 0 otherwise',
    labelNames: ['kind'] as const,
    registers: [registry],
    async collect() {
      let up = 1;
      try {
        await store.ping();
      } catch {
        up = 0;
      }
      this.set({ kind: store.kind }, up);
    },
  });

  new Gauge({
    name: 'foresight_store_schema_version',
    help: 'Number of schema migrations applied to the store',
    registers: [registry],
    async collect() {
      try {
        this.set(await store.schemaVersion());
      } catch {
        // A closed or failing store is reported by foresight_store_up; keep the last value.
      }
    },
  });

  new Gauge({
    name: 'foresight_catalogue_services',
    help: 'Number of services in the stored service catalogue',
    registers: [registry],
    async collect() {
      try {
        this.set(await store.catalogue.count());
      } catch {
        // See foresight_store_up.
      }
    },
  });

  return { registry, httpDuration };
}

/** Observes every response's duration, labelled by the route template (not the raw URL). */
export function installRequestMetrics(app: FastifyInstance, metrics: ServiceMetrics): void {
  app.addHook('onResponse', async (request, reply) => {
    metrics.httpDuration.observe(
      {
        route: request.routeOptions.url ?? UNMATCHED_ROUTE,
        method: request.method,
        status_code: String(reply.statusCode),
      },
      reply.elapsedTime / 1000
    );
  });
}
