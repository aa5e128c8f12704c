import { ServiceGraph } from './serviceGraph';

// web → api → {checkout, search}; checkout → {payments, db}; search → db. Edges point caller → callee.
const catalogue = [
  { name: 'web', dependsOn: ['api'] },
  { name: 'api', dependsOn: ['checkout', 'search'] },
  { name: 'checkout', dependsOn: ['payments', 'db'] },
  { name: 'search', dependsOn: ['db'] },
  { name: 'payments', dependsOn: [] },
  { name: 'db', dependsOn: [] },
];

describe('ServiceGraph', () => {
  const graph = new ServiceGraph(catalogue, 2);

  it.each([
    { from: 'web', to: 'api', expected: { direction: 'calls', hops: 1 } },
    { from: 'api', to: 'web', expected: { direction: 'calledBy', hops: 1 } },
    { from: 'api', to: 'db', expected: { direction: 'calls', hops: 2 } },
    { from: 'db', to: 'api', expected: { direction: 'calledBy', hops: 2 } },
    { from: 'web', to: 'db', expected: undefined },
    { from: 'payments', to: 'search', expected: undefined },
    { from: 'db', to: 'db', expected: undefined },
  ])('relation($from, $to) within 2 hops', ({ from, to, expected }) => {
    expect(graph.relation(from, to)).toEqual(expected);
  });

  it('reaches callees at any depth but never callers', () => {
    expect(graph.reaches('web', 'db')).toBe(true);
    expect(graph.reaches('db', 'web')).toBe(false);
  });

  it.each([
    { alerting: ['web', 'api', 'checkout', 'payments'], expected: ['payments'] },
    { alerting: ['web', 'search', 'checkout', 'db'], expected: ['db'] },
    { alerting: ['payments', 'db'], expected: ['db', 'payments'] },
    { alerting: ['web', 'unknown-svc'], expected: ['unknown-svc', 'web'] },
  ])('root-cause candidates of $alerting are $expected', ({ alerting, expected }) => {
    expect(graph.rootCauseCandidates(alerting)).toEqual(expected);
  });

  it('ignores self-loops and tolerates cycles', () => {
    const cyclic = new ServiceGraph(
      [
        { name: 'a', dependsOn: ['a', 'b'] },
        { name: 'b', dependsOn: ['a'] },
      ],
      5
    );
    expect(cyclic.relation('a', 'b')).toEqual({ direction: 'calls', hops: 1 });
    expect(cyclic.rootCauseCandidates(['a', 'b'])).toEqual(['a', 'b']);
  });
});
