import type { ServiceNode } from '../../../src/engine/types';
import { findCatalogueProblem } from './dependencyCheck';

const svc = (name: string, ...dependsOn: string[]): ServiceNode => ({ name, dependsOn });

describe('findCatalogueProblem', () => {
  it.each<[string, ServiceNode[], ReturnType<typeof findCatalogueProblem>]>([
    ['empty catalogue', [], null],
    ['diamond DAG', [svc('web', 'api', 'auth'), svc('api', 'db'), svc('auth', 'db'), svc('db')], null],
    [
      'duplicate name',
      [svc('a'), svc('b'), svc('a')],
      { service: 'a', field: 'services[2].name', message: "service 'a' is listed twice (services[0] and services[2])" },
    ],
    [
      'unknown dependency',
      [svc('a', 'b'), svc('b', 'ghost')],
      { service: 'b', field: 'services[1].dependsOn[0]', message: "service 'b' depends on unknown service 'ghost'" },
    ],
    [
      'self dependency',
      [svc('a', 'a')],
      { service: 'a', field: 'services[0].dependsOn', message: 'dependency cycle: a → a' },
    ],
    [
      'three-service cycle behind a tail',
      [svc('entry', 'x'), svc('x', 'y'), svc('y', 'z'), svc('z', 'x')],
      { service: 'x', field: 'services[1].dependsOn', message: 'dependency cycle: x → y → z → x' },
    ],
  ])('%s', (_name, services, expected) => {
    expect(findCatalogueProblem(services)).toEqual(expected);
  });

  it('handles a 10,000-service chain without recursion', () => {
    const chain = Array.from({ length: 10_000 }, (_, i) => (i < 9_999 ? svc(`s${i}`, `s${i + 1}`) : svc(`s${i}`)));
    expect(findCatalogueProblem(chain)).toBeNull();
    chain[9_999] = svc('s9999', 's0');
    expect(findCatalogueProblem(chain)?.message).toMatch(/^dependency cycle: s0 → s1 → .* → s9999 → s0$/);
  });
});
