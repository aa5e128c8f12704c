import { alertFingerprint, fingerprintLabels } from './fingerprint';

describe('alertFingerprint', () => {
  const labels = { alertname: 'HighLatency', service: 'checkout', instance: 'pod-1', value: '0.93' };

  it('ignores label order', () => {
    const reordered = { value: '0.93', instance: 'pod-1', service: 'checkout', alertname: 'HighLatency' };
    expect(alertFingerprint(reordered)).toBe(alertFingerprint(labels));
  });

  it('ignores volatile labels such as value', () => {
    expect(alertFingerprint({ ...labels, value: '12.5' })).toBe(alertFingerprint(labels));
    expect(alertFingerprint({ alertname: 'HighLatency', service: 'checkout', instance: 'pod-1' })).toBe(
      alertFingerprint(labels)
    );
  });

  it('separates alerts that differ in an identifying label', () => {
    expect(alertFingerprint({ ...labels, instance: 'pod-2' })).not.toBe(alertFingerprint(labels));
  });

  it('uses only the configured fields when given', () => {
    const fields = ['alertname', 'service'];
    expect(alertFingerprint({ ...labels, instance: 'pod-9' }, { fields })).toBe(alertFingerprint(labels, { fields }));
    expect(alertFingerprint({ ...labels, service: 'cart' }, { fields })).not.toBe(alertFingerprint(labels, { fields }));
  });

  it.each([
    {
      options: {},
      expected: [
        ['alertname', 'HighLatency'],
        ['instance', 'pod-1'],
        ['service', 'checkout'],
      ],
    },
    { options: { fields: ['service', 'value', 'missing'] }, expected: [['service', 'checkout']] },
    {
      options: { volatile: ['instance'] },
      expected: [
        ['alertname', 'HighLatency'],
        ['service', 'checkout'],
        ['value', '0.93'],
      ],
    },
  ])('fingerprintLabels with $options', ({ options, expected }) => {
    expect(fingerprintLabels(labels, options)).toEqual(expected);
  });
});
