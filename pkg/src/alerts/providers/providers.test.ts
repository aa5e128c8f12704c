import { alertFingerprint } from '../../../../src/engine/incidents/fingerprint';
import { parseOrBadRequest } from '../../http/validate';
import { alertmanagerAlerts, alertmanagerPayloadSchema } from './alertmanager';
import { genericAlerts, genericPayloadSchema } from './generic';
import { grafanaAlerts, grafanaPayloadSchema } from './grafana';

const RECEIVED = Date.UTC(2026, 10, 22, 21, 5);

/** As Alertmanager 0.27 sends it (fields from its webhook docs). */
const alertmanagerPayload = {
  version: '4',
  groupKey: '{}:{alertname="HighLatency"}',
  truncatedAlerts: 0,
  status: 'firing',
  receiver: 'foresight',
  groupLabels: { alertname: 'HighLatency' },
  commonLabels: { alertname: 'HighLatency', severity: 'warning' },
  commonAnnotations: {},
  externalURL: 'http://alertmanager:9093',
  alerts: [
    {
      status: 'firing',
      labels: { alertname: 'HighLatency', service: 'checkout', instance: 'pod-1', severity: 'warning' },
      annotations: { summary: 'p95 above 1 s', runbook_url: 'https://runbooks/latency' },
      startsAt: '2026-11-22T21:00:00.123Z',
      endsAt: '0001-01-01T00:00:00Z',
      generatorURL: 'http://prometheus:9090/graph?g0.expr=up',
      fingerprint: 'c3f4b2a1d0e9f8a7',
    },
    {
      status: 'resolved',
      labels: { alertname: 'HighLatency', service: 'cart', instance: 'pod-2', severity: 'critical' },
      annotations: {},
      startsAt: '2026-11-22T20:50:00Z',
      endsAt: '2026-11-22T21:01:00Z',
      generatorURL: '',
      fingerprint: 'a7',
    },
  ],
};

describe('Alertmanager adapter', () => {
  it('normalises a v4 payload: fingerprint, canonical severity, event times, service, runbook', () => {
    const alerts = alertmanagerAlerts(parseOrBadRequest(alertmanagerPayloadSchema, alertmanagerPayload), RECEIVED);
    expect(alerts[0]).toEqual({
      fingerprint: alertFingerprint(alertmanagerPayload.alerts[0].labels),
      source: 'alertmanager',
      status: 'firing',
      name: 'HighLatency',
      severity: 'medium',
      labels: alertmanagerPayload.alerts[0].labels,
      annotations: { summary: 'p95 above 1 s', runbook_url: 'https://runbooks/latency' },
      startsAt: Date.UTC(2026, 10, 22, 21, 0, 0, 123),
      endsAt: undefined,
      receivedAt: RECEIVED,
      service: 'checkout',
      generatorUrl: 'http://prometheus:9090/graph?g0.expr=up',
      runbookUrl: 'https://runbooks/latency',
    });
    expect(alerts[1]).toMatchObject({
      status: 'resolved',
      severity: 'critical',
      endsAt: Date.UTC(2026, 10, 22, 21, 1),
      generatorUrl: undefined,
    });
  });

  it.each([
    { change: { version: '3' }, message: 'version: must be "4" (Alertmanager webhook version 4)', field: 'version' },
    { change: { alerts: [] }, message: 'alerts: must contain at least one alert', field: 'alerts' },
    {
      change: { alerts: [{ ...alertmanagerPayload.alerts[0], startsAt: 'yesterday' }] },
      message: 'alerts[0].startsAt: must be an RFC 3339 timestamp, got "yesterday"',
      field: 'alerts[0].startsAt',
    },
    {
      change: { alerts: [{ ...alertmanagerPayload.alerts[0], labels: { service: 'x' } }] },
      message: 'alerts[0].labels: must contain a non-empty alertname label',
      field: 'alerts[0].labels',
    },
    {
      // Found by the fuzz test: a non-object label map must be a 400, not a crash in the alertname check.
      change: { alerts: [{ ...alertmanagerPayload.alerts[0], labels: null }] },
      message: 'alerts[0].labels: Expected object, received null',
      field: 'alerts[0].labels',
    },
    {
      change: { alerts: [{ ...alertmanagerPayload.alerts[0], status: 'pending' }] },
      field: 'alerts[0].status',
    },
    {
      change: { alerts: [{ ...alertmanagerPayload.alerts[0], labels: { alertname: 'A', n: 5 } }] },
      field: 'alerts[0].labels.n',
    },
  ])('rejects $field with a 400 naming it', ({ change, message, field }) => {
    try {
      parseOrBadRequest(alertmanagerPayloadSchema, { ...alertmanagerPayload, ...change });
      throw new Error('accepted a malformed payload');
    } catch (error) {
      const e = error as { statusCode: number; field: string; message: string };
      expect(e.statusCode).toBe(400);
      expect(e.field).toBe(field);
      if (message) {
        expect(e.message).toBe(message);
      }
    }
  });
});

describe('Grafana adapter', () => {
  const payload = {
    receiver: 'foresight',
    status: 'firing',
    orgId: 1,
    alerts: [
      {
        status: 'firing',
        labels: { alertname: 'CPU high', grafana_folder: 'Infra', service: 'db', severity: 'P1' },
        annotations: { summary: 'cpu' },
        startsAt: '2026-11-22T21:00:00Z',
        endsAt: '0001-01-01T00:00:00Z',
        generatorURL: 'http://grafana/alerting/grafana/abc/view',
        fingerprint: '1a2b',
        silenceURL: 'http://grafana/alerting/silence/new',
        dashboardURL: 'http://grafana/d/abc',
        panelURL: 'http://grafana/d/abc?viewPanel=2',
        values: { B: 93.5, C: 1 },
        valueString: "[ var='B' value=93.5 ]",
      },
    ],
    groupLabels: { alertname: 'CPU high' },
    commonLabels: {},
    commonAnnotations: {},
    externalURL: 'http://grafana/',
    version: '1',
    groupKey: '{}',
    truncatedAlerts: 0,
    title: '[FIRING:1] CPU high',
    state: 'alerting',
    message: '**Firing**',
  };

  it('maps P1 to high, keeps dashboard/panel/silence links, ignores evaluated values for identity', () => {
    const [alert] = grafanaAlerts(parseOrBadRequest(grafanaPayloadSchema, payload), RECEIVED);
    expect(alert).toMatchObject({ source: 'grafana', name: 'CPU high', severity: 'high', service: 'db' });
    expect(alert.annotations).toMatchObject({
      dashboard_url: 'http://grafana/d/abc',
      panel_url: 'http://grafana/d/abc?viewPanel=2',
      silence_url: 'http://grafana/alerting/silence/new',
    });
    const again = { ...payload, alerts: [{ ...payload.alerts[0], values: { B: 99 }, valueString: 'x' }] };
    expect(grafanaAlerts(parseOrBadRequest(grafanaPayloadSchema, again), RECEIVED)[0].fingerprint).toBe(
      alert.fingerprint
    );
  });
});

describe('generic adapter', () => {
  it('accepts ms or RFC 3339 times, mapped severities, and puts name/service/severity in the labels', () => {
    const payload = {
      alerts: [
        { name: 'QueueBacklog', startsAt: Date.UTC(2026, 10, 22, 21), severity: 'P2', service: 'billing' },
        { name: 'QueueBacklog', startsAt: '2026-11-22T21:00:00Z', status: 'resolved', endsAt: '2026-11-22T21:10:00Z' },
      ],
    };
    const [first, second] = genericAlerts(parseOrBadRequest(genericPayloadSchema, payload), RECEIVED);
    expect(first).toMatchObject({
      name: 'QueueBacklog',
      severity: 'medium',
      service: 'billing',
      startsAt: Date.UTC(2026, 10, 22, 21),
      labels: { alertname: 'QueueBacklog', service: 'billing', severity: 'P2' },
    });
    expect(second).toMatchObject({ status: 'resolved', endsAt: Date.UTC(2026, 10, 22, 21, 10), severity: 'medium' });
  });

  it.each([
    { body: { alerts: [{ name: 'A', startsAt: 1, severity: 'urgent' }] }, field: 'alerts[0].severity' },
    { body: { alerts: [{ name: '', startsAt: 1 }] }, field: 'alerts[0].name' },
    { body: { alerts: [{ name: 'A' }] }, field: 'alerts[0].startsAt' },
    { body: { alerts: [{ name: 'A', startsAt: 1.5 }] }, field: 'alerts[0].startsAt' },
    { body: { alerts: [{ name: 'A', startsAt: 1, colour: 'red' }] }, field: 'alerts[0].colour' },
    { body: { alert: [] }, field: 'alerts' },
    { body: { alerts: [{ name: 'A', startsAt: 1, labels: null }] }, field: 'alerts[0].labels' },
    { body: { alerts: [{ name: 'A', startsAt: 1, labels: ['x'] }] }, field: 'alerts[0].labels' },
    { body: { alerts: [{ name: 'A', startsAt: 1, labels: { x: 'v'.repeat(4097) } }] }, field: 'alerts[0].labels.x' },
    {
      body: { alerts: [{ name: 'A', startsAt: 1, labels: { ['k'.repeat(201)]: 'v' } }] },
      field: `alerts[0].labels.${'k'.repeat(201)}`,
    },
    {
      body: {
        alerts: [
          { name: 'A', startsAt: 1, labels: Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`l${i}`, 'v'])) },
        ],
      },
      field: 'alerts[0].labels',
    },
    {
      body: { alerts: [{ name: 'A', startsAt: 1, annotations: { summary: 3 } }] },
      field: 'alerts[0].annotations.summary',
    },
  ])('rejects $field', ({ body, field }) => {
    expect(() => parseOrBadRequest(genericPayloadSchema, body)).toThrow(expect.objectContaining({ field }));
  });
});
