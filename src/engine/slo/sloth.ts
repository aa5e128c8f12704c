/**
 * Sloth `prometheus/v1` specs (https://sloth.dev) in and out. Sloth objectives are percentages (99.9) and its
 * SLO period is a generator flag, not part of the spec, so import takes it as an argument.
 */
import { stringify } from 'yaml';
import { renderWindow, sliEventQueries } from './promql';
import { SloSpec, SloValidationError } from './types';
import { parseSloSpec, WINDOW_PLACEHOLDER } from './validate';
import { isRecord } from './yamlInput';

export const SLOTH_VERSION = 'prometheus/v1';

function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63)
    .replace(/-+$/, '');
}

function stringMap(value: unknown): Record<string, string> | undefined {
  if (!isRecord(value)) {
    return undefined;
  }
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, String(v)]));
}

export function fromSlothDocument(doc: unknown, window = '30d'): { specs: SloSpec[]; errors: SloValidationError[] } {
  const errors: SloValidationError[] = [];
  if (!isRecord(doc) || doc.version !== SLOTH_VERSION) {
    return { specs: [], errors: [{ path: 'version', message: `must be ${SLOTH_VERSION}` }] };
  }
  const service = typeof doc.service === 'string' ? doc.service : undefined;
  if (!service) {
    errors.push({ path: 'service', message: `must be a non-empty string, got ${JSON.stringify(doc.service)}` });
  }
  if (!Array.isArray(doc.slos)) {
    errors.push({ path: 'slos', message: 'must be a list of SLOs' });
    return { specs: [], errors };
  }
  const fileLabels = stringMap(doc.labels) ?? {};
  const specs: SloSpec[] = [];
  doc.slos.forEach((slo, i) => {
    const path = `slos[${i}]`;
    if (!isRecord(slo)) {
      errors.push({ path, message: 'must be a map' });
      return;
    }
    const objective = slo.objective;
    if (typeof objective !== 'number' || !(objective > 0 && objective < 100)) {
      errors.push({
        path: `${path}.objective`,
        message: `must be a percentage between 0 and 100, got ${JSON.stringify(objective)}`,
      });
      return;
    }
    if (objective < 1) {
      // 0.999 in a Sloth file would be a 0.999% objective: almost certainly a fraction written by mistake.
      errors.push({
        path: `${path}.objective`,
        message: `Sloth objectives are percentages (99.9 for 99.9%), got ${objective}`,
      });
      return;
    }
    const sli = isRecord(slo.sli) ? slo.sli : {};
    if (!isRecord(sli.events)) {
      const kind = sli.raw !== undefined ? 'raw' : sli.plugin !== undefined ? 'plugin' : 'events';
      errors.push({
        path: `${path}.sli.${kind}`,
        message:
          kind === 'events'
            ? 'is required (error_query and total_query)'
            : `${kind} SLIs are not supported; use events.error_query and events.total_query`,
      });
      return;
    }
    const alerting = isRecord(slo.alerting) ? slo.alerting : {};
    const page = isRecord(alerting.page_alert) ? alerting.page_alert : {};
    const ticket = isRecord(alerting.ticket_alert) ? alerting.ticket_alert : {};
    const name = typeof slo.name === 'string' ? slo.name : '';
    const result = parseSloSpec(
      {
        id: slug(`${service ?? ''}-${name}`),
        name,
        service,
        description: slo.description,
        objective: Number((objective / 100).toPrecision(12)),
        window,
        labels: { ...fileLabels, ...(stringMap(slo.labels) ?? {}) },
        sli: { kind: 'ratio', badQuery: sli.events.error_query, totalQuery: sli.events.total_query },
        alerting: {
          page: page.disable !== true,
          ticket: ticket.disable !== true,
          labels: stringMap(alerting.labels),
        },
      },
      path
    );
    // Our field names differ from Sloth's; point the messages at the Sloth fields the user wrote.
    errors.push(
      ...result.errors.map((e) => ({
        ...e,
        path: e.path
          .replace('.sli.badQuery', '.sli.events.error_query')
          .replace('.sli.totalQuery', '.sli.events.total_query'),
      }))
    );
    if (result.value) {
      specs.push(result.value);
    }
  });
  return { specs, errors };
}

/**
 * Sloth spec for SLOs of one service. Returns warnings for what Sloth cannot hold (its period is a CLI flag,
 * it has no minimum-traffic guard) instead of silently dropping it.
 */
export function toSlothYaml(specs: SloSpec[]): { yaml: string; warnings: string[] } {
  const warnings: string[] = [];
  const services = [...new Set(specs.map((s) => s.service))];
  if (services.length > 1) {
    warnings.push(
      `a Sloth file has one service; exported ${services.length} services (${services.join(', ')}) as ${services[0]}`
    );
  }
  const windows = [...new Set(specs.map((s) => s.window))];
  if (windows.length > 1 || windows[0] !== '30d') {
    warnings.push(
      `Sloth takes the SLO period from --default-slo-period; generate with --default-slo-period=${windows[0]}${windows.length > 1 ? ' (windows differ between SLOs)' : ''}`
    );
  }
  const slos = specs.map((spec, i) => {
    if (spec.alerting.minTrafficPerSecond !== undefined) {
      warnings.push(
        `slos[${i}].alerting.minTrafficPerSecond: Sloth has no minimum-traffic guard; ${spec.alerting.minTrafficPerSecond}/s dropped`
      );
    }
    const events = sliEventQueries(spec.sli, spec.groupBy, WINDOW_PLACEHOLDER);
    const errorQuery = spec.sli.kind === 'ratio' && spec.sli.badQuery !== undefined ? spec.sli.badQuery : events.errors;
    return {
      name: spec.name,
      objective: Number((spec.objective * 100).toPrecision(12)),
      ...(spec.description ? { description: spec.description } : {}),
      ...(Object.keys(spec.labels).length > 0 ? { labels: spec.labels } : {}),
      sli: { events: { error_query: errorQuery, total_query: renderWindow(events.total, WINDOW_PLACEHOLDER) } },
      alerting: {
        name: `SLOBurnRate${spec.id.replace(/(^|-)([a-z0-9])/g, (_m, _d, c: string) => c.toUpperCase())}`,
        ...(spec.alerting.labels ? { labels: spec.alerting.labels } : {}),
        page_alert: { disable: !spec.alerting.page, labels: { severity: 'page' } },
        ticket_alert: { disable: !spec.alerting.ticket, labels: { severity: 'ticket' } },
      },
    };
  });
  return { yaml: stringify({ version: SLOTH_VERSION, service: services[0] ?? '', slos }, { lineWidth: 0 }), warnings };
}
