import { z } from 'zod';
import { alertFingerprint } from '../../../../src/engine/incidents/fingerprint';
import type { Alert, AlertSource, AlertStatus } from '../../../../src/engine/incidents/types';
import { severityFromLabel, type Severity } from '../../../../src/engine/severity';

/** Limits that keep one webhook from filling the disk; Alertmanager batches are far smaller. */
export const ALERT_LIMITS = { alerts: 5_000, labels: 100, text: 4_096, name: 200 } as const;

/** Severity when an alert carries no recognisable severity label (Alertmanager's usual `warning`). */
export const DEFAULT_SEVERITY: Severity = 'medium';

/**
 * A label map: string → string, bounded. One pass over the entries instead of a zod schema per key and value:
 * label maps are the bulk of every webhook, and this check runs for every alert (same errors, same field paths).
 */
export const labelsSchema = z.custom<Record<string, string>>().superRefine((input, ctx) => {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    ctx.addIssue({
      code: z.ZodIssueCode.invalid_type,
      expected: 'object',
      received: input === null ? 'null' : Array.isArray(input) ? 'array' : (typeof input as z.ZodParsedType),
      // Fatal: later refinements (e.g. "must contain alertname") must not run on a non-object.
      fatal: true,
    });
    return;
  }
  const names = Object.keys(input);
  if (names.length > ALERT_LIMITS.labels) {
    ctx.addIssue({ code: z.ZodIssueCode.custom, message: `at most ${ALERT_LIMITS.labels} labels`, fatal: true });
    return;
  }
  for (const name of names) {
    const value = (input as Record<string, unknown>)[name];
    if (name.length === 0) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'label names must be non-empty', path: [name] });
    } else if (name.length > ALERT_LIMITS.name) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        message: `label names must be at most ${ALERT_LIMITS.name} characters`,
        path: [name],
      });
    } else if (typeof value !== 'string') {
      ctx.addIssue({
        code: z.ZodIssueCode.invalid_type,
        expected: 'string',
        received: value === null ? 'null' : Array.isArray(value) ? 'array' : (typeof value as z.ZodParsedType),
        path: [name],
      });
    } else if (value.length > ALERT_LIMITS.text) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        message: `must be at most ${ALERT_LIMITS.text} characters`,
        path: [name],
      });
    }
  }
});

/** Zero-value timestamps Alertmanager and Grafana send for "not set". */
const UNSET_TIMES = new Set(['0001-01-01T00:00:00Z', '0001-01-01T00:00:00.000Z']);

/** An RFC 3339 timestamp → ms epoch; the zero time → undefined. */
/** True when a (validated) label map names the alert: every Alertmanager and Grafana alert must. */
export function hasAlertname(labels: Record<string, string> | null | undefined): boolean {
  return (
    typeof labels === 'object' && labels !== null && typeof labels.alertname === 'string' && labels.alertname !== ''
  );
}

export const rfc3339 = z
  .string()
  .max(64)
  .transform((value, ctx) => {
    if (UNSET_TIMES.has(value)) {
      return undefined;
    }
    const ms = /^\d{4}-\d{2}-\d{2}T/.test(value) ? Date.parse(value) : NaN;
    if (!Number.isFinite(ms)) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        message: `must be an RFC 3339 timestamp, got ${JSON.stringify(value)}`,
      });
      return z.NEVER;
    }
    return ms;
  });

export const httpUrlOrEmpty = z.string().max(ALERT_LIMITS.text).optional();

/** The fields every provider extracts before normalising. */
export interface ProviderAlert {
  status: AlertStatus;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: number;
  endsAt?: number;
  generatorUrl?: string;
  /** Extra links a provider knows (Grafana dashboard/panel/silence). */
  links?: Record<string, string>;
}

/** The service an alert is about: the `service` label, else the usual alternatives. */
export function serviceOf(labels: Record<string, string>): string | undefined {
  return labels.service ?? labels.app ?? labels['app.kubernetes.io/name'] ?? labels.job ?? undefined;
}

/**
 * Turns a provider's alert into the engine's `Alert`: our own fingerprint (volatile labels ignored, the same for
 * every source), canonical severity through the mapping table, event times from the payload, arrival time `receivedAt`.
 */
export function normaliseAlert(source: AlertSource, alert: ProviderAlert, receivedAt: number): Alert {
  const name = alert.labels.alertname;
  const severity =
    severityFromLabel(alert.labels.severity) ?? severityFromLabel(alert.labels.priority) ?? DEFAULT_SEVERITY;
  const resolved = alert.status === 'resolved';
  const annotations = { ...alert.annotations };
  const runbookUrl = annotations.runbook_url ?? annotations.runbook ?? undefined;
  return {
    fingerprint: alertFingerprint(alert.labels),
    source,
    status: alert.status,
    name,
    severity,
    labels: alert.labels,
    annotations,
    startsAt: alert.startsAt,
    // Firing alerts carry a future "expires at" endsAt in Alertmanager payloads: only a resolved endsAt is an end.
    endsAt: resolved ? (alert.endsAt ?? receivedAt) : undefined,
    receivedAt,
    service: serviceOf(alert.labels),
    generatorUrl: alert.generatorUrl || undefined,
    runbookUrl: runbookUrl || undefined,
  };
}
