import { z } from 'zod';
import {
  GENERATED_HEADER,
  grafanaAlertProvisioning,
  importSlos,
  parseDuration,
  parseSloSpec,
  prometheusRuleFile,
  toOpenSloYaml,
  toSlothYaml,
  toYaml,
} from '../../../src/engine/slo';
import type { SloSpec, SloValidationError } from '../../../src/engine/types';
import { badRequest, HttpError } from '../http/errors';
import { parseOrBadRequest } from '../http/validate';
import { PrometheusError } from '../slo/prometheusClient';
import { previewDraft, SloEvaluationCache } from '../slo/sloEvaluator';
import { sloHistory } from '../slo/sloHistory';
import type { RoutePlugin } from './context';

const specBody = z.object({ spec: z.unknown() }).strict();
const importBody = z
  .object({ yaml: z.string().min(1), slothWindow: z.string().optional(), dryRun: z.boolean().optional() })
  .strict();
const idParams = z.object({ id: z.string().min(1) });
const grafanaQuery = z.object({
  datasourceUid: z.string().min(1).default('prometheus'),
  folder: z.string().min(1).default('SLOs'),
});

/** Field-pointing 400 from the engine's validation (`spec.objective: must be between 0 and 1, got 1.2`). */
function rejectInvalid(errors: SloValidationError[]): never {
  const first = errors[0];
  const more = errors.length > 1 ? ` (and ${errors.length - 1} more problem(s))` : '';
  throw badRequest(`${first.path}: ${first.message}${more}`, first.path);
}

function validSpec(raw: unknown): SloSpec {
  const { value, errors } = parseSloSpec(raw, 'spec');
  if (!value) {
    rejectInvalid(errors);
  }
  return value;
}

/** SLO specs: CRUD, validation, import/export, generated rules, and evaluation against Prometheus. */
export const sloRoutes: RoutePlugin = async (app, { store, config }) => {
  const mode = config.sloEvaluation;
  const cache = new SloEvaluationCache(15000, mode);
  const prometheusUrl = config.prometheusUrl;

  async function evaluate(specs: SloSpec[]) {
    if (!prometheusUrl) {
      return { evaluation: { available: false, reason: 'FORESIGHT_PROMETHEUS_URL is not set' }, statuses: new Map() };
    }
    try {
      return { evaluation: { available: true, mode }, statuses: await cache.get(prometheusUrl, specs, Date.now()) };
    } catch (err) {
      const reason = err instanceof PrometheusError || err instanceof Error ? err.message : String(err);
      return { evaluation: { available: false, reason }, statuses: new Map() };
    }
  }

  app.get('/slos', async () => {
    const stored = await store.slos.list();
    const { evaluation, statuses } = await evaluate(stored.map((s) => s.spec));
    return { evaluation, slos: stored.map((s) => ({ ...s, statuses: statuses.get(s.spec.id) ?? null })) };
  });

  app.post('/slos/validate', async (request) => {
    const { spec } = parseOrBadRequest(specBody, request.body);
    const { value, errors } = parseSloSpec(spec, 'spec');
    return { valid: errors.length === 0, errors, spec: value ?? null };
  });

  app.post('/slos/preview', async (request) => {
    const spec = validSpec(parseOrBadRequest(specBody, request.body).spec);
    if (!prometheusUrl) {
      throw new HttpError(503, 'unavailable', 'SLO preview needs FORESIGHT_PROMETHEUS_URL');
    }
    try {
      return {
        spec,
        statuses: await previewDraft(prometheusUrl, spec, Date.now()),
        rules: toYaml(prometheusRuleFile([spec]), GENERATED_HEADER),
      };
    } catch (err) {
      throw new HttpError(502, 'bad_gateway', err instanceof Error ? err.message : String(err));
    }
  });

  app.post('/slos/import', async (request, reply) => {
    const body = parseOrBadRequest(importBody, request.body);
    const result = importSlos(body.yaml, body.slothWindow);
    if (result.errors.length > 0) {
      rejectInvalid(result.errors);
    }
    if (!body.dryRun && !(await store.slos.createAll(result.specs))) {
      throw new HttpError(409, 'conflict', 'an SLO with one of these ids exists; nothing was imported');
    }
    reply.code(body.dryRun ? 200 : 201);
    return { format: result.format, specs: result.specs };
  });

  app.post('/slos', async (request, reply) => {
    const spec = validSpec(parseOrBadRequest(specBody, request.body).spec);
    if (!(await store.slos.create(spec))) {
      throw new HttpError(409, 'conflict', `spec.id: an SLO with id ${spec.id} exists`, 'spec.id');
    }
    request.log.info({ slo: spec.id }, 'slo created');
    reply.code(201);
    return store.slos.get(spec.id);
  });

  app.get('/slos/rules.yaml', async (_request, reply) => {
    const specs = (await store.slos.list()).map((s) => s.spec);
    reply.type('application/yaml');
    return toYaml(prometheusRuleFile(specs), GENERATED_HEADER);
  });

  app.get('/slos/grafana-alerts.yaml', async (request, reply) => {
    const options = parseOrBadRequest(grafanaQuery, request.query, 'query');
    const specs = (await store.slos.list()).map((s) => s.spec);
    reply.type('application/yaml');
    return toYaml(grafanaAlertProvisioning(specs, options), GENERATED_HEADER);
  });

  async function existing(id: string) {
    const slo = await store.slos.get(id);
    if (!slo) {
      throw new HttpError(404, 'not_found', `no SLO with id ${id}`);
    }
    return slo;
  }

  app.get('/slos/:id', async (request) => {
    const { id } = parseOrBadRequest(idParams, request.params, 'params');
    const slo = await existing(id);
    const { evaluation, statuses } = await evaluate([slo.spec]);
    return {
      ...slo,
      evaluation,
      statuses: statuses.get(id) ?? null,
      rules: toYaml(prometheusRuleFile([slo.spec]), GENERATED_HEADER),
    };
  });

  app.get('/slos/:id/history', async (request) => {
    const { id } = parseOrBadRequest(idParams, request.params, 'params');
    const { range } = parseOrBadRequest(z.object({ range: z.string().optional() }), request.query, 'query');
    const slo = await existing(id);
    const rangeSeconds = range === undefined ? undefined : parseDuration(range);
    if (rangeSeconds === null) {
      throw badRequest(
        `query.range: must be a Prometheus duration such as 1d or 30d, got ${JSON.stringify(range)}`,
        'query.range'
      );
    }
    if (!prometheusUrl) {
      throw new HttpError(503, 'unavailable', 'SLO history needs FORESIGHT_PROMETHEUS_URL');
    }
    try {
      return await sloHistory(prometheusUrl, slo.spec, Date.now(), rangeSeconds, mode);
    } catch (err) {
      throw new HttpError(502, 'bad_gateway', err instanceof Error ? err.message : String(err));
    }
  });

  app.get('/slos/:id/export', async (request, reply) => {
    const { id } = parseOrBadRequest(idParams, request.params, 'params');
    const { format } = parseOrBadRequest(
      z.object({ format: z.enum(['openslo', 'sloth', 'rules']).default('rules') }),
      request.query,
      'query'
    );
    const slo = await existing(id);
    reply.type('application/yaml');
    if (format === 'openslo') {
      return toOpenSloYaml([slo.spec]);
    }
    if (format === 'sloth') {
      const { yaml, warnings } = toSlothYaml([slo.spec]);
      return `${warnings.map((w) => `# warning: ${w}\n`).join('')}${yaml}`;
    }
    return toYaml(prometheusRuleFile([slo.spec]), GENERATED_HEADER);
  });

  app.put('/slos/:id', async (request) => {
    const { id } = parseOrBadRequest(idParams, request.params, 'params');
    const spec = validSpec(parseOrBadRequest(specBody, request.body).spec);
    if (spec.id !== id) {
      throw badRequest(`spec.id: must match the URL id ${id}, got ${spec.id}`, 'spec.id');
    }
    if (!(await store.slos.update(spec))) {
      throw new HttpError(404, 'not_found', `no SLO with id ${id}`);
    }
    return store.slos.get(id);
  });

  app.delete('/slos/:id', async (request, reply) => {
    const { id } = parseOrBadRequest(idParams, request.params, 'params');
    if (!(await store.slos.remove(id))) {
      throw new HttpError(404, 'not_found', `no SLO with id ${id}`);
    }
    reply.code(204);
    return null;
  });
};
