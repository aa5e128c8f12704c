import { join } from 'node:path';
import { loadScheduleFile, parseSchedule } from './schedule';
import { DEFAULT_SHOP } from './topology';

const SERVICES = DEFAULT_SHOP.services.map((s) => s.name);

describe('fault schedule', () => {
  it('parses the shipped default schedule', () => {
    const faults = loadScheduleFile(join(__dirname, '..', 'schedules', 'default.yaml'), SERVICES);
    expect(faults.length).toBeGreaterThanOrEqual(6);
    expect(new Set(faults.map((f) => f.kind))).toEqual(
      new Set(['latency', 'error_burst', 'bad_deploy', 'memory_leak', 'cpu_hog', 'outage'])
    );
    expect(faults[0]).toMatchObject({
      kind: 'latency',
      service: 'payment-gateway',
      startOffsetMs: 3_600_000,
      durationMs: 900_000,
    });
  });

  it('accepts an empty schedule', () => {
    expect(parseSchedule('', SERVICES)).toEqual([]);
    expect(parseSchedule('faults:', SERVICES)).toEqual([]);
  });

  it.each([
    ['faults: 3', /faults: expected a list/],
    ['- a', /expected a mapping with a "faults" list/],
    [
      'faults:\n  - { at: 1m, for: 2m, fault: latency, service: api }\n  - { at: 1m, for: 2m, fault: latency, service: nope }',
      /^s\.yaml: faults\[1\]\.service:/,
    ],
    ['faults: [ {', /not valid YAML/],
  ])('rejects %p with a message naming the place', (text, message) => {
    expect(() => parseSchedule(text, SERVICES, 's.yaml')).toThrow(message);
  });

  it('names a missing file', () => {
    expect(() => loadScheduleFile('/nonexistent/x.yaml', SERVICES)).toThrow(/schedule file \/nonexistent\/x\.yaml/);
  });
});
