import { leMatcher, rawErrorRatioQuery, renderWindow, sliEventQueries } from './promql';

describe('SLI PromQL', () => {
  it('fills every {{.window}}', () => {
    expect(renderWindow('a[{{.window}}] / b[{{.window}}]', '1h')).toBe('a[1h] / b[1h]');
  });

  it.each([
    [0.5, 'le=~"0[.]50*"'],
    [1, 'le=~"1([.]0+)?"'],
    [2.5, 'le=~"2[.]50*"'],
    [0.025, 'le=~"0[.]0250*"'],
  ])('bucket bound %p → %s', (threshold, matcher) => {
    expect(leMatcher(threshold)).toBe(matcher);
  });

  it('a bad/total SLI counts missing error series as zero', () => {
    const q = sliEventQueries(
      { kind: 'ratio', badQuery: 'sum(rate(e[{{.window}}]))', totalQuery: 'sum(rate(t[{{.window}}]))' },
      undefined,
      '5m'
    );
    expect(q).toEqual({ errors: '(sum(rate(e[5m])))\nor\n((sum(rate(t[5m]))) * 0)', total: 'sum(rate(t[5m]))' });
  });

  it('a good/total SLI counts bad = total − good', () => {
    const q = sliEventQueries(
      { kind: 'ratio', goodQuery: 'sum(rate(g[{{.window}}]))', totalQuery: 'sum(rate(t[{{.window}}]))' },
      undefined,
      '5m'
    );
    expect(q.errors).toBe('(sum(rate(t[5m])))\n-\n((sum(rate(g[5m]))) or ((sum(rate(t[5m]))) * 0))');
  });

  it('a latency SLI counts requests slower than the bucket bound, per group', () => {
    const q = sliEventQueries(
      {
        kind: 'latency',
        histogramMetric: 'http_request_duration_seconds',
        thresholdSeconds: 0.5,
        selector: 'job="api"',
      },
      ['route'],
      '5m'
    );
    expect(q.total).toBe('sum by (route) (rate(http_request_duration_seconds_count{job="api"}[5m]))');
    expect(q.errors).toContain(
      'sum by (route) (rate(http_request_duration_seconds_bucket{job="api",le=~"0[.]50*"}[5m]))'
    );
    expect(rawErrorRatioQuery({ kind: 'latency', histogramMetric: 'h', thresholdSeconds: 1 }, undefined, '1h')).toBe(
      '((sum(rate(h_count[1h])))\n-\n((sum(rate(h_bucket{le=~"1([.]0+)?"}[1h]))) or ((sum(rate(h_count[1h]))) * 0)))\n/\n(sum(rate(h_count[1h])))'
    );
  });
});
