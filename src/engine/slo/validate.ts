/**
 * Turns untrusted input (parsed YAML, an API body) into SloSpecs, with one message per problem naming the field:
 * `slos[0].objective: must be between 0 and 1, got 1.2`. Defaults are filled in only for optional fields.
 */
import { parseDuration } from './duration';
import { LatencySli, RatioSli, SliSpec, SloAlerting, SloSpec, SloValidationError } from './types';

export const WINDOW_PLACEHOLDER = '{{.window}}';

const ID = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const MIN_PERIOD_SECONDS = 86400;
const MAX_PERIOD_SECONDS = 400 * 86400;

/** Labels the generated rules set themselves; a spec may not override them. */
export const RESERVED_LABELS = [
  'slo_id',
  'slo_name',
  'slo_service',
  'slo_window',
  'slo_objective',
  'severity',
  'slo_long_window',
  'slo_short_window',
];

export interface ParseResult<T> {
  value?: T;
  errors: SloValidationError[];
}

type Raw = Record<string, unknown>;

function isObject(value: unknown): value is Raw {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function show(value: unknown): string {
  if (value === undefined) {
    return 'nothing';
  }
  const text = JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

class Collector {
  readonly errors: SloValidationError[] = [];
  add(path: string, message: string): void {
    this.errors.push({ path, message });
  }
}

function requiredString(raw: Raw, key: string, path: string, c: Collector): string | undefined {
  const value = raw[key];
  if (typeof value !== 'string' || value.trim() === '') {
    c.add(`${path}.${key}`, `must be a non-empty string, got ${show(value)}`);
    return undefined;
  }
  return value.trim();
}

function optionalString(raw: Raw, key: string, path: string, c: Collector): string | undefined {
  const value = raw[key];
  if (value === undefined || value === null) {
    return undefined;
  }
  if (typeof value !== 'string') {
    c.add(`${path}.${key}`, `must be a string, got ${show(value)}`);
    return undefined;
  }
  return value;
}

function labelMap(value: unknown, path: string, c: Collector, reserved: boolean): Record<string, string> {
  if (value === undefined || value === null) {
    return {};
  }
  if (!isObject(value)) {
    c.add(path, `must be a map of label name to string, got ${show(value)}`);
    return {};
  }
  const out: Record<string, string> = {};
  for (const [name, labelValue] of Object.entries(value)) {
    if (!LABEL_NAME.test(name) || name.startsWith('__')) {
      c.add(`${path}.${name}`, `is not a valid Prometheus label name`);
    } else if (reserved && RESERVED_LABELS.includes(name)) {
      c.add(`${path}.${name}`, `is set by the generated rules and cannot be overridden`);
    } else if (typeof labelValue !== 'string' && typeof labelValue !== 'number' && typeof labelValue !== 'boolean') {
      c.add(`${path}.${name}`, `must be a string, got ${show(labelValue)}`);
    } else {
      out[name] = String(labelValue);
    }
  }
  return out;
}

/** Brackets and parentheses balance and quotes close: catches most copy-paste damage before promtool does. */
export function queryShapeProblem(query: string): string | null {
  const pairs: Record<string, string> = { ')': '(', ']': '[', '}': '{' };
  const stack: string[] = [];
  let quote: string | null = null;
  for (let i = 0; i < query.length; i++) {
    const ch = query[i];
    if (quote) {
      if (ch === '\\') {
        i++;
      } else if (ch === quote) {
        quote = null;
      }
      continue;
    }
    if (ch === '"' || ch === "'" || ch === '`') {
      quote = ch;
    } else if (ch === '(' || ch === '[' || ch === '{') {
      stack.push(ch);
    } else if (ch in pairs) {
      if (stack.pop() !== pairs[ch]) {
        return `unbalanced '${ch}' at character ${i + 1}`;
      }
    }
  }
  if (quote) {
    return `unterminated string`;
  }
  // `{{.window}}` leaves `{{` `}}` pairs, which balance like any braces.
  return stack.length > 0 ? `unclosed '${stack[stack.length - 1]}'` : null;
}

function windowQuery(raw: Raw, key: string, path: string, c: Collector, required: boolean): string | undefined {
  const value = raw[key];
  if (value === undefined || value === null) {
    if (required) {
      c.add(`${path}.${key}`, `is required`);
    }
    return undefined;
  }
  if (typeof value !== 'string' || value.trim() === '') {
    c.add(`${path}.${key}`, `must be a PromQL string, got ${show(value)}`);
    return undefined;
  }
  const query = value.trim();
  if (!query.includes(WINDOW_PLACEHOLDER)) {
    c.add(
      `${path}.${key}`,
      `must use ${WINDOW_PLACEHOLDER} as the range, e.g. rate(x[${WINDOW_PLACEHOLDER}]), got ${show(query)}`
    );
    return undefined;
  }
  const problem = queryShapeProblem(query);
  if (problem) {
    c.add(`${path}.${key}`, `is not valid PromQL: ${problem}`);
    return undefined;
  }
  return query;
}

function parseSli(raw: unknown, path: string, c: Collector): SliSpec | undefined {
  if (!isObject(raw)) {
    c.add(path, `must be an object with kind "ratio" or "latency", got ${show(raw)}`);
    return undefined;
  }
  if (raw.kind === 'ratio') {
    const goodQuery = windowQuery(raw, 'goodQuery', path, c, false);
    const badQuery = windowQuery(raw, 'badQuery', path, c, false);
    const totalQuery = windowQuery(raw, 'totalQuery', path, c, true);
    const hasGood = raw.goodQuery !== undefined && raw.goodQuery !== null;
    const hasBad = raw.badQuery !== undefined && raw.badQuery !== null;
    if (hasGood === hasBad) {
      c.add(path, `needs exactly one of goodQuery and badQuery, got ${hasGood ? 'both' : 'neither'}`);
      return undefined;
    }
    if (!totalQuery || (!goodQuery && !badQuery)) {
      return undefined;
    }
    const sli: RatioSli = { kind: 'ratio', totalQuery };
    if (goodQuery) {
      sli.goodQuery = goodQuery;
    } else {
      sli.badQuery = badQuery;
    }
    return sli;
  }
  if (raw.kind === 'latency') {
    const metric = requiredString(raw, 'histogramMetric', path, c);
    let ok = metric !== undefined;
    if (metric && !METRIC_NAME.test(metric)) {
      c.add(`${path}.histogramMetric`, `is not a valid metric name, got ${show(metric)}`);
      ok = false;
    } else if (metric && /_(bucket|count|sum)$/.test(metric)) {
      c.add(
        `${path}.histogramMetric`,
        `must be the histogram base name without _bucket/_count/_sum, got ${show(metric)}`
      );
      ok = false;
    }
    const threshold = raw.thresholdSeconds;
    if (typeof threshold !== 'number' || !Number.isFinite(threshold) || threshold <= 0) {
      c.add(
        `${path}.thresholdSeconds`,
        `must be a positive number of seconds (a bucket bound), got ${show(threshold)}`
      );
      ok = false;
    }
    const selector = optionalString(raw, 'selector', path, c);
    if (selector !== undefined) {
      const problem = /[{}]/.test(selector) ? 'write the matchers without braces' : queryShapeProblem(selector);
      if (problem) {
        c.add(`${path}.selector`, `is not a label-matcher list: ${problem}, got ${show(selector)}`);
        ok = false;
      }
    }
    if (!ok) {
      return undefined;
    }
    const sli: LatencySli = { kind: 'latency', histogramMetric: metric!, thresholdSeconds: threshold as number };
    if (selector !== undefined && selector.trim() !== '') {
      sli.selector = selector.trim();
    }
    return sli;
  }
  c.add(`${path}.kind`, `must be "ratio" or "latency", got ${show(raw.kind)}`);
  return undefined;
}

function parseAlerting(raw: unknown, path: string, c: Collector): SloAlerting {
  const alerting: SloAlerting = { page: true, ticket: true };
  if (raw === undefined || raw === null) {
    return alerting;
  }
  if (!isObject(raw)) {
    c.add(path, `must be an object, got ${show(raw)}`);
    return alerting;
  }
  for (const key of ['page', 'ticket'] as const) {
    const value = raw[key];
    if (value === undefined) {
      continue;
    }
    if (typeof value !== 'boolean') {
      c.add(`${path}.${key}`, `must be true or false, got ${show(value)}`);
    } else {
      alerting[key] = value;
    }
  }
  const min = raw.minTrafficPerSecond;
  if (min !== undefined && min !== null) {
    if (typeof min !== 'number' || !Number.isFinite(min) || min < 0) {
      c.add(`${path}.minTrafficPerSecond`, `must be a number ≥ 0 (events per second), got ${show(min)}`);
    } else if (min > 0) {
      alerting.minTrafficPerSecond = min;
    }
  }
  if (raw.labels !== undefined) {
    const labels = labelMap(raw.labels, `${path}.labels`, c, true);
    if (Object.keys(labels).length > 0) {
      alerting.labels = labels;
    }
  }
  return alerting;
}

function groupByLabels(raw: unknown, path: string, sli: SliSpec | undefined, c: Collector): string[] | undefined {
  if (raw === undefined || raw === null) {
    return undefined;
  }
  if (!Array.isArray(raw)) {
    c.add(path, `must be a list of label names, got ${show(raw)}`);
    return undefined;
  }
  const labels: string[] = [];
  raw.forEach((name, i) => {
    if (typeof name !== 'string' || !LABEL_NAME.test(name) || name.startsWith('__')) {
      c.add(`${path}[${i}]`, `is not a valid Prometheus label name, got ${show(name)}`);
    } else if (RESERVED_LABELS.includes(name)) {
      c.add(`${path}[${i}]`, `is set by the generated rules, got ${show(name)}`);
    } else if (labels.includes(name)) {
      c.add(`${path}[${i}]`, `repeats ${show(name)}`);
    } else {
      labels.push(name);
    }
  });
  // A ratio SLI's own queries must keep the label, or every group would collapse into one series.
  if (sli?.kind === 'ratio') {
    for (const [key, query] of [
      ['goodQuery', sli.goodQuery],
      ['badQuery', sli.badQuery],
      ['totalQuery', sli.totalQuery],
    ] as const) {
      if (query === undefined) {
        continue;
      }
      for (const label of labels) {
        if (!new RegExp(`\\b${label}\\b`).test(query)) {
          c.add(
            `${path.replace(/groupBy$/, 'sli')}.${key}`,
            `must aggregate by the groupBy label ${show(label)}, e.g. sum by (${label}) (...)`
          );
        }
      }
    }
  }
  return labels.length > 0 ? labels : undefined;
}

/** Validates one SLO object; `path` prefixes every message (e.g. `slos[0]`). */
export function parseSloSpec(
  raw: unknown,
  path = 'slo',
  defaults: { service?: string; labels?: Record<string, string> } = {}
): ParseResult<SloSpec> {
  const c = new Collector();
  if (!isObject(raw)) {
    c.add(path, `must be an object, got ${show(raw)}`);
    return { errors: c.errors };
  }
  const id = requiredString(raw, 'id', path, c);
  if (id !== undefined && !ID.test(id)) {
    c.add(`${path}.id`, `must be lower-case letters, digits and dashes (max 63), got ${show(id)}`);
  }
  const name = optionalString(raw, 'name', path, c) ?? id;
  let service = optionalString(raw, 'service', path, c) ?? defaults.service;
  if (service === undefined || service.trim() === '') {
    c.add(`${path}.service`, `must be a non-empty string, got ${show(raw.service)}`);
    service = undefined;
  }
  const description = optionalString(raw, 'description', path, c);

  const objective = raw.objective;
  if (typeof objective !== 'number' || !Number.isFinite(objective)) {
    c.add(`${path}.objective`, `must be a number between 0 and 1 (0.999 for 99.9%), got ${show(objective)}`);
  } else if (objective <= 0 || objective >= 1) {
    c.add(`${path}.objective`, `must be between 0 and 1, got ${objective}`);
  }

  const window = raw.window === undefined ? '30d' : raw.window;
  const windowSeconds = typeof window === 'string' ? parseDuration(window) : null;
  if (typeof window !== 'string' || windowSeconds === null) {
    c.add(`${path}.window`, `must be a Prometheus duration such as 7d, 28d or 30d, got ${show(window)}`);
  } else if (windowSeconds < MIN_PERIOD_SECONDS || windowSeconds > MAX_PERIOD_SECONDS) {
    c.add(`${path}.window`, `must be between 1d and 400d, got ${show(window)}`);
  }

  const sli = parseSli(raw.sli, `${path}.sli`, c);
  const labels = { ...(defaults.labels ?? {}), ...labelMap(raw.labels, `${path}.labels`, c, true) };
  const groupBy = groupByLabels(raw.groupBy, `${path}.groupBy`, sli, c);
  const alerting = parseAlerting(raw.alerting, `${path}.alerting`, c);

  if (c.errors.length > 0) {
    return { errors: c.errors };
  }
  const spec: SloSpec = {
    id: id!,
    name: name!,
    service: service!.trim(),
    sli: sli!,
    objective: objective as number,
    window: window as string,
    labels,
    alerting,
  };
  if (description !== undefined && description.trim() !== '') {
    spec.description = description.trim();
  }
  if (groupBy) {
    spec.groupBy = groupBy;
  }
  return { value: spec, errors: [] };
}

/** Validates a list of SLOs (ids must be unique); the result holds only the valid ones. */
export function parseSloList(
  raw: unknown,
  path = 'slos',
  defaults: { service?: string; labels?: Record<string, string> } = {}
): { specs: SloSpec[]; errors: SloValidationError[] } {
  if (!Array.isArray(raw)) {
    return { specs: [], errors: [{ path, message: `must be a list of SLOs, got ${show(raw)}` }] };
  }
  const specs: SloSpec[] = [];
  const errors: SloValidationError[] = [];
  const seen = new Map<string, number>();
  raw.forEach((item, i) => {
    const result = parseSloSpec(item, `${path}[${i}]`, defaults);
    errors.push(...result.errors);
    if (result.value) {
      const first = seen.get(result.value.id);
      if (first !== undefined) {
        errors.push({
          path: `${path}[${i}].id`,
          message: `repeats the id of ${path}[${first}], got ${show(result.value.id)}`,
        });
      } else {
        seen.set(result.value.id, i);
        specs.push(result.value);
      }
    }
  });
  return { specs, errors };
}

export function formatValidationErrors(errors: SloValidationError[]): string {
  return errors.map((e) => `${e.path}: ${e.message}`).join('\n');
}
