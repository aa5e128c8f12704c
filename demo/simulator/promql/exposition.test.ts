import { Counter, Registry } from 'prom-client';
import { parseExposition } from './exposition';

describe('parseExposition', () => {
  it('reads samples, escaped label values, special values and metadata', () => {
    const text = [
      '# HELP req_total Requests, with a \\\\ backslash.',
      '# TYPE req_total counter',
      'req_total{path="/a\\"b\\\\c\\nd",code="200"} 3',
      'req_total{code="500"} 1.5e-3',
      '# TYPE h histogram',
      'h_bucket{le="+Inf"} +Inf',
      'g NaN',
      'g2{} -Inf 1700000000000',
      '',
    ].join('\n');
    const { samples, metadata } = parseExposition(text);
    expect(samples).toEqual([
      { labels: { __name__: 'req_total', path: '/a"b\\c\nd', code: '200' }, value: 3 },
      { labels: { __name__: 'req_total', code: '500' }, value: 0.0015 },
      { labels: { __name__: 'h_bucket', le: '+Inf' }, value: Infinity },
      { labels: { __name__: 'g' }, value: NaN },
      { labels: { __name__: 'g2' }, value: -Infinity },
    ]);
    expect(metadata.get('req_total')).toEqual({ type: 'counter', help: 'Requests, with a \\ backslash.' });
    expect(metadata.get('h')).toEqual({ type: 'histogram', help: '' });
  });

  it('names the line it cannot read', () => {
    expect(() => parseExposition('x{a="1" 2')).toThrow(/cannot parse line|bad label set/);
    expect(() => parseExposition('x abc')).toThrow(/bad sample value "abc"/);
  });

  it('reads back exactly what prom-client exposes', async () => {
    const registry = new Registry();
    const c = new Counter({ name: 'c_total', help: 'c', labelNames: ['x'], registers: [registry] });
    c.inc({ x: 'quote " and \\ and\nnewline' }, 0.1 + 0.2);
    c.inc({ x: 'big' }, 1e22);
    const { samples } = parseExposition(await registry.metrics());
    const json = (await registry.getMetricsAsJSON())[0].values;
    expect(samples.map((s) => [s.labels.x, s.value])).toEqual(json.map((v) => [v.labels.x, v.value]));
  });
});
