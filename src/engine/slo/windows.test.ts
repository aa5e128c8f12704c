import { alertWindowsFor, recordedWindowsFor } from './windows';

const summary = (period: string) =>
  alertWindowsFor(period).map((w) => `${w.severity}/${w.speed} ${w.longWindow}&${w.shortWindow} ${w.burnFactor}`);

describe('multi-window multi-burn-rate alert windows', () => {
  it('30d gives the SRE workbook table: 14.4× 1h&5m, 6× 6h&30m, 3× 1d&2h, 1× 3d&6h', () => {
    expect(summary('30d')).toEqual([
      'page/quick 1h&5m 14.4',
      'page/slow 6h&30m 6',
      'ticket/quick 1d&2h 3',
      'ticket/slow 3d&6h 1',
    ]);
  });

  it('28d keeps the windows and budget fractions, so the factors shrink by 28/30 (as Sloth google-28d)', () => {
    expect(summary('28d')).toEqual([
      'page/quick 1h&5m 13.44',
      'page/slow 6h&30m 5.6',
      'ticket/quick 1d&2h 2.8',
      'ticket/slow 3d&6h 0.9333333333',
    ]);
  });

  it('7d uses Sloth 7d budget fractions (8%, 12.5%, 20%, 42%)', () => {
    expect(summary('7d')).toEqual([
      'page/quick 1h&5m 13.44',
      'page/slow 6h&30m 3.5',
      'ticket/quick 1d&2h 1.4',
      'ticket/slow 3d&6h 0.98',
    ]);
  });

  it('a custom period scales the 30d windows and keeps the 30d factors', () => {
    expect(summary('14d')).toEqual([
      'page/quick 28m&2m 14.4',
      'page/slow 2h48m&14m 6',
      'ticket/quick 11h12m&56m 3',
      'ticket/slow 1d9h36m&2h48m 1',
    ]);
    expect(summary('90d')).toEqual([
      'page/quick 3h&15m 14.4',
      'page/slow 18h&1h30m 6',
      'ticket/quick 3d&6h 3',
      'ticket/slow 9d&18h 1',
    ]);
  });

  it('every factor is the budget fraction spread over the long window', () => {
    for (const w of alertWindowsFor('30d')) {
      const hours = { '1h': 1, '6h': 6, '1d': 24, '3d': 72 }[w.longWindow]!;
      expect(w.burnFactor).toBeCloseTo((w.budgetFraction * 720) / hours, 9);
    }
  });

  it('rejects a period that is not a duration', () => {
    expect(() => alertWindowsFor('monthly')).toThrow('window: not a Prometheus duration, got "monthly"');
  });

  it('records the standard windows, the alert windows and the period', () => {
    expect(recordedWindowsFor('30d')).toEqual(['5m', '30m', '1h', '2h', '6h', '1d', '3d', '30d']);
    expect(recordedWindowsFor('14d')).toEqual([
      '2m',
      '5m',
      '14m',
      '28m',
      '30m',
      '56m',
      '1h',
      '2h',
      '2h48m',
      '6h',
      '11h12m',
      '1d',
      '1d9h36m',
      '3d',
      '14d',
    ]);
  });
});
