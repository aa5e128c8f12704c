// Application log lines of the demo shop. Error lines come from a small, fixed set of templates per cause so that
// log-pattern mining has recognisable clusters (timeouts, connection refused, OOM, bad deploy, exceptions).
import type { Rng } from '../../src/engine/stats/random';

export type LogLevel = 'info' | 'warn' | 'error';

export interface LogRecord {
  /** Simulated time of the line (ms since epoch); sinks add the matching real time. */
  simMs: number;
  level: LogLevel;
  service: string;
  msg: string;
  route?: string;
  method?: string;
  status?: number;
  latency_ms?: number;
  trace_id?: string;
  /** Change or lifecycle event: deploy, rollback, restart. */
  event?: string;
  version?: string;
}

export type ErrorCause = 'internal' | 'exception' | 'bad_deploy' | 'timeout' | 'refused';

export interface ErrorContext {
  route: string;
  callee?: string;
  calleePort?: number;
  timeoutMs?: number;
  version?: string;
}

const EXCEPTION_TEMPLATES = [
  (c: ErrorContext) =>
    `unhandled exception in ${c.route}: TypeError: Cannot read properties of undefined (reading 'id')`,
  () => 'database constraint violation: duplicate key value violates unique constraint "orders_pkey"',
];

const BAD_DEPLOY_TEMPLATES = [
  (c: ErrorContext) =>
    `schema mismatch in ${c.route}: unknown field 'discount_code' (version ${c.version ?? 'unknown'})`,
  (c: ErrorContext) => `config error after deploy ${c.version ?? 'unknown'}: missing required setting UPSTREAM_URL`,
];

/** Picks the message of an error line for its cause. */
export function errorMessage(cause: ErrorCause, context: ErrorContext, rng: Rng): string {
  switch (cause) {
    case 'timeout':
      return `upstream request timeout after ${context.timeoutMs ?? 0}ms calling ${context.callee ?? 'upstream'}`;
    case 'refused': {
      // A stable fake address per callee keeps the template count low while still looking like a real dial error.
      const lastOctet = [...(context.callee ?? '')].reduce((acc, ch) => (acc + ch.charCodeAt(0)) % 250, 0) + 2;
      return `dial tcp 10.0.1.${lastOctet}:${context.calleePort ?? 80}: connect: connection refused (calling ${context.callee ?? 'upstream'})`;
    }
    case 'exception':
      return EXCEPTION_TEMPLATES[Math.floor(rng.next() * EXCEPTION_TEMPLATES.length)](context);
    case 'bad_deploy':
      return BAD_DEPLOY_TEMPLATES[Math.floor(rng.next() * BAD_DEPLOY_TEMPLATES.length)](context);
    case 'internal':
      return `internal server error in ${context.route}`;
  }
}

export const oomMessages = (service: string, usedMiB: number, limitMiB: number): string[] => [
  'FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory',
  `container ${service} OOMKilled (memory ${usedMiB}MiB > limit ${limitMiB}MiB), restarting`,
];

/** One JSON line with real and simulated timestamps (real time is what Prometheus and Loki see). */
export function formatLogLine(record: LogRecord, realMs: number): string {
  const { simMs, ...fields } = record;
  return JSON.stringify({ ts: new Date(realMs).toISOString(), sim_ts: new Date(simMs).toISOString(), ...fields });
}
