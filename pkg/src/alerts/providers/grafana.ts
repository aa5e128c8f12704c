import { z } from 'zod';
import type { Alert } from '../../../../src/engine/incidents/types';
import { ALERT_LIMITS, hasAlertname, httpUrlOrEmpty, labelsSchema, normaliseAlert, rfc3339 } from './common';

/**
 * Grafana Alerting webhook contact point payload (grafana.com/docs/grafana/latest/alerting/configure-notifications/
 * manage-contact-points/integrations/webhook-notifier/): Alertmanager-like alerts plus Grafana's links and values.
 */
export const grafanaPayloadSchema = z
  .object({
    receiver: z.string().max(ALERT_LIMITS.text).optional(),
    status: z.enum(['firing', 'resolved']),
    orgId: z.number().int().optional(),
    groupKey: z.string().max(ALERT_LIMITS.text).optional(),
    groupLabels: labelsSchema.optional(),
    commonLabels: labelsSchema.optional(),
    commonAnnotations: labelsSchema.optional(),
    externalURL: z.string().max(ALERT_LIMITS.text).optional(),
    version: z.string().max(16).optional(),
    truncatedAlerts: z.number().int().nonnegative().optional(),
    title: z
      .string()
      .max(ALERT_LIMITS.text * 4)
      .optional(),
    state: z.string().max(64).optional(),
    message: z
      .string()
      .max(ALERT_LIMITS.text * 16)
      .optional(),
    alerts: z
      .array(
        z
          .object({
            status: z.enum(['firing', 'resolved']),
            labels: labelsSchema.refine(hasAlertname, {
              message: 'must contain a non-empty alertname label',
            }),
            annotations: labelsSchema.default({}),
            startsAt: rfc3339.refine((ms) => ms !== undefined, 'must be set'),
            endsAt: rfc3339.optional(),
            generatorURL: httpUrlOrEmpty,
            fingerprint: z.string().max(ALERT_LIMITS.name).optional(),
            silenceURL: httpUrlOrEmpty,
            dashboardURL: httpUrlOrEmpty,
            panelURL: httpUrlOrEmpty,
            // Evaluated values change on every evaluation: kept out of the labels, so never part of the identity.
            values: z
              .record(z.string(), z.union([z.number(), z.null()]))
              .nullable()
              .optional(),
            valueString: z
              .string()
              .max(ALERT_LIMITS.text * 4)
              .optional(),
          })
          .passthrough()
      )
      .min(1, 'must contain at least one alert')
      .max(ALERT_LIMITS.alerts, `at most ${ALERT_LIMITS.alerts} alerts per request`),
  })
  .passthrough();

export type GrafanaPayload = z.infer<typeof grafanaPayloadSchema>;

/** One adapter per webhook format: Grafana Alerting webhook → `Alert[]`. */
export function grafanaAlerts(payload: GrafanaPayload, receivedAt: number): Alert[] {
  return payload.alerts.map((alert) => {
    const annotations: Record<string, string> = { ...alert.annotations };
    if (alert.dashboardURL) {
      annotations.dashboard_url = alert.dashboardURL;
    }
    if (alert.panelURL) {
      annotations.panel_url = alert.panelURL;
    }
    if (alert.silenceURL) {
      annotations.silence_url = alert.silenceURL;
    }
    return normaliseAlert(
      'grafana',
      {
        status: alert.status,
        labels: alert.labels,
        annotations,
        startsAt: alert.startsAt!,
        endsAt: alert.endsAt,
        generatorUrl: alert.generatorURL,
      },
      receivedAt
    );
  });
}
