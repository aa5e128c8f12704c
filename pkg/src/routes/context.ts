import type { FastifyPluginAsync } from 'fastify';
import type { ServiceConfig } from '../config/schema';
import type { ServiceMetrics } from '../http/metrics';
import type { Store } from '../store/types';

/** What every route plugin receives as its options. */
export interface RouteContext {
  config: ServiceConfig;
  store: Store;
  metrics: ServiceMetrics;
  /** When the service started (ms since epoch), for uptime. */
  startedAtMs: number;
  /** False once shutdown has begun: /ready answers 503 so load balancers drain first. */
  isAcceptingWork(): boolean;
}

/** A capability's routes: one file in pkg/src/routes, one Fastify plugin. */
export type RoutePlugin = FastifyPluginAsync<RouteContext>;
