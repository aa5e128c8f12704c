import { stableHash } from './hash';

describe('stableHash', () => {
  it('is 16 hex characters and stable across calls', () => {
    expect(stableHash('checkout')).toMatch(/^[0-9a-f]{16}$/);
    expect(stableHash('checkout')).toBe(stableHash('checkout'));
  });

  it('has golden values so browser and backend ids never drift apart', () => {
    expect(stableHash('')).toBe('1aee8d83488bdcb8');
    expect(stableHash('checkout')).toBe('2766dc93947245f1');
    expect(stableHash('a')).not.toBe(stableHash('b'));
    expect(stableHash('ab')).not.toBe(stableHash('ba'));
  });

  it('has no collisions among 200,000 similar keys', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 200_000; i++) {
      seen.add(stableHash(`{"alertname"="HighLatency","instance"="pod-${i}"}`));
    }
    expect(seen.size).toBe(200_000);
  });
});
