import { Registry } from 'prom-client';
import { WeightedHistogram } from './weightedHistogram';

describe('WeightedHistogram', () => {
  it('exposes cumulative buckets, sum and count in the text format', async () => {
    const registry = new Registry();
    const h = new WeightedHistogram(
      'req_seconds',
      'Request latency',
      ['service'],
      [0.1, 1, Number.POSITIVE_INFINITY],
      registry
    );
    h.add({ service: 'api' }, [3, 2, 1], 4.5);
    h.add({ service: 'api' }, [1, 0, 0], 0.05);
    const text = await registry.metrics();
    expect(text).toContain('# TYPE req_seconds histogram');
    expect(text).toContain('req_seconds_bucket{service="api",le="0.1"} 4');
    expect(text).toContain('req_seconds_bucket{service="api",le="1"} 6');
    expect(text).toContain('req_seconds_bucket{service="api",le="+Inf"} 7');
    expect(text).toContain('req_seconds_sum{service="api"} 4.55');
    expect(text).toContain('req_seconds_count{service="api"} 7');
  });

  it('rejects wrong bucket arrays, missing labels and bounds without +Inf', () => {
    const registry = new Registry();
    const h = new WeightedHistogram('x_seconds', 'x', ['service'], [1, Number.POSITIVE_INFINITY], registry);
    expect(() => h.add({ service: 'a' }, [1], 0)).toThrow(/expected 2 bucket counts, got 1/);
    expect(() => h.add({}, [1, 0], 0)).toThrow(/missing label "service"/);
    expect(() => new WeightedHistogram('y', 'y', [], [1, 2], new Registry())).toThrow(/\+Inf/);
  });
});
