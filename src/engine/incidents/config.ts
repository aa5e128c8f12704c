import { ServiceNode } from '../topology/types';
import { FingerprintOptions } from './fingerprint';

const MINUTE = 60_000;

export interface CausalRule {
  cause: string;
  effect: string;
}

/** Every knob of the correlator; the defaults follow requirements C2/C8 and anchors §3.2 (Alertmanager/Keep). */
export interface CorrelationConfig {
  /** Two alerts can only be linked when their startsAt are at most this far apart (ms). */
  windowMs: number;
  /** An incident never spans more than this from its first to its last member startsAt (ms). */
  maxSpanMs: number;
  /** Distinct alerts (fingerprints) needed before a group becomes an incident; below it stays a candidate. */
  minAlerts: number;
  /** After the last member alert resolved, wait this long (event time) before resolving the incident (ms). */
  quietPeriodMs: number;
  /**
   * How late (event time behind the correlator clock) an alert may arrive and still correlate exactly as if it had
   * arrived on time. Resolved groups leave memory only after this, so delivery order cannot change the result.
   */
  allowedLatenessMs: number;
  /** A firing alert not re-notified for this long is treated as resolved at its last notification (ms). */
  staleAfterMs: number;
  /** Label tuples that link alerts when all their values are equal (Alertmanager `group_by`). */
  groupBy: string[][];
  /** Link alerts whose services are connected in the catalogue within this many dependsOn hops (0 disables). */
  topologyMaxHops: number;
  /**
   * Known cause → effect pairs of alert names (requirements C4, e.g. KafkaBrokerDown → PipelineErrorRateHigh):
   * alerts with the two names link within the window whatever their services, in both directions.
   */
  causalRules: CausalRule[];
  /** Minimum link score (0–1) for two alerts in the window to be linked. */
  linkThreshold: number;
  fingerprint: FingerprintOptions;
  services: ServiceNode[];
}

export const DEFAULT_CORRELATION_CONFIG: Readonly<CorrelationConfig> = {
  windowMs: 5 * MINUTE,
  maxSpanMs: 6 * 60 * MINUTE,
  minAlerts: 1,
  quietPeriodMs: 15 * MINUTE,
  allowedLatenessMs: 15 * MINUTE,
  staleAfterMs: 24 * 60 * MINUTE,
  groupBy: [['alertname', 'cluster', 'namespace']],
  topologyMaxHops: 3,
  causalRules: [],
  linkThreshold: 0.6,
  fingerprint: {},
  services: [],
};

/** Merges overrides onto the defaults and rejects values that would make correlation meaningless. */
export function resolveCorrelationConfig(overrides: Partial<CorrelationConfig> = {}): CorrelationConfig {
  const config: CorrelationConfig = { ...DEFAULT_CORRELATION_CONFIG, ...overrides };
  const positive: Array<keyof CorrelationConfig> = ['windowMs', 'maxSpanMs', 'staleAfterMs'];
  for (const field of positive) {
    const value = config[field];
    if (typeof value !== 'number' || !(value > 0) || !Number.isFinite(value)) {
      throw new Error(`correlation config: ${field} must be a positive number of milliseconds, got ${String(value)}`);
    }
  }
  for (const field of ['quietPeriodMs', 'allowedLatenessMs', 'topologyMaxHops'] as const) {
    const value = config[field];
    if (!(value >= 0) || !Number.isFinite(value)) {
      throw new Error(`correlation config: ${field} must be ≥ 0, got ${String(value)}`);
    }
  }
  if (!Number.isInteger(config.minAlerts) || config.minAlerts < 1) {
    throw new Error(`correlation config: minAlerts must be an integer ≥ 1, got ${String(config.minAlerts)}`);
  }
  if (!(config.linkThreshold > 0 && config.linkThreshold <= 1)) {
    throw new Error(`correlation config: linkThreshold must be in (0, 1], got ${String(config.linkThreshold)}`);
  }
  if (config.maxSpanMs < config.windowMs) {
    throw new Error(
      `correlation config: maxSpanMs (${config.maxSpanMs}) must be at least windowMs (${config.windowMs})`
    );
  }
  config.causalRules.forEach((rule, index) => {
    for (const side of ['cause', 'effect'] as const) {
      if (typeof rule?.[side] !== 'string' || rule[side] === '') {
        throw new Error(`correlation config: causalRules[${index}].${side} must be a non-empty alert name`);
      }
    }
  });
  config.groupBy.forEach((tuple, index) => {
    if (!Array.isArray(tuple) || tuple.length === 0 || tuple.some((name) => typeof name !== 'string' || !name)) {
      throw new Error(`correlation config: groupBy[${index}] must be a non-empty list of label names`);
    }
  });
  return config;
}
