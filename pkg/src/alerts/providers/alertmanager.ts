import { z } from 'zod';
import type { Alert } from '../../../../src/engine/incidents/types';
import { ALERT_LIMITS, hasAlertname, httpUrlOrEmpty, labelsSchema, normaliseAlert, rfc3339 } from './common';

/**
 * Alertmanager webhook payload, version 4 (prometheus.io/docs/alerting/latest/configuration/#webhook_config).
 * Only the fields we use are validated strictly; group-level fields are accepted as sent.
 */
export const alertmanagerPayloadSchema = z
  .object({
    version: z.literal('4', { errorMap: () => ({ message: 'must be "4" (Alertmanager webhook version 4)' }) }),
    groupKey: z.string().max(ALERT_LIMITS.text).optional(),
    truncatedAlerts: z.number().int().nonnegative().optional(),
    status: z.enum(['firing', 'resolved']),
    receiver: z.string().max(ALERT_LIMITS.text).optional(),
    groupLabels: labelsSchema.optional(),
    commonLabels: labelsSchema.optional(),
    commonAnnotations: labelsSchema.optional(),
    externalURL: z.string().max(ALERT_LIMITS.text).optional(),
    alerts: z
      .array(
        z.object({
          status: z.enum(['firing', 'resolved']),
          labels: labelsSchema.refine(hasAlertname, {
            message: 'must contain a non-empty alertname label',
          }),
          annotations: labelsSchema.default({}),
          startsAt: rfc3339.refine((ms) => ms !== undefined, 'must be set'),
          endsAt: rfc3339.optional(),
          generatorURL: httpUrlOrEmpty,
          fingerprint: z.string().max(ALERT_LIMITS.name).optional(),
        })
      )
      .min(1, 'must contain at least one alert')
      .max(ALERT_LIMITS.alerts, `at most ${ALERT_LIMITS.alerts} alerts per request`),
  })
  .passthrough();

export type AlertmanagerPayload = z.infer<typeof alertmanagerPayloadSchema>;

/** One adapter per webhook format: Alertmanager v4 → `Alert[]`. */
export function alertmanagerAlerts(payload: AlertmanagerPayload, receivedAt: number): Alert[] {
  return payload.alerts.map((alert) =>
    normaliseAlert(
      'alertmanager',
      {
        status: alert.status,
        labels: alert.labels,
        annotations: alert.annotations,
        startsAt: alert.startsAt!,
        endsAt: alert.endsAt,
        generatorUrl: alert.generatorURL,
      },
      receivedAt
    )
  );
}
