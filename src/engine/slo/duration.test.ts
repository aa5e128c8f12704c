import { formatDuration, humanizeSeconds, parseDuration } from './duration';

describe('Prometheus durations', () => {
  it.each([
    ['5m', 300],
    ['30m', 1800],
    ['1h', 3600],
    ['1h30m', 5400],
    ['1d', 86400],
    ['3d', 259200],
    ['28d', 2419200],
    ['2w', 1209600],
    ['500ms', 0.5],
  ])('parses %s as %d seconds', (text, seconds) => {
    expect(parseDuration(text)).toBe(seconds);
  });

  it.each(['', '0', '0d', '5', 'm5', '1m1h', '1.5h', '-1h', '30 days'])('rejects %j', (text) => {
    expect(parseDuration(text)).toBeNull();
  });

  it.each([
    [300, '5m'],
    [5400, '1h30m'],
    [2592000, '30d'],
    [90, '1m30s'],
    [2419200, '28d'],
  ])('formats %d seconds as %s', (seconds, text) => {
    expect(formatDuration(seconds)).toBe(text);
    expect(parseDuration(text)).toBe(seconds);
  });

  it('refuses to format a non-positive duration', () => {
    expect(() => formatDuration(0)).toThrow('positive');
  });

  it.each([
    [180000, '2d 2h'],
    [2592, '43m'],
    [3600, '1h'],
    [12, '12s'],
    [Infinity, '∞'],
  ])('humanizes %d seconds as %s', (seconds, text) => {
    expect(humanizeSeconds(seconds)).toBe(text);
  });
});
