import { FieldError } from './fieldError';

// Human durations for the schedule file and the fault API: "90s", "10m", "1.5h", "2d" or a bare number of minutes.

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** Parses a duration into milliseconds; `field` names the input in the error message. */
export function parseDurationMs(value: unknown, field: string): number {
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value < 0) {
      throw new FieldError(field, `expected a non-negative number of minutes, got ${value}`);
    }
    return value * UNIT_MS.m;
  }
  if (typeof value !== 'string') {
    throw new FieldError(field, `expected a duration such as "10m", got ${JSON.stringify(value)}`);
  }
  const match = /^\s*\+?(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?\s*$/.exec(value);
  if (!match) {
    throw new FieldError(field, `expected a duration such as "90s", "10m" or "1h", got ${JSON.stringify(value)}`);
  }
  return Number(match[1]) * UNIT_MS[match[2] ?? 'm'];
}
