import { formatValidationErrors, parseSloList, parseSloSpec, queryShapeProblem } from './validate';

const valid = {
  id: 'checkout-availability',
  name: 'Checkout availability',
  service: 'checkout',
  objective: 0.999,
  window: '30d',
  sli: {
    kind: 'ratio',
    badQuery: 'sum(rate(http_requests_total{job="checkout",code=~"5.."}[{{.window}}]))',
    totalQuery: 'sum(rate(http_requests_total{job="checkout"}[{{.window}}]))',
  },
};

const messages = (raw: unknown) => formatValidationErrors(parseSloList(raw).errors);

describe('SLO validation', () => {
  it('accepts a minimal spec and fills defaults (page + ticket, no labels)', () => {
    const { value, errors } = parseSloSpec({ ...valid, window: undefined, name: undefined });
    expect(errors).toEqual([]);
    expect(value).toEqual({
      id: 'checkout-availability',
      name: 'checkout-availability',
      service: 'checkout',
      objective: 0.999,
      window: '30d',
      sli: valid.sli,
      labels: {},
      alerting: { page: true, ticket: true },
    });
  });

  it.each([
    [{ objective: 1.2 }, 'slos[0].objective: must be between 0 and 1, got 1.2'],
    [{ objective: 1 }, 'slos[0].objective: must be between 0 and 1, got 1'],
    [{ objective: '99.9' }, 'slos[0].objective: must be a number between 0 and 1 (0.999 for 99.9%), got "99.9"'],
    [{ window: 'monthly' }, 'slos[0].window: must be a Prometheus duration such as 7d, 28d or 30d, got "monthly"'],
    [{ window: '1h' }, 'slos[0].window: must be between 1d and 400d, got "1h"'],
    [{ id: 'Checkout_SLO' }, 'slos[0].id: must be lower-case letters, digits and dashes (max 63), got "Checkout_SLO"'],
    [{ service: '' }, 'slos[0].service: must be a non-empty string, got ""'],
    [{ labels: { severity: 'x' } }, 'slos[0].labels.severity: is set by the generated rules and cannot be overridden'],
    [{ labels: { 'team-name': 'x' } }, 'slos[0].labels.team-name: is not a valid Prometheus label name'],
    [
      { sli: { kind: 'ratio', badQuery: 'sum(rate(errors[5m]))', totalQuery: valid.sli.totalQuery } },
      'slos[0].sli.badQuery: must use {{.window}} as the range, e.g. rate(x[{{.window}}]), got "sum(rate(errors[5m]))"',
    ],
    [
      { sli: { kind: 'ratio', goodQuery: 'sum(rate(ok[{{.window}}])', totalQuery: valid.sli.totalQuery } },
      "slos[0].sli.goodQuery: is not valid PromQL: unclosed '('",
    ],
    [
      { sli: { kind: 'ratio', totalQuery: valid.sli.totalQuery } },
      'slos[0].sli: needs exactly one of goodQuery and badQuery, got neither',
    ],
    [{ sli: { kind: 'quantile' } }, 'slos[0].sli.kind: must be "ratio" or "latency", got "quantile"'],
    [
      { sli: { kind: 'latency', histogramMetric: 'http_request_duration_seconds_bucket', thresholdSeconds: 0.5 } },
      'slos[0].sli.histogramMetric: must be the histogram base name without _bucket/_count/_sum, got "http_request_duration_seconds_bucket"',
    ],
    [
      { sli: { kind: 'latency', histogramMetric: 'http_request_duration_seconds', thresholdSeconds: -1 } },
      'slos[0].sli.thresholdSeconds: must be a positive number of seconds (a bucket bound), got -1',
    ],
    [
      { sli: { kind: 'latency', histogramMetric: 'h', thresholdSeconds: 1, selector: '{job="a"}' } },
      'slos[0].sli.selector: is not a label-matcher list: write the matchers without braces, got "{job=\\"a\\"}"',
    ],
    [
      { alerting: { minTrafficPerSecond: -2 } },
      'slos[0].alerting.minTrafficPerSecond: must be a number ≥ 0 (events per second), got -2',
    ],
    [{ alerting: { page: 'yes' } }, 'slos[0].alerting.page: must be true or false, got "yes"'],
    [
      { groupBy: ['route'] },
      'slos[0].sli.badQuery: must aggregate by the groupBy label "route", e.g. sum by (route) (...)',
    ],
  ])('rejects %j', (override, message) => {
    expect(messages([{ ...valid, ...override }])).toContain(message);
  });

  it('reports every problem, not just the first', () => {
    expect(parseSloList([{ ...valid, objective: 2, window: 'x', id: 'A' }]).errors.map((e) => e.path)).toEqual([
      'slos[0].id',
      'slos[0].objective',
      'slos[0].window',
    ]);
  });

  it('rejects a duplicate id and keeps the first', () => {
    const result = parseSloList([valid, valid]);
    expect(result.specs).toHaveLength(1);
    expect(formatValidationErrors(result.errors)).toBe(
      'slos[1].id: repeats the id of slos[0], got "checkout-availability"'
    );
  });

  it('accepts a grouped latency SLO with a selector and a traffic guard', () => {
    const { value, errors } = parseSloSpec({
      id: 'api-latency',
      service: 'api',
      objective: 0.99,
      window: '7d',
      sli: {
        kind: 'latency',
        histogramMetric: 'http_request_duration_seconds',
        thresholdSeconds: 0.5,
        selector: 'job="api"',
      },
      groupBy: ['route'],
      alerting: { ticket: false, minTrafficPerSecond: 0.5, labels: { team: 'payments' } },
    });
    expect(errors).toEqual([]);
    expect(value?.groupBy).toEqual(['route']);
    expect(value?.alerting).toEqual({
      page: true,
      ticket: false,
      minTrafficPerSecond: 0.5,
      labels: { team: 'payments' },
    });
  });

  it.each([
    ['sum(rate(x{a="(" }[5m]))', null],
    ['sum(rate(x[5m])', "unclosed '('"],
    ['sum(rate(x[5m])))', "unbalanced ')' at character 17"],
    ['x{a="b}', 'unterminated string'],
  ])('query shape of %s', (query, problem) => {
    expect(queryShapeProblem(query)).toBe(problem);
  });

  it('rejects a non-list', () => {
    expect(messages({ id: 'x' })).toBe('slos: must be a list of SLOs, got {"id":"x"}');
  });
});
