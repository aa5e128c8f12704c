/**
 * OpenSLO v1 (https://github.com/OpenSLO/OpenSLO) in and out: `kind: SLO` with an inline `indicator` or an
 * `indicatorRef` to a `kind: SLI` document, `ratioMetric` good|bad / total on Prometheus, one objective, a
 * rolling `timeWindow`, `budgetingMethod: Occurrences`. What OpenSLO v1 has no field for (latency histogram,
 * groupBy, alerting switches, minimum traffic) travels in `metadata.annotations` under `foresight.dev/`, so an
 * export → import round trip loses nothing.
 */
import { stringify } from 'yaml';
import { renderWindow, sliEventQueries } from './promql';
import { SloSpec, SloValidationError } from './types';
import { parseSloSpec, WINDOW_PLACEHOLDER } from './validate';
import { isRecord } from './yamlInput';

export const OPENSLO_VERSION = 'openslo/v1';
const ANNOTATION = 'foresight.dev/';
const BARE_SELECTOR = /^[a-zA-Z_:][a-zA-Z0-9_:]*(\{[^{}]*\})?$/;

type Raw = Record<string, unknown>;

/** A Prometheus metricSource query: `{{.window}}` templates pass through, a bare counter selector gets wrapped. */
function windowedQuery(source: unknown, path: string, errors: SloValidationError[]): string | undefined {
  const metricSource = isRecord(source) && isRecord(source.metricSource) ? source.metricSource : undefined;
  const spec = metricSource && isRecord(metricSource.spec) ? metricSource.spec : undefined;
  const type = metricSource?.type;
  if (!metricSource || (typeof type === 'string' && type.toLowerCase() !== 'prometheus')) {
    errors.push({
      path: `${path}.metricSource`,
      message: `must be a Prometheus metricSource, got ${JSON.stringify(type ?? source)}`,
    });
    return undefined;
  }
  const query = typeof spec?.query === 'string' ? spec.query.trim() : undefined;
  if (!query) {
    errors.push({ path: `${path}.metricSource.spec.query`, message: 'is required' });
    return undefined;
  }
  if (query.includes(WINDOW_PLACEHOLDER)) {
    return query;
  }
  if (BARE_SELECTOR.test(query)) {
    return `sum(rate(${query}[${WINDOW_PLACEHOLDER}]))`;
  }
  errors.push({
    path: `${path}.metricSource.spec.query`,
    message: `must be a counter selector or use ${WINDOW_PLACEHOLDER} as the range, got ${JSON.stringify(query)}`,
  });
  return undefined;
}

function parseAnnotation(annotations: Raw, key: string, path: string, errors: SloValidationError[]): unknown {
  const value = annotations[`${ANNOTATION}${key}`];
  if (typeof value !== 'string') {
    return undefined;
  }
  try {
    return JSON.parse(value);
  } catch {
    errors.push({
      path: `${path}.metadata.annotations.${ANNOTATION}${key}`,
      message: `must be JSON, got ${JSON.stringify(value)}`,
    });
    return undefined;
  }
}

function labelsOf(value: unknown): Record<string, string> {
  if (!isRecord(value)) {
    return {};
  }
  // OpenSLO label values may be lists; Prometheus label values are single strings.
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : String(v)]));
}

function convertSlo(doc: Raw, path: string, slis: Map<string, Raw>, errors: SloValidationError[]): SloSpec | undefined {
  const metadata = isRecord(doc.metadata) ? doc.metadata : {};
  const spec = isRecord(doc.spec) ? doc.spec : {};
  const annotations = isRecord(metadata.annotations) ? metadata.annotations : {};
  const before = errors.length;

  const timeWindow = Array.isArray(spec.timeWindow) && isRecord(spec.timeWindow[0]) ? spec.timeWindow[0] : undefined;
  if (!timeWindow) {
    errors.push({
      path: `${path}.spec.timeWindow`,
      message: 'must list one rolling window, e.g. [{duration: 30d, isRolling: true}]',
    });
  } else if (timeWindow.isRolling === false) {
    errors.push({
      path: `${path}.spec.timeWindow[0].isRolling`,
      message: 'calendar windows are not supported; use a rolling window',
    });
  }
  if (spec.budgetingMethod !== undefined && spec.budgetingMethod !== 'Occurrences') {
    errors.push({
      path: `${path}.spec.budgetingMethod`,
      message: `only Occurrences is supported, got ${JSON.stringify(spec.budgetingMethod)}`,
    });
  }
  const objectives = Array.isArray(spec.objectives) ? spec.objectives : [];
  if (objectives.length !== 1 || !isRecord(objectives[0])) {
    errors.push({
      path: `${path}.spec.objectives`,
      message: `must hold exactly one objective, got ${objectives.length}`,
    });
  }
  const objective = isRecord(objectives[0]) ? objectives[0] : {};
  const target =
    typeof objective.target === 'number'
      ? objective.target
      : typeof objective.targetPercent === 'number'
        ? objective.targetPercent / 100
        : objective.target;

  let indicator: Raw | undefined;
  if (isRecord(spec.indicator)) {
    indicator = spec.indicator;
  } else if (typeof spec.indicatorRef === 'string') {
    indicator = slis.get(spec.indicatorRef);
    if (!indicator) {
      errors.push({
        path: `${path}.spec.indicatorRef`,
        message: `names no SLI document in this file, got ${JSON.stringify(spec.indicatorRef)}`,
      });
    }
  } else {
    errors.push({ path: `${path}.spec.indicator`, message: 'is required (or indicatorRef)' });
  }

  let sli: unknown = parseAnnotation(annotations, 'latency', path, errors);
  if (sli !== undefined) {
    sli = { kind: 'latency', ...(sli as Raw) };
  } else if (indicator) {
    const ispec = isRecord(indicator.spec) ? indicator.spec : {};
    const ratio = isRecord(ispec.ratioMetric) ? ispec.ratioMetric : undefined;
    if (!ratio) {
      errors.push({
        path: `${path}.spec.indicator.spec.ratioMetric`,
        message: 'is required (thresholdMetric SLIs are not supported)',
      });
    } else {
      const rpath = `${path}.spec.indicator.spec.ratioMetric`;
      const total = windowedQuery(ratio.total, `${rpath}.total`, errors);
      const good = ratio.good !== undefined ? windowedQuery(ratio.good, `${rpath}.good`, errors) : undefined;
      const bad = ratio.bad !== undefined ? windowedQuery(ratio.bad, `${rpath}.bad`, errors) : undefined;
      sli = {
        kind: 'ratio',
        totalQuery: total,
        ...(good ? { goodQuery: good } : {}),
        ...(bad ? { badQuery: bad } : {}),
      };
    }
  }
  if (errors.length > before) {
    return undefined;
  }
  const result = parseSloSpec(
    {
      id: metadata.name,
      name: typeof metadata.displayName === 'string' ? metadata.displayName : metadata.name,
      service: spec.service,
      description: spec.description,
      objective: target,
      window: timeWindow?.duration,
      labels: labelsOf(metadata.labels),
      sli,
      groupBy: parseAnnotation(annotations, 'groupBy', path, errors),
      alerting: parseAnnotation(annotations, 'alerting', path, errors),
    },
    path
  );
  errors.push(...result.errors);
  return result.value;
}

/** SLOs from the documents of one OpenSLO file (SLI documents may be referenced by name). */
export function fromOpenSloDocuments(docs: unknown[]): { specs: SloSpec[]; errors: SloValidationError[] } {
  const errors: SloValidationError[] = [];
  const slis = new Map<string, Raw>();
  for (const doc of docs) {
    if (isRecord(doc) && doc.kind === 'SLI' && isRecord(doc.metadata) && typeof doc.metadata.name === 'string') {
      slis.set(doc.metadata.name, doc);
    }
  }
  const specs: SloSpec[] = [];
  docs.forEach((doc, i) => {
    const path = `document[${i}]`;
    if (!isRecord(doc) || doc.apiVersion !== OPENSLO_VERSION) {
      errors.push({ path: `${path}.apiVersion`, message: `must be ${OPENSLO_VERSION}` });
      return;
    }
    if (doc.kind !== 'SLO') {
      return; // Service, SLI, AlertPolicy… carry nothing we store on their own
    }
    const spec = convertSlo(doc, path, slis, errors);
    if (spec) {
      specs.push(spec);
    }
  });
  if (specs.length === 0 && errors.length === 0) {
    errors.push({ path: '', message: 'holds no kind: SLO document' });
  }
  return { specs, errors };
}

function prometheusSource(query: string) {
  return { metricSource: { type: 'Prometheus', spec: { query } } };
}

export function toOpenSloYaml(specs: SloSpec[]): string {
  const docs = specs.map((spec) => {
    const annotations: Record<string, string> = { [`${ANNOTATION}alerting`]: JSON.stringify(spec.alerting) };
    if (spec.groupBy) {
      annotations[`${ANNOTATION}groupBy`] = JSON.stringify(spec.groupBy);
    }
    let ratioMetric: Record<string, unknown>;
    if (spec.sli.kind === 'ratio') {
      ratioMetric = {
        counter: true,
        ...(spec.sli.goodQuery
          ? { good: prometheusSource(spec.sli.goodQuery) }
          : { bad: prometheusSource(spec.sli.badQuery!) }),
        total: prometheusSource(spec.sli.totalQuery),
      };
    } else {
      const { kind: _kind, ...latency } = spec.sli;
      annotations[`${ANNOTATION}latency`] = JSON.stringify(latency);
      const events = sliEventQueries(spec.sli, spec.groupBy, WINDOW_PLACEHOLDER);
      ratioMetric = {
        counter: true,
        bad: prometheusSource(events.errors),
        total: prometheusSource(renderWindow(events.total, WINDOW_PLACEHOLDER)),
      };
    }
    return {
      apiVersion: OPENSLO_VERSION,
      kind: 'SLO',
      metadata: {
        name: spec.id,
        displayName: spec.name,
        ...(Object.keys(spec.labels).length > 0 ? { labels: spec.labels } : {}),
        annotations,
      },
      spec: {
        ...(spec.description ? { description: spec.description } : {}),
        service: spec.service,
        indicator: { metadata: { name: `${spec.id}-sli` }, spec: { ratioMetric } },
        timeWindow: [{ duration: spec.window, isRolling: true }],
        budgetingMethod: 'Occurrences',
        objectives: [{ displayName: spec.name, target: spec.objective }],
      },
    };
  });
  return docs.map((d) => stringify(d, { lineWidth: 0 })).join('---\n');
}
