import { alertFingerprint } from './fingerprint';
import { incidentId } from './incidentId';

describe('incidentId', () => {
  it('is INC-<UTC date>-<UTC hhmm>-<6 hex of the first occurrence key> (golden)', () => {
    expect(incidentId('abc@1', Date.UTC(2026, 10, 22, 21, 4))).toBe('INC-20261122-2104-1b1acf');
  });

  it('differs for different first alerts in the same minute', () => {
    const at = Date.UTC(2026, 0, 1);
    expect(incidentId('a@1', at)).not.toBe(incidentId('b@1', at));
  });

  it('fingerprints are golden too, so stored ids survive upgrades', () => {
    expect(alertFingerprint({ alertname: 'HighLatency', service: 'checkout' })).toBe('2fd098a0cc75c49f');
  });
});
