import type { IncidentAlertView, IncidentView } from './incidentApi';

const T0 = Date.UTC(2026, 10, 22, 21, 0);

/** A realistic API incident for component tests (fields as pkg/src/store/incidents.ts returns them). */
export function testIncident(overrides: Partial<IncidentView> = {}): IncidentView {
  return {
    id: 'INC-20261122-2100-abc123',
    title: 'HighErrorRate on payments (+2 services)',
    status: 'open',
    engineStatus: 'open',
    severity: 'critical',
    priority: 83,
    priorityReasons: [
      'severity critical: +40',
      'tier-1 service web affected: +20',
      'still firing (2 of 3 alerts): +10',
      '3 services affected: +6',
    ],
    services: ['checkout', 'payments', 'web'],
    rootCauseCandidates: ['payments'],
    alertFingerprints: ['a', 'b', 'c'],
    alertCount: 3,
    firingCount: 2,
    onsetAt: T0,
    detectedAt: T0 + 40_000,
    lastEventAt: T0 + 180_000,
    runbookUrls: ['https://runbooks.example/payments'],
    timeline: [
      { at: T0, actor: 'foresight', event: 'opened', detail: 'first alert HighErrorRate on payments' },
      {
        at: T0 + 120_000,
        actor: 'foresight',
        event: 'joined',
        detail:
          'HighLatency on checkout joined: linked to HighErrorRate on payments: checkout depends on payments and 2 min apart',
      },
    ],
    closed: false,
    updatedAt: T0 + 200_000,
    ...overrides,
  };
}

export function testAlert(overrides: Partial<IncidentAlertView> = {}): IncidentAlertView {
  return {
    key: `fp1@${T0}`,
    fingerprint: 'fp1',
    source: 'alertmanager',
    name: 'HighErrorRate',
    service: 'payments',
    severity: 'critical',
    status: 'firing',
    labels: { alertname: 'HighErrorRate', service: 'payments', instance: 'pay-0' },
    annotations: { summary: '5xx above 5%', dashboard_url: 'https://grafana.example/d/pay' },
    startsAt: T0,
    deliveries: 2,
    generatorUrl: 'http://prometheus:9090/graph?g0.expr=x',
    runbookUrl: 'https://runbooks.example/payments',
    ...overrides,
  };
}

export const TEST_NOW = T0 + 30 * 60_000;
