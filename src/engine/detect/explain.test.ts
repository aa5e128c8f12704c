import { anomalyIntervals, severityFromSigma } from './explain';

describe('explanations', () => {
  it('merges flagged runs separated by at most one point', () => {
    expect(anomalyIntervals(Uint8Array.from([0, 1, 1, 0, 1, 0, 0, 1, 0]))).toEqual([
      [1, 4],
      [7, 7],
    ]);
    expect(anomalyIntervals(new Uint8Array(3))).toEqual([]);
  });

  it('maps |σ| to the canonical severity scale', () => {
    expect([1, 2.6, -4, 6, -9].map(severityFromSigma)).toEqual(['info', 'low', 'medium', 'high', 'critical']);
    expect(severityFromSigma(NaN)).toBe('info');
  });
});
