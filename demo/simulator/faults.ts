// Fault kinds, their magnitudes and the validation of a fault request (schedule entry or POST /faults body).
import { parseDurationMs } from './durations';
import { FieldError } from './fieldError';

export const FAULT_KINDS = ['latency', 'error_burst', 'memory_leak', 'cpu_hog', 'bad_deploy', 'outage'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

interface MagnitudeRule {
  unit: string;
  min: number;
  max: number;
  fallback: number;
}

/** What `magnitude` means for each kind; min is exclusive, max inclusive. */
export const MAGNITUDE: Record<FaultKind, MagnitudeRule> = {
  latency: { unit: 'ms added to the service’s own processing time', min: 0, max: 60_000, fallback: 400 },
  error_burst: { unit: 'ratio of requests failing with 500', min: 0, max: 1, fallback: 0.3 },
  memory_leak: { unit: 'MiB leaked per simulated minute', min: 0, max: 10_000, fallback: 25 },
  cpu_hog: { unit: 'extra CPU ratio of the service’s allocation', min: 0, max: 1, fallback: 0.6 },
  bad_deploy: { unit: 'ratio of requests failing after the deploy', min: 0, max: 1, fallback: 0.2 },
  outage: { unit: 'ratio of calls refused (1 = fully down)', min: 0, max: 1, fallback: 1 },
};

/** A validated fault request; times are relative (the caller anchors them). */
export interface FaultSpec {
  kind: FaultKind;
  service: string;
  magnitude: number;
  /** Delay before the fault starts, in simulated ms. */
  startOffsetMs: number;
  /** Simulated duration in ms. */
  durationMs: number;
  /** Version rolled out by a bad deploy. */
  version?: string;
}

const ALLOWED_FIELDS = new Set(['fault', 'service', 'magnitude', 'at', 'for', 'version']);

/**
 * Validates one fault request. `where` prefixes field names in errors (e.g. "faults[2]"), so every message names the
 * field and the value that was wrong.
 */
export function parseFaultSpec(raw: unknown, knownServices: readonly string[], where = ''): FaultSpec {
  const field = (name: string): string => (where ? `${where}.${name}` : name);
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new FieldError(
      where || 'body',
      `expected an object with fields fault, service, for, got ${JSON.stringify(raw)}`
    );
  }
  const input = raw as Record<string, unknown>;
  for (const key of Object.keys(input)) {
    if (!ALLOWED_FIELDS.has(key)) {
      throw new FieldError(field(key), `unknown field (allowed: ${[...ALLOWED_FIELDS].join(', ')})`);
    }
  }
  const kind = input.fault;
  if (typeof kind !== 'string' || !(FAULT_KINDS as readonly string[]).includes(kind)) {
    throw new FieldError(field('fault'), `expected one of ${FAULT_KINDS.join(', ')}, got ${JSON.stringify(kind)}`);
  }
  const service = input.service;
  if (typeof service !== 'string' || !knownServices.includes(service)) {
    throw new FieldError(
      field('service'),
      `expected one of ${knownServices.join(', ')}, got ${JSON.stringify(service)}`
    );
  }
  const rule = MAGNITUDE[kind as FaultKind];
  let magnitude = rule.fallback;
  if (input.magnitude !== undefined) {
    const m = input.magnitude;
    if (typeof m !== 'number' || !Number.isFinite(m) || m <= rule.min || m > rule.max) {
      throw new FieldError(
        field('magnitude'),
        `for ${kind} expected a number in (${rule.min}, ${rule.max}] (${rule.unit}), got ${JSON.stringify(m)}`
      );
    }
    magnitude = m;
  }
  const startOffsetMs = input.at === undefined ? 0 : parseDurationMs(input.at, field('at'));
  if (input.for === undefined) {
    throw new FieldError(field('for'), `required, a simulated duration such as "10m"`);
  }
  const durationMs = parseDurationMs(input.for, field('for'));
  if (durationMs <= 0) {
    throw new FieldError(field('for'), `must be longer than zero, got ${JSON.stringify(input.for)}`);
  }
  let version: string | undefined;
  if (input.version !== undefined) {
    if (kind !== 'bad_deploy') {
      throw new FieldError(field('version'), `only bad_deploy takes a version, got fault ${kind}`);
    }
    if (typeof input.version !== 'string' || !/^[\w.+-]{1,40}$/.test(input.version)) {
      throw new FieldError(
        field('version'),
        `expected a version such as "1.15.0", got ${JSON.stringify(input.version)}`
      );
    }
    version = input.version;
  }
  return { kind: kind as FaultKind, service, magnitude, startOffsetMs, durationMs, version };
}
