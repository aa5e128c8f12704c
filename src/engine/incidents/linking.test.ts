import { resolveCorrelationConfig } from './config';
import { formatGap, linkBetween, LinkSubject, ownIndexKeys, probeIndexKeys } from './linking';
import { ServiceGraph } from './serviceGraph';

const MIN = 60_000;
const services = [
  { name: 'web', dependsOn: ['api'] },
  { name: 'api', dependsOn: ['db'] },
  { name: 'db', dependsOn: ['disk'] },
  { name: 'disk', dependsOn: [] },
];
const config = resolveCorrelationConfig({
  services,
  causalRules: [{ cause: 'KafkaBrokerDown', effect: 'PipelineErrorRateHigh' }],
});
const graph = new ServiceGraph(services, config.topologyMaxHops);

function subject(
  name: string,
  service: string | undefined,
  minute: number,
  labels: Record<string, string> = {}
): LinkSubject {
  return { name, service, startsAt: minute * MIN, labels: { alertname: name, ...labels } };
}

describe('linkBetween', () => {
  it.each([
    {
      a: subject('A', 'api', 0),
      b: subject('B', 'api', 2),
      expected: { score: 1, reason: 'same service api and 2 min apart' },
    },
    { a: subject('A', 'api', 0), b: subject('B', 'api', 6), expected: undefined },
    {
      a: subject('A', 'web', 0),
      b: subject('B', 'api', 1),
      expected: { score: 0.8, reason: 'web depends on api and 1 min apart' },
    },
    {
      a: subject('A', 'api', 1),
      b: subject('B', 'web', 0),
      expected: { score: 0.8, reason: 'web depends on api and 1 min apart' },
    },
    {
      a: subject('A', 'web', 0),
      b: subject('B', 'db', 0.5),
      expected: { score: 0.7, reason: 'web depends on db (2 hops) and 30 s apart' },
    },
    {
      a: subject('A', 'web', 0),
      b: subject('B', 'disk', 0),
      expected: { score: 0.6, reason: 'web depends on disk (3 hops) and 0 s apart' },
    },
    { a: subject('A', 'x', 0), b: subject('B', 'y', 0), expected: undefined },
    {
      a: subject('KafkaBrokerDown', 'kafka', 0),
      b: subject('PipelineErrorRateHigh', 'etl', 3),
      expected: { score: 0.9, reason: 'causal rule: KafkaBrokerDown can cause PipelineErrorRateHigh and 3 min apart' },
    },
    {
      a: subject('PipelineErrorRateHigh', 'etl', 3),
      b: subject('KafkaBrokerDown', undefined, 0),
      expected: { score: 0.9, reason: 'causal rule: KafkaBrokerDown can cause PipelineErrorRateHigh and 3 min apart' },
    },
    {
      a: subject('Lag', 'a', 0, { cluster: 'eu', namespace: 'shop' }),
      b: subject('Lag', 'b', 1, { cluster: 'eu', namespace: 'shop' }),
      expected: { score: 0.8, reason: 'same alertname Lag, cluster eu, namespace shop and 1 min apart' },
    },
    {
      a: subject('Lag', 'a', 0, { cluster: 'eu', namespace: 'shop' }),
      b: subject('Lag', 'b', 1, { cluster: 'us', namespace: 'shop' }),
      expected: undefined,
    },
  ])('$a.name@$a.service ↔ $b.name@$b.service', ({ a, b, expected }) => {
    expect(linkBetween(a, b, config, graph)).toEqual(expected);
  });

  it('respects the threshold: 3-hop topology links at 0.6 but not at 0.65', () => {
    const strict = resolveCorrelationConfig({ services, linkThreshold: 0.65 });
    expect(linkBetween(subject('A', 'web', 0), subject('B', 'disk', 0), strict, graph)).toBeUndefined();
  });

  it('indexes alerts so that every possible partner is probed', () => {
    const kafka = subject('KafkaBrokerDown', 'kafka', 0);
    const etl = subject('PipelineErrorRateHigh', 'etl', 0);
    expect(ownIndexKeys(kafka, config)).toEqual(['s:kafka', 'n:KafkaBrokerDown']);
    expect(probeIndexKeys(etl, config, graph)).toContain('n:KafkaBrokerDown');
    expect(probeIndexKeys(subject('A', 'web', 0), config, graph)).toEqual(['s:web', 's:api', 's:db', 's:disk']);
  });

  it.each([
    { ms: 0, text: '0 s' },
    { ms: 59_400, text: '59 s' },
    { ms: -120_000, text: '2 min' },
  ])('formatGap($ms) = $text', ({ ms, text }) => {
    expect(formatGap(ms)).toBe(text);
  });

  it('rejects a causal rule without names', () => {
    expect(() => resolveCorrelationConfig({ causalRules: [{ cause: 'A', effect: '' }] })).toThrow(
      'causalRules[0].effect must be a non-empty alert name'
    );
  });
});
