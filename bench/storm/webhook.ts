import { StormNotification } from './storm';

const ZERO_TIME = '0001-01-01T00:00:00Z';

/** Alertmanager v4 webhook body for a batch of storm notifications. */
export function webhook(batch: StormNotification[]): string {
  return JSON.stringify({
    version: '4',
    groupKey: `{}:{bench="${batch[0].alert.receivedAt}"}`,
    truncatedAlerts: 0,
    status: batch.some((n) => n.alert.status === 'firing') ? 'firing' : 'resolved',
    receiver: 'foresight',
    groupLabels: {},
    commonLabels: {},
    commonAnnotations: {},
    externalURL: 'http://alertmanager:9093',
    alerts: batch.map(({ alert }) => ({
      status: alert.status,
      labels: alert.labels,
      annotations: alert.annotations,
      startsAt: new Date(alert.startsAt).toISOString(),
      endsAt: alert.endsAt !== undefined ? new Date(alert.endsAt).toISOString() : ZERO_TIME,
      generatorURL: 'http://prometheus:9090/graph',
      fingerprint: alert.fingerprint.slice(0, 16),
    })),
  });
}
