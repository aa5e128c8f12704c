import {
  burnScenarios,
  counterSeriesValues,
  expectedDetectionMinutes,
  promtoolTestFiles,
  syntheticSloSpec,
} from './ruleTests';
import { alertWindowsFor } from './windows';

describe('promtool test generation', () => {
  it('continues a counter across phases (promtool a+bxn notation)', () => {
    expect(
      counterSeriesValues([
        [0, 3],
        [10, 2],
      ])
    ).toBe('0+0x3 10+10x1');
    expect(
      counterSeriesValues([
        [5, 2],
        [1, 3],
      ])
    ).toBe('0+5x2 11+1x2');
  });

  it('predicts detection from the long window and the factor (SRE workbook: 100× pages in ~8.6m + ramp)', () => {
    const [pageQuick, , ticketQuick] = alertWindowsFor('30d');
    expect(expectedDetectionMinutes(pageQuick, 100)).toBeCloseTo(8.64 + 2.5, 9);
    expect(expectedDetectionMinutes(ticketQuick, 4)).toBeCloseTo(18 * 60 + 2.5, 9);
  });

  it('covers fast, slow, just-under and guard scenarios', () => {
    const names = burnScenarios(syntheticSloSpec()).map((s) => s.name);
    expect(names).toEqual([
      'fast burn 100× pages after ~11.1m (1h&5m > 14.4×)',
      'steady burn 5.88× (just under the page factors) never pages',
      'slow burn 4× opens tickets after ~18.0h and never pages',
      'steady burn 0.95× (just under the ticket factors) never alerts',
      'fast burn 100× at 0.5 req/s (under the 1/s guard) does not alert',
    ]);
    expect(promtoolTestFiles(syntheticSloSpec(), 'r.yaml').map((f) => f.evaluationMinutes)).toEqual([1, 5]);
  });
});
