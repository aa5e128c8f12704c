import { z } from 'zod';
import { incidentKpis } from '../../../src/engine/incidents/kpis';
import type { TimelineEntry } from '../../../src/engine/incidents/types';
import { SEVERITIES, type Severity } from '../../../src/engine/severity';
import { HttpError } from '../http/errors';
import { parseOrBadRequest } from '../http/validate';
import { incidentSettingsFromEnv } from '../incidents/incidentConfig';
import { incidentServiceFor } from '../incidents/incidentService';
import { IncidentActionError, type IncidentAction } from '../store/incidents';
import type { RoutePlugin } from './context';

const DAY = 24 * 3_600_000;

/** ms epoch or RFC 3339, as query strings. */
const timeParam = z
  .string()
  .max(64)
  .transform((value, ctx) => {
    const ms = /^\d+$/.test(value) ? Number(value) : Date.parse(value);
    if (!Number.isFinite(ms)) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        message: `must be ms since epoch or an RFC 3339 time, got ${JSON.stringify(value)}`,
      });
      return z.NEVER;
    }
    return ms;
  });

function listOf<T extends string>(values: readonly [T, ...T[]]) {
  return z
    .string()
    .max(200)
    .transform((raw) =>
      raw
        .split(',')
        .map((v) => v.trim())
        .filter(Boolean)
    )
    .pipe(
      z.array(
        z.enum(values, { errorMap: () => ({ message: `must be a comma-separated list of ${values.join(', ')}` }) })
      )
    );
}

const listQuery = z
  .object({
    status: listOf(['open', 'acknowledged', 'resolved']).optional(),
    severity: listOf(SEVERITIES as unknown as readonly [string, ...string[]]).optional(),
    service: z.string().min(1).max(200).optional(),
    from: timeParam.optional(),
    to: timeParam.optional(),
    sort: z.enum(['priority', 'onsetAt', 'lastEventAt', 'alertCount', 'severity']).default('priority'),
    order: z.enum(['asc', 'desc']).default('desc'),
    limit: z.coerce.number().int().min(1).max(500).default(50),
    offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
  })
  .strict();

const kpiQuery = z.object({ from: timeParam.optional(), to: timeParam.optional() }).strict();
const idParams = z.object({ id: z.string().min(1).max(100) });
const emptyBody = z.union([z.undefined(), z.null(), z.object({}).strict()]);
const noteBody = z.object({ text: z.string().trim().min(1, 'must be a non-empty note').max(10_000) }).strict();
const feedbackBody = z
  .object({
    label: z.enum(['actionable', 'noise', 'wrong-grouping'], {
      errorMap: () => ({ message: 'must be actionable, noise or wrong-grouping' }),
    }),
  })
  .strict();
const mergeBody = z.object({ into: z.string().min(1).max(100) }).strict();

/** Who did it: the Grafana user the plugin proxy forwards, else "api". */
function actorOf(headers: Record<string, string | string[] | undefined>): string {
  const user = headers['x-grafana-user'];
  return typeof user === 'string' && user.trim() !== '' ? user.trim().slice(0, 200) : 'api';
}

function byTime(a: TimelineEntry, b: TimelineEntry): number {
  return a.at - b.at;
}

/** Incident list, detail, KPIs and the human actions (ack, resolve, reopen, merge, note, feedback). */
export const incidentRoutes: RoutePlugin = async (app, { store }) => {
  const settings = incidentSettingsFromEnv(process.env);
  const service = incidentServiceFor(store, settings);
  const timer = setInterval(() => {
    service.tick().catch((error) => app.log.error({ err: error }, 'incident clock tick failed'));
  }, settings.tickIntervalMs);
  timer.unref();
  app.addHook('onClose', async () => clearInterval(timer));

  app.get('/incidents', async (request) => {
    const query = parseOrBadRequest(listQuery, request.query, 'query');
    const result = await store.incidents.list({ ...query, severity: query.severity as Severity[] | undefined });
    return { ...result, limit: query.limit, offset: query.offset };
  });

  app.get('/incidents/kpis', async (request) => {
    const query = parseOrBadRequest(kpiQuery, request.query, 'query');
    const to = query.to ?? Date.now();
    const from = query.from ?? to - 30 * DAY;
    const input = await store.incidents.kpiInput(from, to);
    return {
      from,
      to,
      incidents: input.incidents.length,
      distinctAlerts: input.distinctAlerts,
      kpis: incidentKpis(input.incidents, input.distinctAlerts),
    };
  });

  app.get('/incidents/:id', async (request) => {
    const { id } = parseOrBadRequest(idParams, request.params, 'params');
    const incident = await store.incidents.get(id);
    if (!incident) {
      throw new HttpError(404, 'not_found', `incident ${id} does not exist`);
    }
    const [alerts, events] = await Promise.all([store.incidents.alertsOf(id), store.incidents.events(id)]);
    return { incident: { ...incident, timeline: [...incident.timeline, ...events].sort(byTime) }, alerts };
  });

  const action = (path: string, toAction: (body: unknown) => IncidentAction) => {
    app.post(`/incidents/:id/${path}`, async (request) => {
      const { id } = parseOrBadRequest(idParams, request.params, 'params');
      const act = toAction(request.body);
      try {
        const incident = await store.incidents.act(id, act, actorOf(request.headers), Date.now());
        request.log.info({ incident: id, action: act.kind }, 'incident action');
        return { incident };
      } catch (error) {
        if (error instanceof IncidentActionError) {
          throw new HttpError(
            error.status,
            error.status === 404 ? 'not_found' : 'conflict',
            error.message,
            error.field
          );
        }
        throw error;
      }
    });
  };
  action('ack', (body) => (parseOrBadRequest(emptyBody, body), { kind: 'acknowledge' }));
  action('resolve', (body) => (parseOrBadRequest(emptyBody, body), { kind: 'resolve' }));
  action('reopen', (body) => (parseOrBadRequest(emptyBody, body), { kind: 'reopen' }));
  action('notes', (body) => ({ kind: 'note', text: parseOrBadRequest(noteBody, body).text }));
  action('feedback', (body) => ({ kind: 'feedback', label: parseOrBadRequest(feedbackBody, body).label }));
  action('merge', (body) => ({ kind: 'merge', into: parseOrBadRequest(mergeBody, body).into }));
};
