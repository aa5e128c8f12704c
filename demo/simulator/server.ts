// HTTP API of the simulator: /metrics for Prometheus, /faults to inject and inspect faults (key required), and
// Prometheus' read API (/api/v1/query, ...) over its own recorded metrics.
import { timingSafeEqual } from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { FieldError } from './fieldError';
import { parseFaultSpec } from './faults';
import { registerPrometheusApi } from './promql/api';
import type { SampleStore } from './promql/store';
import type { SimulatorRuntime } from './runtime';
import { serviceEdges, type ShopTopology } from './topology';

export const KEY_HEADER = 'x-foresight-key';

const keysMatch = (given: string, expected: string): boolean => {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
};

export function buildServer(
  runtime: SimulatorRuntime,
  shop: ShopTopology,
  apiKey: string | undefined,
  /** Self-scraped samples behind the Prometheus-compatible /api/v1 read API (no key, like Prometheus). */
  samples?: () => SampleStore
): FastifyInstance {
  const app = Fastify({ logger: false, bodyLimit: 64 * 1024 });

  // Returning the reply from an async hook tells Fastify the request is answered and stops the route.
  const requireKey = async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> => {
    if (apiKey === undefined) {
      return reply.code(503).send({ error: 'fault API disabled: start the simulator with --api-key or SIM_API_KEY' });
    }
    const given = request.headers[KEY_HEADER];
    if (typeof given !== 'string' || !keysMatch(given, apiKey)) {
      return reply.code(401).send({ error: `missing or wrong ${KEY_HEADER} header` });
    }
    return undefined;
  };

  app.get('/metrics', async (_request, reply) => {
    runtime.advance();
    const body = await runtime.metrics.registry.metrics();
    return reply.header('Content-Type', runtime.metrics.registry.contentType).send(body);
  });

  app.get('/health', async () => ({
    status: 'ok',
    now: runtime.now(),
    simulatedUntil: new Date(runtime.simulatedUntilMs).toISOString(),
  }));

  app.get('/topology', async () => ({
    services: shop.services.map((s) => s.name),
    edges: serviceEdges(shop),
  }));

  app.get('/faults', { preHandler: requireKey }, async () => {
    runtime.advance();
    return { now: runtime.now(), faults: runtime.book.list().map((f) => runtime.describe(f)) };
  });

  app.post('/faults', { preHandler: requireKey }, async (request, reply) => {
    try {
      const spec = parseFaultSpec(request.body, runtime.services);
      const record = runtime.addFault(spec, 'api');
      return reply.code(201).send(runtime.describe(record));
    } catch (err) {
      if (err instanceof FieldError) {
        return reply.code(400).send({ error: err.message, field: err.field });
      }
      throw err;
    }
  });

  app.delete<{ Params: { id: string } }>('/faults/:id', { preHandler: requireKey }, async (request, reply) => {
    const record = runtime.cancelFault(request.params.id);
    if (!record) {
      return reply.code(404).send({ error: `no fault with id ${JSON.stringify(request.params.id)}` });
    }
    return runtime.describe(record);
  });

  if (samples) {
    registerPrometheusApi(app, samples);
  }

  return app;
}
