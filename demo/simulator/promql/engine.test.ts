import { PromQLBadData, PromQLExecutionError } from './ast';
import { formatValue, instantQuery, rangeQuery } from './engine';
import { SampleStore } from './store';

const s = (sec: number): number => sec * 1000;
type Labels = Record<string, string>;

/** Scrapes every 10 s from 0 to 300 s; each series' value is a function of the scrape time in seconds. */
function buildStore(series: Array<[Labels, (t: number) => number | undefined]>): SampleStore {
  const store = new SampleStore(1000);
  for (let t = 0; t <= 300; t += 10) {
    const samples = series
      .map(([labels, f]) => ({ labels, value: f(t) }))
      .filter((x): x is { labels: Labels; value: number } => x.value !== undefined);
    store.append(s(t), samples);
  }
  return store;
}

const req = (service: string, status: string) => ({ __name__: 'req_total', service, status });
const bucket = (le: string) => ({ __name__: 'lat_bucket', service: 'api', le });

const store = buildStore([
  // 1 request/s with status 200 and 0.1/s with 500 on api; web 2/s, no 500 series at all.
  [req('api', '200'), (t) => t],
  [req('api', '500'), (t) => t / 10],
  [req('web', '200'), (t) => 2 * t],
  // A counter reset at 200 s.
  [{ __name__: 'resets_total' }, (t) => (t < 200 ? t : t - 200)],
  [{ __name__: 'temp', room: 'a' }, () => 20],
  [{ __name__: 'temp', room: 'b' }, () => 30],
  [{ __name__: 'limit', room: 'a' }, () => 25],
  [{ __name__: 'limit', room: 'b' }, () => 25],
  // Histogram: per second 10 requests <= 0.1 s, 20 more <= 0.5 s, 10 more <= 1 s.
  [bucket('0.1'), (t) => 10 * t],
  [bucket('0.5'), (t) => 30 * t],
  [bucket('1'), (t) => 40 * t],
  [bucket('+Inf'), (t) => 40 * t],
  // Disappears after 250 s.
  [{ __name__: 'gone' }, (t) => (t <= 250 ? 1 : undefined)],
]);

/** Instant query at 300 s, as {labels-json: value}. */
function at300(query: string): Record<string, number> {
  const data = instantQuery(store, query, s(300));
  if (data.resultType === 'scalar') {
    return { scalar: Number(data.result[1]) };
  }
  if (data.resultType !== 'vector') {
    throw new Error(`unexpected ${data.resultType}`);
  }
  return Object.fromEntries(data.result.map((r) => [JSON.stringify(r.metric), Number(r.value[1])]));
}

describe('instantQuery on hand-built series (scrapes every 10 s, evaluated at 300 s)', () => {
  it.each([
    ['1 + 2 * 3', { scalar: 7 }],
    ['time()', { scalar: 300 }],
    ['temp', { '{"__name__":"temp","room":"a"}': 20, '{"__name__":"temp","room":"b"}': 30 }],
    ['temp{room!="a"}', { '{"__name__":"temp","room":"b"}': 30 }],
    ['{__name__=~"te.p", room=~"a|c"}', { '{"__name__":"temp","room":"a"}': 20 }],
    // Samples exactly on the window edges: 60 s sampled of a 60 s range, no extrapolation needed.
    [
      'rate(req_total{service="api"}[1m])',
      { '{"service":"api","status":"200"}': 1, '{"service":"api","status":"500"}': 0.1 },
    ],
    ['increase(req_total{service="web"}[1m])', { '{"service":"web","status":"200"}': 120 }],
    // 50 s offset: window [190, 250] s goes 190 -> reset -> 0 .. 50. last - first = -140, plus the 190 before the
    // reset = 50 (the drop is a reset, not a decrease).
    ['increase(resets_total[1m] offset 50s)', { '{}': 50 }],
    ['irate(resets_total[1m])', { '{}': 1 }],
    ['sum by (service) (rate(req_total[1m]))', { '{"service":"api"}': 1.1, '{"service":"web"}': 2 }],
    ['sum without (status) (rate(req_total[1m]))', { '{"service":"api"}': 1.1, '{"service":"web"}': 2 }],
    ['count(temp)', { '{}': 2 }],
    ['avg(temp)', { '{}': 25 }],
    ['max by (room) (temp)', { '{"room":"a"}': 20, '{"room":"b"}': 30 }],
    ['min(temp)', { '{}': 20 }],
    ['avg_over_time(temp[1m])', { '{"room":"a"}': 20, '{"room":"b"}': 30 }],
    ['count_over_time(temp{room="a"}[1m])', { '{"room":"a"}': 7 }],
    ['sum_over_time(temp{room="a"}[30s])', { '{"room":"a"}': 80 }],
    // Window [180, 300] s: 180, 190, then 0 .. 100 after the reset.
    ['max_over_time(resets_total[2m])', { '{}': 190 }],
    ['min_over_time(resets_total[2m])', { '{}': 0 }],
    // p50: rank 20/s of 40/s in (0.1, 0.5] holding 20: 0.1 + 0.4 * 10/20
    ['histogram_quantile(0.5, sum by (le, service) (rate(lat_bucket[1m])))', { '{"service":"api"}': 0.3 }],
    ['histogram_quantile(0.95, rate(lat_bucket[1m]))', { '{"service":"api"}': 0.9 }],
    // Error ratio: one-to-one matching on service after aggregation; web has no 500s so no result.
    [
      'sum by (service) (rate(req_total{status=~"5.."}[1m])) / sum by (service) (rate(req_total[1m]))',
      { '{"service":"api"}': 0.1 / 1.1 },
    ],
    ['temp - limit', { '{"room":"a"}': -5, '{"room":"b"}': 5 }],
    ['temp > limit', { '{"__name__":"temp","room":"b"}': 30 }],
    ['temp > bool limit', { '{"room":"a"}': 0, '{"room":"b"}': 1 }],
    ['temp > 25', { '{"__name__":"temp","room":"b"}': 30 }],
    ['25 < temp', { '{"__name__":"temp","room":"b"}': 30 }],
    ['temp == bool 20', { '{"room":"a"}': 1, '{"room":"b"}': 0 }],
    ['2 * temp', { '{"room":"a"}': 40, '{"room":"b"}': 60 }],
    ['-temp{room="a"}', { '{"room":"a"}': -20 }],
    ['temp / on(room) limit', { '{"room":"a"}': 0.8, '{"room":"b"}': 1.2 }],
    ['temp and limit{room="a"}', { '{"__name__":"temp","room":"a"}': 20 }],
    ['temp unless limit{room="a"}', { '{"__name__":"temp","room":"b"}': 30 }],
    ['temp{room="a"} or limit', { '{"__name__":"temp","room":"a"}': 20, '{"__name__":"limit","room":"b"}': 25 }],
    ['vector(1) or on() temp', { '{}': 1 }],
    ['scalar(temp{room="a"}) + 1', { scalar: 21 }],
    ['scalar(temp)', { scalar: NaN }],
    ['abs(-temp{room="a"})', { '{"room":"a"}': 20 }],
    ['clamp_min(temp, 25)', { '{"room":"a"}': 25, '{"room":"b"}': 30 }],
    ['clamp_max(temp, 25)', { '{"room":"a"}': 20, '{"room":"b"}': 25 }],
    // Stale since the scrape at 260 s.
    ['gone', {}],
    ['gone offset 60s', { '{"__name__":"gone"}': 1 }],
    // The SLO pattern: a missing error series becomes 0 through `or (total * 0)`.
    [
      '(sum by (service) (rate(req_total{service="web",status=~"5.."}[1m]))) or (sum by (service) (rate(req_total{service="web"}[1m])) * 0)',
      { '{"service":"web"}': 0 },
    ],
  ])('%s', (query, want) => {
    const got = at300(query);
    expect(Object.keys(got).sort()).toEqual(Object.keys(want).sort());
    for (const [k, v] of Object.entries(want)) {
      if (Number.isNaN(v)) {
        expect(got[k]).toBeNaN();
      } else {
        expect(got[k]).toBeCloseTo(v, 10);
      }
    }
  });

  it.each([
    // Two api series (200 and 500) fall into one match group on the left: Prometheus refuses that.
    [
      'rate(req_total[1m]) / ignoring(status) sum by (service) (rate(req_total[1m]))',
      /many-to-one matching must be explicit/,
    ],
    ['temp + on() limit', /many-to-many matching not allowed/],
    ['rate({__name__=~"temp|limit"}[1m])', /same labelset/],
  ])('%s fails in execution', (query, message) => {
    expect(() => at300(query)).toThrow(PromQLExecutionError);
    expect(() => at300(query)).toThrow(message);
  });

  it('a range selector answers a matrix of raw samples', () => {
    const data = instantQuery(store, 'temp{room="a"}[20s]', s(300));
    expect(data).toEqual({
      resultType: 'matrix',
      result: [
        {
          metric: { __name__: 'temp', room: 'a' },
          values: [
            [280, '20'],
            [290, '20'],
            [300, '20'],
          ],
        },
      ],
    });
  });
});

describe('rangeQuery', () => {
  it('evaluates at start, start + step, ... end and groups points per series', () => {
    const data = rangeQuery(store, 'sum(rate(req_total{service="api"}[1m]))', s(100), s(120), s(10));
    expect(data.resultType).toBe('matrix');
    expect(data.result).toEqual([
      {
        metric: {},
        values: [
          [100, '1.1'],
          [110, '1.1'],
          [120, '1.1'],
        ],
      },
    ]);
  });

  it('turns a scalar into one series without labels', () => {
    expect(rangeQuery(store, '2', s(0), s(10), s(10)).result).toEqual([
      {
        metric: {},
        values: [
          [0, '2'],
          [10, '2'],
        ],
      },
    ]);
  });

  it.each([
    [s(0), s(10), 0, /zero or negative/],
    [s(10), s(0), s(1), /end timestamp must not be before start/],
    [s(0), s(11_001), s(1), /exceeded maximum resolution of 11,000 points/],
  ])('rejects start %s end %s step %s', (start, end, step, message) => {
    expect(() => rangeQuery(store, 'temp', start, end, step)).toThrow(PromQLBadData);
    expect(() => rangeQuery(store, 'temp', start, end, step)).toThrow(message);
  });

  it('rejects a range vector', () => {
    expect(() => rangeQuery(store, 'temp[1m]', s(0), s(10), s(10))).toThrow(/range vector/);
  });
});

describe('formatValue (Go FormatFloat "f", -1)', () => {
  it.each([
    [1, '1'],
    [0.1, '0.1'],
    [1e21, '1000000000000000000000'],
    [1.5e-7, '0.00000015'],
    [-2.5e22, '-25000000000000000000000'],
    [Infinity, '+Inf'],
    [-Infinity, '-Inf'],
    [NaN, 'NaN'],
  ])('%s -> %s', (v, text) => {
    expect(formatValue(v)).toBe(text);
  });
});
