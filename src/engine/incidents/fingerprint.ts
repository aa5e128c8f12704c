import { Labels } from '../series';
import { stableHash } from './hash';

/**
 * Labels that change between notifications of the same alert and must never split it into two alerts
 * (Keep #4766/#4767: "values that change like `value` should not create new alerts").
 */
export const DEFAULT_VOLATILE_LABELS: readonly string[] = ['value', 'values', 'current_value', '__value_string__'];

export interface FingerprintOptions {
  /**
   * Label names that form the identity of an alert. Empty or absent: every label except the volatile ones
   * (Alertmanager's own definition of alert identity).
   */
  fields?: readonly string[];
  /** Labels always ignored, even when listed in `fields`. */
  volatile?: readonly string[];
}

/** The label pairs that identify an alert, sorted by name, volatile ones removed. */
export function fingerprintLabels(labels: Labels, options: FingerprintOptions = {}): Array<[string, string]> {
  const volatile = new Set(options.volatile ?? DEFAULT_VOLATILE_LABELS);
  const names = options.fields && options.fields.length > 0 ? [...options.fields] : Object.keys(labels);
  return names
    .filter((name) => !volatile.has(name) && labels[name] !== undefined)
    .sort()
    .map((name): [string, string] => [name, labels[name]]);
}

/**
 * Deduplication key of an alert: a stable hash of its identifying labels (the alert name is `alertname` in the
 * labels for every supported source). Same labels in any order → same fingerprint.
 */
export function alertFingerprint(labels: Labels, options: FingerprintOptions = {}): string {
  const canonical = fingerprintLabels(labels, options)
    .map(([name, value]) => `${JSON.stringify(name)}=${JSON.stringify(value)}`)
    .join(',');
  return stableHash(`{${canonical}}`);
}
