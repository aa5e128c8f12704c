import { parseDurationMs } from './durations';

describe('parseDurationMs', () => {
  it.each([
    ['90s', 90_000],
    ['10m', 600_000],
    ['+5m', 300_000],
    ['1.5h', 5_400_000],
    ['2d', 172_800_000],
    ['250ms', 250],
    ['7', 420_000],
    [3, 180_000],
    [0, 0],
  ])('%p -> %p ms', (input, expected) => {
    expect(parseDurationMs(input, 'at')).toBe(expected);
  });

  it.each([['ten minutes'], ['-5m'], [-1], [null], ['5w']])('rejects %p naming the field', (input) => {
    expect(() => parseDurationMs(input, 'faults[2].for')).toThrow(/faults\[2\]\.for/);
  });
});
