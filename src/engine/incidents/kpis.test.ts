import { incidentKpis, KpiIncident } from './kpis';

const MIN = 60_000;

describe('incidentKpis', () => {
  const incidents: KpiIncident[] = [
    { onsetAt: 0, detectedAt: 2 * MIN, acknowledgedAt: 7 * MIN, resolvedAt: 30 * MIN, feedback: 'actionable' },
    { onsetAt: 0, detectedAt: 4 * MIN, resolvedAt: 60 * MIN, feedback: 'noise' },
    { onsetAt: 10 * MIN, detectedAt: 9 * MIN, acknowledgedAt: 12 * MIN, feedback: 'wrong-grouping' },
    { onsetAt: 0, detectedAt: 6 * MIN },
  ];
  const byKey = Object.fromEntries(incidentKpis(incidents, 40).map((kpi) => [kpi.key, kpi]));

  it.each([
    // detection: 2, 4, −1 → 0 (clock skew), 6 minutes
    { key: 'mttd', value: 3 * MIN, median: 3 * MIN, count: 4 },
    // acknowledgement: 5 and 3 minutes
    { key: 'mtta', value: 4 * MIN, median: 4 * MIN, count: 2 },
    // resolution: 30 and 60 minutes from onset
    { key: 'mttr', value: 45 * MIN, median: 45 * MIN, count: 2 },
    // 4 incidents from 40 alerts
    { key: 'compression', value: 0.9, median: null, count: 40 },
    // 1 noise of 3 labelled
    { key: 'noiseRate', value: 1 / 3, median: null, count: 3 },
  ])('$key = $value', ({ key, value, median, count }) => {
    expect(byKey[key].value).toBeCloseTo(value, 12);
    expect(byKey[key].median).toEqual(median);
    expect(byKey[key].count).toBe(count);
    expect(byKey[key].definition.length).toBeGreaterThan(40);
  });

  it('returns null values, not zeros, when nothing qualifies', () => {
    const empty = incidentKpis([], 0);
    expect(empty.map((kpi) => kpi.value)).toEqual([null, null, null, null, null]);
    expect(empty.map((kpi) => kpi.unit)).toEqual(['ms', 'ms', 'ms', 'ratio', 'ratio']);
  });
});
