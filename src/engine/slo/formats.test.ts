import { importSlos } from './importSlos';
import { toNativeYaml } from './nativeFormat';
import { toOpenSloYaml } from './openslo';
import { toSlothYaml } from './sloth';
import { SloSpec } from './types';
import { formatValidationErrors } from './validate';

const native = `
apiVersion: foresight/v1
service: api
slos:
  - id: api-availability
    objective: 0.999
    sli:
      kind: ratio
      badQuery: sum(rate(http_requests_total{code=~"5.."}[{{.window}}]))
      totalQuery: sum(rate(http_requests_total[{{.window}}]))
  - id: api-latency
    objective: 0.99
    window: 7d
    groupBy: [route]
    sli: { kind: latency, histogramMetric: http_request_duration_seconds, thresholdSeconds: 0.25 }
    alerting: { page: false, minTrafficPerSecond: 2 }
`;

function specs(text: string): SloSpec[] {
  const result = importSlos(text);
  expect(formatValidationErrors(result.errors)).toBe('');
  return result.specs;
}

describe('SLO file formats', () => {
  it('reads the Foresight format with file-wide defaults', () => {
    const [availability, latency] = specs(native);
    expect(availability.service).toBe('api');
    expect(availability.window).toBe('30d');
    expect(latency.sli).toEqual({
      kind: 'latency',
      histogramMetric: 'http_request_duration_seconds',
      thresholdSeconds: 0.25,
    });
    expect(latency.alerting).toEqual({ page: false, ticket: true, minTrafficPerSecond: 2 });
  });

  it('round-trips Foresight → Foresight and Foresight → OpenSLO → Foresight without loss', () => {
    const original = specs(native);
    expect(specs(toNativeYaml(original))).toEqual(original);
    expect(specs(toOpenSloYaml(original))).toEqual(original);
  });

  it('exports Sloth with warnings for what Sloth cannot hold, and imports it back', () => {
    const original = specs(native);
    const { yaml, warnings } = toSlothYaml(original);
    expect(warnings).toEqual([
      'Sloth takes the SLO period from --default-slo-period; generate with --default-slo-period=30d (windows differ between SLOs)',
      'slos[1].alerting.minTrafficPerSecond: Sloth has no minimum-traffic guard; 2/s dropped',
    ]);
    const back = importSlos(yaml);
    expect(back.format).toBe('sloth');
    expect(back.specs.map((s) => [s.id, s.objective, s.alerting.page])).toEqual([
      ['api-api-availability', 0.999, true],
      ['api-api-latency', 0.99, false],
    ]);
  });

  it('imports Sloth: percent objectives, file labels, page/ticket switches', () => {
    const result = importSlos(
      `
version: prometheus/v1
service: myservice
labels: { owner: myteam }
slos:
  - name: requests-availability
    objective: 99.95
    sli:
      events:
        error_query: sum(rate(http_requests_total{code=~"5.."}[{{.window}}]))
        total_query: sum(rate(http_requests_total[{{.window}}]))
    alerting:
      ticket_alert: { disable: true }
`,
      '28d'
    );
    expect(result.errors).toEqual([]);
    expect(result.specs[0]).toMatchObject({
      id: 'myservice-requests-availability',
      objective: 0.9995,
      window: '28d',
      labels: { owner: 'myteam' },
      alerting: { page: true, ticket: false },
    });
  });

  it.each([
    [
      'version: prometheus/v1\nservice: s\nslos:\n  - name: a\n    objective: 0.999\n    sli: {events: {error_query: "e[{{.window}}]", total_query: "t[{{.window}}]"}}',
      'slos[0].objective: Sloth objectives are percentages (99.9 for 99.9%), got 0.999',
    ],
    [
      'version: prometheus/v1\nservice: s\nslos:\n  - name: a\n    objective: 99\n    sli: {raw: {error_ratio_query: x}}',
      'slos[0].sli.raw: raw SLIs are not supported; use events.error_query and events.total_query',
    ],
    [
      'version: prometheus/v1\nservice: s\nslos:\n  - name: a\n    objective: 99\n    sli: {events: {error_query: "sum(rate(e[5m]))", total_query: "t[{{.window}}]"}}',
      'slos[0].sli.events.error_query: must use {{.window}} as the range',
    ],
    [
      'apiVersion: openslo/v1\nkind: SLO\nmetadata: {name: a}\nspec: {service: s, timeWindow: [{duration: 1M, isRolling: false}], objectives: [{target: 0.9}], indicatorRef: nope}',
      'document[0].spec.timeWindow[0].isRolling: calendar windows are not supported',
    ],
    [
      'apiVersion: openslo/v1\nkind: SLO\nmetadata: {name: a}\nspec: {service: s, timeWindow: [{duration: 7d}], budgetingMethod: Timeslices, objectives: [{target: 0.9}], indicatorRef: nope}',
      'document[0].spec.budgetingMethod: only Occurrences is supported, got "Timeslices"',
    ],
    [
      'apiVersion: openslo/v1\nkind: SLO\nmetadata: {name: a}\nspec: {service: s, timeWindow: [{duration: 7d}], objectives: [{target: 0.9}], indicatorRef: nope}',
      'document[0].spec.indicatorRef: names no SLI document in this file, got "nope"',
    ],
    [
      'slos: [{id: a, service: s, objective: 1.2, sli: {kind: ratio, goodQuery: "g[{{.window}}]", totalQuery: "t[{{.window}}]"}}]',
      'slos[0].objective: must be between 0 and 1, got 1.2',
    ],
    ['slos: [\n  - id: a\n   bad', 'document[0]: YAML syntax'],
    ['', ': the file is empty'],
  ])('reports the field: %#', (text, message) => {
    expect(formatValidationErrors(importSlos(text).errors)).toContain(message);
  });

  it('imports OpenSLO with an SLI reference and a bare counter selector', () => {
    const result = importSlos(`
apiVersion: openslo/v1
kind: SLI
metadata: { name: ok-ratio }
spec:
  ratioMetric:
    counter: true
    good: { metricSource: { type: Prometheus, spec: { query: 'search_total{outcome="ok"}' } } }
    total: { metricSource: { type: Prometheus, spec: { query: search_total } } }
---
apiVersion: openslo/v1
kind: SLO
metadata: { name: search, displayName: Search }
spec:
  service: search
  indicatorRef: ok-ratio
  timeWindow: [{ duration: 28d, isRolling: true }]
  budgetingMethod: Occurrences
  objectives: [{ targetPercent: 99.5 }]
`);
    expect(result.errors).toEqual([]);
    expect(result.specs[0]).toMatchObject({
      id: 'search',
      name: 'Search',
      objective: 0.995,
      window: '28d',
      sli: {
        kind: 'ratio',
        goodQuery: 'sum(rate(search_total{outcome="ok"}[{{.window}}]))',
        totalQuery: 'sum(rate(search_total[{{.window}}]))',
      },
    });
  });
});
