import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import { requireApiKey } from './auth/requireApiKey';
import type { ServiceConfig } from './config/schema';
import { installErrorHandlers } from './http/errors';
import { createServiceMetrics, installRequestMetrics } from './http/metrics';
import type { RouteContext } from './routes/context';
import { API_ROUTES, PUBLIC_ROUTES } from './routes';
import type { Store } from './store/types';

export interface AppOptions {
  config: ServiceConfig;
  store: Store;
  /** Log to this stream instead of stdout (tests). */
  logStream?: NodeJS.WritableStream;
}

export interface ForesightApp {
  app: FastifyInstance;
  /** Marks the service as draining: /ready answers 503 from now on. */
  beginShutdown(): void;
}

const SAFE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Builds the HTTP service (not listening yet): public routes, /api routes behind the key, JSON errors, metrics. */
export function buildApp({ config, store, logStream }: AppOptions): ForesightApp {
  let acceptingWork = true;
  const app = Fastify({
    logger: {
      level: config.logLevel,
      // The key must never reach the log, whichever way it was sent.
      redact: ['req.headers["x-foresight-key"]', 'req.headers.authorization'],
      ...(logStream ? { stream: logStream } : {}),
    },
    bodyLimit: config.bodyLimitBytes,
    // Reuse a caller's request id when it is safe to log; otherwise mint one.
    genReqId: (req) => {
      const incoming = req.headers['x-request-id'];
      return typeof incoming === 'string' && SAFE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
    },
    requestTimeout: 30_000,
    // Errors raised before routing (undecodable URL) would otherwise use Fastify's own body shape.
    frameworkErrors: (error, request, reply) => {
      request.log.info({ code: error.code }, 'request rejected: %s', error.message);
      // The reply's generic parameters here are unresolved in Fastify's typings; it is an ordinary reply.
      void (reply as unknown as FastifyReply).status(400).send({ error: 'bad_request', message: error.message });
    },
    return503OnClosing: true,
  });

  // The API speaks JSON only: a text/plain body would reach the validators as a bare string.
  app.removeContentTypeParser('text/plain');

  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  const metrics = createServiceMetrics(store);
  installRequestMetrics(app, metrics);
  installErrorHandlers(app, config.bodyLimitBytes);

  const context: RouteContext = {
    config,
    store,
    metrics,
    startedAtMs: Date.now(),
    isAcceptingWork: () => acceptingWork,
  };

  for (const routes of PUBLIC_ROUTES) {
    app.register(routes, context);
  }
  app.register(
    async (api) => {
      if (config.apiKey !== undefined) {
        requireApiKey(api, config.apiKey);
      }
      for (const routes of API_ROUTES) {
        await api.register(routes, context);
      }
    },
    { prefix: '/api' }
  );

  return {
    app,
    beginShutdown: () => {
      acceptingWork = false;
    },
  };
}
