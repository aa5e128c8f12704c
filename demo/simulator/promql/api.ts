// Prometheus' HTTP read API (/api/v1/...) over the self-scraped samples, so Grafana's Prometheus datasource and the
// Foresight backend can use the simulator's URL as if it were Prometheus. GET with a query string and POST with a
// form body both work (Grafana posts by default). Errors use Prometheus' envelope and status codes.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { PromQLBadData, PromQLExecutionError } from './ast';
import { instantQuery, rangeQuery } from './engine';
import { parsePromDuration } from './lexer';
import { matchLabel, parsePromQL } from './parser';
import type { SampleStore, StoredSeries } from './store';

/** Prometheus-like version so Grafana enables the features of a recent Prometheus. */
export const PROMETHEUS_COMPAT_VERSION = '2.45.0';

class BadParam extends PromQLBadData {}

function params(request: FastifyRequest): URLSearchParams {
  const merged = new URLSearchParams(request.url.split('?')[1] ?? '');
  if (request.body instanceof URLSearchParams) {
    for (const [k, v] of request.body) {
      merged.append(k, v);
    }
  }
  return merged;
}

/** Prometheus accepts unix seconds (with fractions) or RFC 3339. */
export function parseTimeParam(text: string | null, name: string, fallbackMs: number): number {
  if (text === null || text === '') {
    return fallbackMs;
  }
  if (/^[+-]?\d+(\.\d+)?$/.test(text)) {
    return Math.round(Number(text) * 1000);
  }
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) {
    throw new BadParam(`invalid parameter "${name}": cannot parse ${JSON.stringify(text)} to a valid timestamp`);
  }
  return ms;
}

/** A step or timeout: seconds (with fractions) or a Prometheus duration such as "15s". */
export function parseDurationParam(text: string | null, name: string): number {
  if (text === null || text === '') {
    throw new BadParam(`invalid parameter "${name}": missing`);
  }
  if (/^[+-]?\d+(\.\d+)?$/.test(text)) {
    return Number(text) * 1000;
  }
  const ms = parsePromDuration(text);
  if (ms === undefined) {
    throw new BadParam(`invalid parameter "${name}": cannot parse ${JSON.stringify(text)} to a valid duration`);
  }
  return ms;
}

function fail(reply: FastifyReply, err: unknown): FastifyReply {
  if (err instanceof PromQLBadData) {
    return reply.code(400).send({ status: 'error', errorType: 'bad_data', error: err.message });
  }
  if (err instanceof PromQLExecutionError) {
    return reply.code(422).send({ status: 'error', errorType: 'execution', error: err.message });
  }
  return reply.code(500).send({ status: 'error', errorType: 'internal', error: (err as Error).message });
}

/** Series matching any of the match[] selectors (all series without one), with a sample in [start, end]. */
function selectSeries(store: SampleStore, p: URLSearchParams, required: boolean): StoredSeries[] {
  const selectors = p.getAll('match[]').map((text) => {
    const expr = parsePromQL(text);
    if (expr.type !== 'vectorSelector') {
      throw new BadParam(`invalid parameter "match[]": ${JSON.stringify(text)} is not a series selector`);
    }
    return expr;
  });
  if (required && selectors.length === 0) {
    throw new BadParam('no match[] parameter provided');
  }
  const startMs = parseTimeParam(p.get('start'), 'start', -Infinity);
  const endMs = parseTimeParam(p.get('end'), 'end', Infinity);
  const out: StoredSeries[] = [];
  for (const s of store.series()) {
    const wanted =
      selectors.length === 0 ||
      selectors.some((sel) => sel.matchers.every((m) => matchLabel(m, s.labels[m.name] ?? '')));
    if (wanted && store.hasSampleBetween(s, startMs, endMs)) {
      out.push(s);
    }
  }
  return out;
}

export function registerPrometheusApi(app: FastifyInstance, store: () => SampleStore): void {
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => {
    done(null, new URLSearchParams(body as string));
  });

  const route = (path: string, handler: (p: URLSearchParams, request: FastifyRequest) => unknown): void => {
    const handle = async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> => {
      try {
        return reply.send({ status: 'success', data: handler(params(request), request) });
      } catch (err) {
        return fail(reply, err);
      }
    };
    app.get(path, handle);
    app.post(path, handle);
  };

  route('/api/v1/query', (p) => {
    const query = p.get('query');
    if (query === null) {
      throw new BadParam('invalid parameter "query": missing');
    }
    return instantQuery(store(), query, parseTimeParam(p.get('time'), 'time', Date.now()));
  });

  route('/api/v1/query_range', (p) => {
    const query = p.get('query');
    if (query === null) {
      throw new BadParam('invalid parameter "query": missing');
    }
    const start = parseTimeParam(p.get('start'), 'start', NaN);
    const end = parseTimeParam(p.get('end'), 'end', NaN);
    if (Number.isNaN(start) || Number.isNaN(end)) {
      throw new BadParam(`invalid parameter "${Number.isNaN(start) ? 'start' : 'end'}": missing`);
    }
    return rangeQuery(store(), query, start, end, parseDurationParam(p.get('step'), 'step'));
  });

  route('/api/v1/series', (p) => selectSeries(store(), p, true).map((s) => s.labels));

  route('/api/v1/labels', (p) => {
    const names = new Set<string>();
    for (const s of selectSeries(store(), p, false)) {
      Object.keys(s.labels).forEach((n) => names.add(n));
    }
    return [...names].sort();
  });

  route('/api/v1/label/:name/values', (p, request) => {
    const name = (request.params as { name: string }).name;
    const values = new Set<string>();
    for (const s of selectSeries(store(), p, false)) {
      const v = s.labels[name];
      if (v !== undefined && v !== '') {
        values.add(v);
      }
    }
    return [...values].sort();
  });

  route('/api/v1/metadata', (p) => {
    const wanted = p.get('metric');
    const data: Record<string, Array<{ type: string; help: string; unit: string }>> = {};
    for (const [name, m] of store().metadata) {
      if (wanted === null || wanted === '' || wanted === name) {
        data[name] = [{ type: m.type, help: m.help, unit: '' }];
      }
    }
    return data;
  });

  route('/api/v1/status/buildinfo', () => ({
    version: PROMETHEUS_COMPAT_VERSION,
    revision: 'foresight-simulator',
    branch: 'foresight-simulator',
    buildUser: 'foresight',
    buildDate: '',
    goVersion: 'none: this is the Foresight demo simulator (Node), answering a PromQL subset',
  }));

  route('/api/v1/query_exemplars', () => []);
  // The simulator evaluates no rules and fires no alerts: empty lists are the true answer.
  route('/api/v1/rules', () => ({ groups: [] }));
  route('/api/v1/alerts', () => ({ alerts: [] }));
}
