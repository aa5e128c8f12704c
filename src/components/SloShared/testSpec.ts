import type { SloSpec } from '../../engine/slo/types';

/** A plain SLO spec for UI tests (kept apart from the engine's YAML-using helpers, which jsdom cannot load). */
export function testSloSpec(overrides: Partial<SloSpec> = {}): SloSpec {
  return {
    id: 'synthetic-availability',
    name: 'Synthetic availability',
    service: 'synthetic',
    objective: 0.999,
    window: '30d',
    sli: { kind: 'ratio', badQuery: 'sum(rate(x{code=~"5.."}[{{.window}}]))', totalQuery: 'sum(rate(x[{{.window}}]))' },
    labels: {},
    alerting: { page: true, ticket: true, minTrafficPerSecond: 1 },
    ...overrides,
  };
}
