import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp, type ForesightApp } from '../app';
import { configSchema } from '../config/schema';
import { openSqliteStore } from '../store/sqlite/sqliteStore';
import type { Store } from '../store/types';

const KEY = 'unit-test-key-123';
const MIN = 60_000;

interface Answer {
  status: number;
  body: any;
}

class Client {
  constructor(readonly base: string) {}

  async call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer> {
    const res = await fetch(this.base + path, {
      method,
      headers: {
        authorization: `Bearer ${KEY}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  }
}

function amPayload(
  alerts: Array<{ name: string; service: string; instance: string; at: number; resolvedAt?: number }>
) {
  return {
    version: '4',
    status: alerts.every((a) => a.resolvedAt) ? 'resolved' : 'firing',
    receiver: 'foresight',
    groupLabels: {},
    commonLabels: {},
    commonAnnotations: {},
    externalURL: 'http://am',
    alerts: alerts.map((a) => ({
      status: a.resolvedAt ? 'resolved' : 'firing',
      labels: { alertname: a.name, service: a.service, instance: a.instance, severity: 'critical' },
      annotations: { summary: `${a.name} on ${a.service}`, runbook_url: 'https://runbooks/x' },
      startsAt: new Date(a.at).toISOString(),
      endsAt: a.resolvedAt ? new Date(a.resolvedAt).toISOString() : '0001-01-01T00:00:00Z',
      generatorURL: 'http://prometheus/graph',
    })),
  };
}

describe('alert ingestion and incident API (in-process, loopback)', () => {
  let dir: string;
  let store: Store;
  let service: ForesightApp;
  let client: Client;
  const savedEnv = { ...process.env };

  async function start(): Promise<void> {
    store = openSqliteStore({ path: join(dir, 'foresight.db') }).store;
    service = buildApp({
      config: configSchema.parse({ apiKey: KEY, logLevel: 'silent', bodyLimitBytes: 1_048_576 }),
      store,
    });
    await service.app.listen({ host: '127.0.0.1', port: 0 });
    const address = service.app.server.address();
    client = new Client(typeof address === 'object' && address ? `http://127.0.0.1:${address.port}/api` : '');
  }

  async function stop(): Promise<void> {
    await service.app.close();
    await store.close();
  }

  beforeEach(async () => {
    process.env.FORESIGHT_INCIDENT_QUIET_PERIOD_MS = '0';
    process.env.FORESIGHT_INCIDENT_ALLOWED_LATENESS_MS = String(10 * MIN);
    dir = mkdtempSync(join(tmpdir(), 'foresight-incidents-'));
    await start();
  });
  afterEach(async () => {
    await stop();
    rmSync(dir, { recursive: true, force: true });
    process.env = { ...savedEnv };
  });

  it('stores, deduplicates and correlates an Alertmanager webhook, and rejects malformed payloads untouched', async () => {
    const now = Date.now();
    const payload = amPayload([
      { name: 'HighLatency', service: 'checkout', instance: 'a', at: now - 3 * MIN },
      { name: 'HighErrorRate', service: 'checkout', instance: 'b', at: now - MIN },
    ]);
    const first = await client.call('POST', '/alerts/alertmanager', payload);
    expect(first).toMatchObject({ status: 200, body: { accepted: 2, duplicate: false } });
    const again = await client.call('POST', '/alerts/alertmanager', payload);
    expect(again.body).toMatchObject({ accepted: 2, duplicate: true, payloadId: null });

    const list = await client.call('GET', '/incidents');
    expect(list.body.total).toBe(1);
    const incident = list.body.items[0];
    expect(incident).toMatchObject({ status: 'open', alertCount: 2, services: ['checkout'], severity: 'critical' });

    const counts = await store.incidents.counts();
    const bad = await client.call('POST', '/alerts/alertmanager', {
      ...payload,
      alerts: [payload.alerts[0], { ...payload.alerts[1], startsAt: 'soon' }],
    });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ error: 'bad_request', field: 'alerts[1].startsAt' });
    expect(await store.incidents.counts()).toEqual(counts);

    const detail = await client.call('GET', `/incidents/${incident.id}`);
    expect(detail.body.alerts.map((a: { name: string }) => a.name)).toEqual(['HighLatency', 'HighErrorRate']);
    // The re-delivered payload changed nothing, so the first alert still counts one delivery.
    expect(detail.body.alerts[0]).toMatchObject({
      deliveries: 1,
      labels: { instance: 'a' },
      runbookUrl: 'https://runbooks/x',
    });
    expect(detail.body.incident.timeline.map((e: { event: string }) => e.event)).toEqual(['opened', 'joined']);
    expect(detail.body.incident.timeline[1].detail).toContain('same service checkout and 2 min apart');
  });

  it('resolves when every alert resolved (quiet period 0) and reopens when a member recurs', async () => {
    const now = Date.now();
    await client.call('POST', '/alerts', { alerts: [{ name: 'DiskFull', service: 'db', startsAt: now - 2 * MIN }] });
    const [incident] = (await client.call('GET', '/incidents')).body.items;
    await client.call('POST', '/alerts', {
      alerts: [{ name: 'DiskFull', service: 'db', startsAt: now - 2 * MIN, status: 'resolved', endsAt: now - MIN }],
    });
    expect((await client.call('GET', `/incidents/${incident.id}`)).body.incident).toMatchObject({
      status: 'resolved',
      resolvedAt: now - MIN,
    });
    await client.call('POST', '/alerts', { alerts: [{ name: 'DiskFull', service: 'db', startsAt: now }] });
    const after = (await client.call('GET', `/incidents/${incident.id}`)).body.incident;
    expect(after.status).toBe('open');
    expect(after.alertCount).toBe(2);
  });

  it('acknowledges, notes, labels, resolves, reopens and merges with who and when', async () => {
    const now = Date.now();
    await client.call('POST', '/alerts', {
      alerts: [
        { name: 'A', service: 'checkout', startsAt: now - 30 * MIN },
        { name: 'B', service: 'search', startsAt: now - MIN },
      ],
    });
    const items = (await client.call('GET', '/incidents?sort=onsetAt&order=asc')).body.items;
    expect(items).toHaveLength(2);
    const [older, newer] = items;
    const alice = { 'x-grafana-user': 'alice' };
    expect((await client.call('POST', `/incidents/${older.id}/ack`, undefined, alice)).body.incident.status).toBe(
      'acknowledged'
    );
    await client.call('POST', `/incidents/${older.id}/notes`, { text: 'looking at the pool' }, alice);
    await client.call('POST', `/incidents/${older.id}/feedback`, { label: 'actionable' });
    expect((await client.call('POST', `/incidents/${older.id}/resolve`)).body.incident.status).toBe('resolved');
    expect((await client.call('POST', `/incidents/${older.id}/resolve`)).status).toBe(409);
    expect((await client.call('POST', `/incidents/${older.id}/reopen`)).body.incident.status).toBe('acknowledged');
    expect((await client.call('POST', `/incidents/${older.id}/feedback`, { label: 'meh' })).body).toMatchObject({
      field: 'label',
      message: 'label: must be actionable, noise or wrong-grouping',
    });

    const merged = await client.call('POST', `/incidents/${newer.id}/merge`, { into: older.id }, alice);
    expect(merged.body.incident).toMatchObject({ id: older.id, alertCount: 2, services: ['checkout', 'search'] });
    expect((await client.call('GET', '/incidents')).body.total).toBe(1);
    expect((await client.call('GET', `/incidents/${newer.id}`)).body.incident.mergedInto).toBe(older.id);
    expect((await client.call('POST', `/incidents/${newer.id}/ack`)).status).toBe(409);

    const timeline = (await client.call('GET', `/incidents/${older.id}`)).body.incident.timeline;
    const human = timeline.filter((e: { actor: string }) => e.actor !== 'foresight');
    expect(human.map((e: { actor: string; event: string }) => `${e.actor} ${e.event}`)).toEqual([
      'alice acknowledged',
      'alice note',
      'api feedback',
      'api resolved',
      'api reopened',
      'alice merged',
    ]);

    const kpis = (await client.call('GET', '/incidents/kpis')).body;
    expect(kpis.kpis.map((k: { key: string }) => k.key)).toEqual(['mttd', 'mtta', 'mttr', 'compression', 'noiseRate']);
    expect(kpis.kpis.find((k: { key: string }) => k.key === 'noiseRate')).toMatchObject({ value: 0, count: 1 });
  });

  it("follows an engine merge: a bridging alert joins two incidents, the people's ack moves to the survivor", async () => {
    const now = Date.now();
    await client.call('POST', '/alerts', { alerts: [{ name: 'A', service: 'checkout', startsAt: now - 20 * MIN }] });
    await client.call('POST', '/alerts', { alerts: [{ name: 'B', service: 'checkout', startsAt: now - 12 * MIN }] });
    const [early, late] = (await client.call('GET', '/incidents?sort=onsetAt&order=asc')).body.items;
    expect(late).toBeDefined();
    await client.call('POST', `/incidents/${late.id}/ack`, undefined, { 'x-grafana-user': 'bob' });
    await client.call('POST', '/alerts', { alerts: [{ name: 'C', service: 'checkout', startsAt: now - 16 * MIN }] });
    const list = (await client.call('GET', '/incidents')).body;
    expect(list.total).toBe(1);
    expect(list.items[0]).toMatchObject({ id: early.id, alertCount: 3, status: 'acknowledged', acknowledgedBy: 'bob' });
    expect((await client.call('GET', `/incidents/${late.id}`)).body.incident.mergedInto).toBe(early.id);
    const timeline = (await client.call('GET', `/incidents/${early.id}`)).body.incident.timeline;
    expect(timeline.map((e: { actor: string; event: string }) => `${e.actor} ${e.event}`)).toContain(
      'bob acknowledged'
    );
    expect(
      timeline.some(
        (e: { event: string; detail?: string }) => e.event === 'merged' && e.detail === `absorbed ${late.id}`
      )
    ).toBe(true);
  });

  it('keeps a released incident final: a very late re-notification of its alert starts nothing new', async () => {
    const now = Date.now();
    const old = {
      name: 'DiskFull',
      service: 'db',
      startsAt: now - 40 * MIN,
      status: 'resolved',
      endsAt: now - 30 * MIN,
    };
    const sibling = { ...old, name: 'ReplicationLag', startsAt: now - 39 * MIN };
    await client.call('POST', '/alerts', { alerts: [old, sibling] });
    const [closed] = (await client.call('GET', '/incidents')).body.items;
    expect((await client.call('GET', `/incidents/${closed.id}`)).body.incident).toMatchObject({
      closed: true,
      status: 'resolved',
      alertCount: 2,
    });
    // After a restart the correlator has no memory of it (no tombstone): only the store knows it is settled.
    await stop();
    await start();
    const late = await client.call('POST', '/alerts', { alerts: [{ ...old, annotations: { summary: 'resent' } }] });
    expect(late.body).toMatchObject({ accepted: 1, duplicate: false });
    const after = (await client.call('GET', '/incidents')).body;
    expect(after.total).toBe(1);
    expect(after.items[0]).toMatchObject({ id: closed.id, alertCount: 2, closed: true });
  });

  it('filters, sorts and paginates; rejects bad query parameters naming them', async () => {
    const now = Date.now();
    await client.call('POST', '/alerts', {
      alerts: [
        { name: 'A', service: 'checkout', severity: 'critical', startsAt: now - 40 * MIN },
        { name: 'B', service: 'search', severity: 'low', startsAt: now - 20 * MIN },
        { name: 'C', service: 'cart_v2', severity: 'high', startsAt: now - MIN },
      ],
    });
    const bySeverity = await client.call('GET', '/incidents?severity=critical,high&sort=severity&order=desc');
    expect(bySeverity.body.items.map((i: { services: string[] }) => i.services[0])).toEqual(['checkout', 'cart_v2']);
    expect((await client.call('GET', '/incidents?service=cart_v2')).body.total).toBe(1);
    expect((await client.call('GET', '/incidents?service=cart%25')).body.total).toBe(0);
    const page = await client.call('GET', '/incidents?sort=onsetAt&order=asc&limit=1&offset=1');
    expect(page.body).toMatchObject({ total: 3, limit: 1, offset: 1 });
    expect(page.body.items[0].services).toEqual(['search']);
    expect((await client.call('GET', '/incidents?status=closed')).body).toMatchObject({ field: 'query.status[0]' });
    expect((await client.call('GET', '/incidents?limit=0')).body).toMatchObject({ field: 'query.limit' });
  });

  it('survives a restart: the correlator is rebuilt from stored alerts and new alerts join the same incident', async () => {
    const now = Date.now();
    await client.call('POST', '/alerts', { alerts: [{ name: 'A', service: 'payments', startsAt: now - 2 * MIN }] });
    const [before] = (await client.call('GET', '/incidents')).body.items;
    await stop();
    await start();
    await client.call('POST', '/alerts', { alerts: [{ name: 'B', service: 'payments', startsAt: now - MIN }] });
    const after = (await client.call('GET', '/incidents')).body;
    expect(after.total).toBe(1);
    expect(after.items[0]).toMatchObject({ id: before.id, alertCount: 2 });
  });
});
