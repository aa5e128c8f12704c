import { FieldError } from './fieldError';
import { parseFaultSpec } from './faults';

const SERVICES = ['api', 'payment'];

describe('parseFaultSpec', () => {
  it('accepts a full request and applies defaults', () => {
    expect(
      parseFaultSpec({ fault: 'latency', service: 'payment', at: '+2m', for: '10m', magnitude: 800 }, SERVICES)
    ).toEqual({
      kind: 'latency',
      service: 'payment',
      magnitude: 800,
      startOffsetMs: 120_000,
      durationMs: 600_000,
      version: undefined,
    });
    const deploy = parseFaultSpec({ fault: 'bad_deploy', service: 'api', for: 15, version: '1.15.0' }, SERVICES);
    expect(deploy.magnitude).toBe(0.2);
    expect(deploy.startOffsetMs).toBe(0);
    expect(deploy.version).toBe('1.15.0');
  });

  it.each([
    [{ fault: 'meteor', service: 'api', for: '1m' }, /^fault: expected one of latency/],
    [{ fault: 'latency', service: 'db2', for: '1m' }, /^service: expected one of api, payment, got "db2"/],
    [
      { fault: 'error_burst', service: 'api', for: '1m', magnitude: 1.5 },
      /^magnitude: for error_burst expected a number in \(0, 1\]/,
    ],
    [{ fault: 'latency', service: 'api', for: '1m', magnitude: '300' }, /^magnitude: .*got "300"/],
    [{ fault: 'latency', service: 'api' }, /^for: required/],
    [{ fault: 'latency', service: 'api', for: '0m' }, /^for: must be longer than zero/],
    [{ fault: 'latency', service: 'api', for: '1m', at: 'soon' }, /^at: expected a duration/],
    [{ fault: 'latency', service: 'api', for: '1m', version: '2' }, /^version: only bad_deploy/],
    [{ fault: 'latency', service: 'api', for: '1m', severity: 'high' }, /^severity: unknown field/],
    [[1, 2], /^body: expected an object/],
  ])('rejects %p naming the field', (input, message) => {
    expect(() => parseFaultSpec(input, SERVICES)).toThrow(message);
  });

  it('prefixes fields with the location in a schedule', () => {
    expect(() => parseFaultSpec({ fault: 'latency', service: 'x', for: '1m' }, SERVICES, 'faults[3]')).toThrow(
      /^faults\[3\]\.service:/
    );
  });
});

describe('FieldError', () => {
  it('carries the field name for the HTTP 400 body', () => {
    try {
      parseFaultSpec({ fault: 'latency', service: 'api', for: '1m', magnitude: -1 }, SERVICES);
      throw new Error('expected a FieldError');
    } catch (err) {
      expect(err).toBeInstanceOf(FieldError);
      expect((err as FieldError).field).toBe('magnitude');
    }
  });
});
