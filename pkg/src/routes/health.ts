import { SERVICE_VERSION } from '../version';
import type { RoutePlugin } from './context';

/** Liveness, readiness and Prometheus metrics: unauthenticated, outside /api. */
export const healthRoutes: RoutePlugin = async (app, context) => {
  app.get('/health', async () => ({
    status: 'ok',
    version: SERVICE_VERSION,
    uptimeSeconds: Math.round((Date.now() - context.startedAtMs) / 1000),
  }));

  app.get('/ready', async (_request, reply) => {
    if (!context.isAcceptingWork()) {
      return reply.status(503).send({ status: 'unavailable', reason: 'shutting down' });
    }
    try {
      await context.store.ping();
      return {
        status: 'ready',
        store: { kind: context.store.kind, schemaVersion: await context.store.schemaVersion() },
      };
    } catch (err) {
      return reply.status(503).send({ status: 'unavailable', reason: `store query failed: ${(err as Error).message}` });
    }
  });

  app.get('/metrics', async (_request, reply) => {
    const body = await context.metrics.registry.metrics();
    return reply.type(context.metrics.registry.contentType).send(body);
  });
};
