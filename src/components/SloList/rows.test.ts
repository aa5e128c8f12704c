import { sloStatus } from '../../engine/slo/status';
import { testSloSpec as syntheticSloSpec } from '../SloShared/testSpec';
import type { SloListItem } from '../SloShared/sloApi';
import { filterAndSort, sloRows } from './rows';

const now = Date.UTC(2026, 10, 22);

function item(id: string, periodRatio: number | null, labels: Record<string, string> = {}): SloListItem {
  const spec = syntheticSloSpec({ id, name: `SLO ${id}`, labels });
  const errorRatios = periodRatio === null ? {} : { '5m': periodRatio * 20, '1h': periodRatio * 2, '30d': periodRatio };
  return { spec, createdAt: '', updatedAt: '', statuses: [sloStatus(spec, { errorRatios }, now)] };
}

describe('SLO list rows', () => {
  const items = [
    item('healthy', 0.0001),
    item('no-traffic', null),
    item('burning', 0.0009, { team: 'payments' }),
    item('overspent', 0.002),
  ];

  it('sorts by budget remaining, least first, no data last', () => {
    expect(
      filterAndSort(sloRows(items), '').map((r) => [
        r.id,
        r.budgetRemaining === null ? null : Number(r.budgetRemaining.toFixed(3)),
      ])
    ).toEqual([
      ['overspent', -1],
      ['burning', 0.1],
      ['healthy', 0.9],
      ['no-traffic', null],
    ]);
  });

  it('searches name, service and label=value with every word', () => {
    expect(filterAndSort(sloRows(items), 'team=payments').map((r) => r.id)).toEqual(['burning']);
    expect(filterAndSort(sloRows(items), 'synthetic healthy').map((r) => r.id)).toEqual(['healthy']);
    expect(filterAndSort(sloRows(items), 'nothing-like-this')).toEqual([]);
  });

  it('carries burn per window and the worst alert', () => {
    const burning = sloRows(items).find((r) => r.id === 'overspent')!;
    expect(burning.burn['5m']).toBeCloseTo(40, 9);
    expect(burning.burn['1h']).toBeCloseTo(4, 9);
    expect(burning.burn['6h']).toBeNull();
    expect(burning.alertLabel).toBe('ok');
  });

  it('lists an SLO without figures when Prometheus was not reachable', () => {
    const rows = sloRows([{ ...items[0], statuses: null }]);
    expect(rows).toHaveLength(1);
    expect(rows[0].budgetRemaining).toBeNull();
  });
});
