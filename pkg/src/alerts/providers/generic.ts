import { z } from 'zod';
import type { Alert } from '../../../../src/engine/incidents/types';
import { SEVERITIES, severityFromLabel } from '../../../../src/engine/severity';
import { ALERT_LIMITS, labelsSchema, normaliseAlert, rfc3339 } from './common';

/** ms epoch number or RFC 3339 string. */
const timestamp = z.union([
  z.number().int('must be whole milliseconds').nonnegative().max(8.64e15),
  rfc3339.refine((ms) => ms !== undefined, 'must be a real time'),
]);

/**
 * Foresight's documented generic alert JSON (`POST /api/alerts`):
 * `{"alerts":[{"name":"HighLatency","startsAt":"2026-11-22T21:00:00Z","status":"firing","severity":"high",
 *   "service":"checkout","labels":{"instance":"pod-1"},"annotations":{"summary":"p95 > 1 s"}}]}`.
 * `severity` takes the canonical scale or any label in the mapping table (P1, warning, …).
 */
export const genericPayloadSchema = z
  .object({
    alerts: z
      .array(
        z
          .object({
            name: z.string().trim().min(1, 'must be a non-empty alert name').max(ALERT_LIMITS.name),
            status: z.enum(['firing', 'resolved']).default('firing'),
            severity: z
              .string()
              .max(32)
              .refine((value) => severityFromLabel(value) !== undefined, {
                message: `must be one of ${SEVERITIES.join(', ')} or a mapped label such as P1 or warning`,
              })
              .optional(),
            service: z.string().trim().min(1).max(ALERT_LIMITS.name).optional(),
            labels: labelsSchema.default({}),
            annotations: labelsSchema.default({}),
            startsAt: timestamp,
            endsAt: timestamp.optional(),
            generatorUrl: z.string().max(ALERT_LIMITS.text).optional(),
            runbookUrl: z.string().max(ALERT_LIMITS.text).optional(),
          })
          .strict()
      )
      .min(1, 'must contain at least one alert')
      .max(ALERT_LIMITS.alerts, `at most ${ALERT_LIMITS.alerts} alerts per request`),
  })
  .strict();

export type GenericPayload = z.infer<typeof genericPayloadSchema>;

/** One adapter per webhook format: generic JSON → `Alert[]`. Name and service become labels so they fingerprint. */
export function genericAlerts(payload: GenericPayload, receivedAt: number): Alert[] {
  return payload.alerts.map((alert) => {
    const labels: Record<string, string> = { ...alert.labels, alertname: alert.name };
    if (alert.service) {
      labels.service = alert.service;
    }
    if (alert.severity) {
      labels.severity = alert.severity;
    }
    const annotations = { ...alert.annotations };
    if (alert.runbookUrl) {
      annotations.runbook_url = alert.runbookUrl;
    }
    return normaliseAlert(
      'generic',
      {
        status: alert.status,
        labels,
        annotations,
        startsAt: alert.startsAt as number,
        endsAt: alert.endsAt as number | undefined,
        generatorUrl: alert.generatorUrl,
      },
      receivedAt
    );
  });
}
