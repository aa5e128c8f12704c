import { Severity } from '../severity';
import { CorrelationChange, Correlator } from './correlator';
import { alertFingerprint } from './fingerprint';
import { Alert, Incident } from './types';
import { createRng } from '../stats/random';

const MIN = 60_000;
const T0 = Date.UTC(2026, 10, 22, 21, 0, 0);

interface AlertSpec {
  name?: string;
  service?: string;
  instance?: string;
  at: number;
  status?: 'firing' | 'resolved';
  endsAt?: number;
  receivedAt?: number;
  severity?: Severity;
  extra?: Record<string, string>;
}

function alert(spec: AlertSpec): Alert {
  const labels: Record<string, string> = { alertname: spec.name ?? 'HighLatency', ...(spec.extra ?? {}) };
  if (spec.service) {
    labels.service = spec.service;
  }
  if (spec.instance) {
    labels.instance = spec.instance;
  }
  return {
    fingerprint: alertFingerprint(labels),
    source: 'generic',
    status: spec.status ?? 'firing',
    name: labels.alertname,
    severity: spec.severity ?? 'medium',
    labels,
    annotations: {},
    startsAt: spec.at,
    endsAt: spec.endsAt,
    receivedAt: spec.receivedAt ?? spec.at,
    service: spec.service,
  };
}

const catalogue = [
  { name: 'web', dependsOn: ['api'], tier: 1 as const },
  { name: 'api', dependsOn: ['checkout'] },
  { name: 'checkout', dependsOn: ['payments', 'db'], runbookUrl: 'https://runbooks/checkout' },
  { name: 'payments', dependsOn: [] },
  { name: 'db', dependsOn: [] },
  { name: 'search', dependsOn: [] },
];

function kinds(changes: CorrelationChange[]): string[] {
  return changes.map((change) => change.kind);
}

describe('Correlator', () => {
  it('deduplicates repeated notifications of one alert, including a changing value label', () => {
    const correlator = new Correlator();
    const first = alert({ service: 'checkout', at: T0, extra: { value: '0.91' } });
    const repeat = { ...alert({ service: 'checkout', at: T0, extra: { value: '0.97' } }), receivedAt: T0 + MIN };
    expect(repeat.fingerprint).toBe(first.fingerprint);
    const opened = correlator.ingest([first], T0);
    expect(kinds(opened)).toEqual(['opened']);
    correlator.ingest([repeat, repeat], T0 + MIN);
    const [incident] = correlator.incidents();
    expect(incident.alertCount).toBe(1);
    expect(correlator.stats()).toMatchObject({ notifications: 3, duplicateNotifications: 2, occurrences: 1 });
  });

  it('groups alerts of the same service 2 min apart and says why', () => {
    const correlator = new Correlator();
    correlator.ingest([alert({ service: 'checkout', at: T0, instance: 'pod-1' })], T0);
    const changes = correlator.ingest(
      [alert({ name: 'HighErrorRate', service: 'checkout', at: T0 + 2 * MIN })],
      T0 + 2 * MIN
    );
    expect(kinds(changes)).toEqual(['updated']);
    const [incident] = correlator.incidents();
    expect(incident.alertCount).toBe(2);
    expect(incident.timeline.map((entry) => entry.event)).toEqual(['opened', 'joined']);
    expect(incident.timeline[1].detail).toBe(
      'HighErrorRate on checkout joined: linked to HighLatency on checkout (pod-1): same service checkout and 2 min apart'
    );
    expect(incident.id).toMatch(/^INC-20261122-2100-[0-9a-f]{6}$/);
  });

  it('keeps unrelated services apart and links services connected in the catalogue', () => {
    const correlator = new Correlator({ services: catalogue, groupBy: [] });
    correlator.ingest(
      [
        alert({ service: 'payments', at: T0 }),
        alert({ service: 'search', at: T0 + MIN }),
        alert({ service: 'api', at: T0 + 3 * MIN }),
      ],
      T0 + 3 * MIN
    );
    const incidents = correlator.incidents();
    expect(incidents.map((incident) => incident.services)).toEqual([['api', 'payments'], ['search']]);
    const withTopology = incidents[0];
    expect(withTopology.rootCauseCandidates).toEqual(['payments']);
    expect(withTopology.title).toBe('HighLatency on payments (+1 service)');
    expect(withTopology.runbookUrls).toEqual([]);
    const joined = withTopology.timeline.find((entry) => entry.event === 'joined');
    expect(joined?.detail).toContain('api depends on payments (2 hops) and 3 min apart');
  });

  it('links by the group-by labels when services differ', () => {
    const correlator = new Correlator();
    const labels = { cluster: 'prod', namespace: 'shop' };
    correlator.ingest(
      [alert({ service: 'a', at: T0, extra: labels }), alert({ service: 'b', at: T0 + MIN, extra: labels })],
      T0 + MIN
    );
    expect(correlator.incidents()).toHaveLength(1);
    expect(correlator.incidents()[0].timeline[1].detail).toContain(
      'same alertname HighLatency, cluster prod, namespace shop and 1 min apart'
    );
  });

  it('links alerts named in a causal rule across unrelated services', () => {
    const causalRules = [{ cause: 'KafkaBrokerDown', effect: 'PipelineErrorRateHigh' }];
    const correlator = new Correlator({ causalRules, groupBy: [] });
    correlator.ingest(
      [
        alert({ name: 'KafkaBrokerDown', service: 'kafka', at: T0 }),
        alert({ name: 'PipelineErrorRateHigh', service: 'etl', at: T0 + 2 * MIN }),
        alert({ name: 'Unrelated', service: 'web', at: T0 + MIN }),
      ],
      T0 + 2 * MIN
    );
    expect(correlator.incidents().map((incident) => incident.services)).toEqual([['etl', 'kafka'], ['web']]);
  });

  it('does not link alerts further apart than the window, and merges two incidents an alert bridges', () => {
    const correlator = new Correlator({ windowMs: 5 * MIN });
    correlator.ingest([alert({ service: 'checkout', at: T0, instance: 'a' })], T0);
    correlator.ingest([alert({ service: 'checkout', at: T0 + 8 * MIN, instance: 'b' })], T0 + 8 * MIN);
    const [early, late] = correlator.incidents().sort((x, y) => x.onsetAt - y.onsetAt);
    expect(correlator.incidents()).toHaveLength(2);
    const changes = correlator.ingest([alert({ service: 'checkout', at: T0 + 4 * MIN, instance: 'c' })], T0 + 9 * MIN);
    expect(kinds(changes)).toEqual(['updated', 'merged']);
    const merged = changes[1] as Extract<CorrelationChange, { kind: 'merged' }>;
    expect(merged.from).toBe(late.id);
    expect(merged.incident.id).toBe(early.id);
    expect(merged.incident.alertCount).toBe(3);
    expect(merged.memberKeys).toHaveLength(3);
    expect(merged.memberKeys.map((key) => Number(key.split('@')[1]))).toEqual([T0, T0 + 4 * MIN, T0 + 8 * MIN]);
    expect(
      merged.incident.timeline.some((entry) => entry.event === 'merged' && entry.detail === `absorbed ${late.id}`)
    ).toBe(true);
  });

  it('splits a chain of alerts at the maximum incident span', () => {
    const correlator = new Correlator({ windowMs: 5 * MIN, maxSpanMs: 60 * MIN });
    const chain = Array.from({ length: 40 }, (_, i) =>
      alert({ service: 'db', at: T0 + i * 4 * MIN, instance: `i${i}` })
    );
    correlator.ingest(chain, T0 + 160 * MIN);
    const spans = correlator
      .incidents()
      .sort((a, b) => a.onsetAt - b.onsetAt)
      .map((incident) => [(incident.onsetAt - T0) / MIN, incident.alertCount]);
    expect(spans).toEqual([
      [0, 16],
      [64, 16],
      [128, 8],
    ]);
  });

  it('keeps a group as a candidate until it has minAlerts distinct alerts', () => {
    const correlator = new Correlator({ minAlerts: 3 });
    const a = alert({ service: 'checkout', at: T0, instance: 'a', receivedAt: T0 + 10_000 });
    expect(correlator.ingest([a, { ...a, receivedAt: T0 + 20_000 }], T0 + 20_000)).toEqual([]);
    expect(correlator.ingest([alert({ service: 'checkout', at: T0 + MIN, instance: 'b' })], T0 + MIN)).toEqual([]);
    expect(correlator.incidents()).toEqual([]);
    expect(correlator.groups().map((group) => group.phase)).toEqual(['candidate']);
    const changes = correlator.ingest(
      [alert({ service: 'checkout', at: T0 + 2 * MIN, instance: 'c', receivedAt: T0 + 2.5 * MIN })],
      T0 + 2.5 * MIN
    );
    expect(kinds(changes)).toEqual(['opened']);
    expect(changes[0].incident.detectedAt).toBe(T0 + 2.5 * MIN);
    expect(changes[0].incident.onsetAt).toBe(T0);
  });

  it('resolves after every member resolved plus the quiet period, and reopens when an alert recurs', () => {
    const correlator = new Correlator({ quietPeriodMs: 10 * MIN, windowMs: 5 * MIN });
    correlator.ingest(
      [
        alert({ service: 'checkout', at: T0, instance: 'a' }),
        alert({ service: 'checkout', at: T0 + MIN, instance: 'b' }),
      ],
      T0 + MIN
    );
    correlator.ingest(
      [alert({ service: 'checkout', at: T0, instance: 'a', status: 'resolved', endsAt: T0 + 3 * MIN })],
      T0 + 3 * MIN
    );
    expect(correlator.advance(T0 + 20 * MIN).map((c) => c.kind)).toEqual([]);
    expect(correlator.incidents()[0].status).toBe('open');
    // The quiet period counts from the last member's endsAt (event time): 4 + 10 = 14 min ≤ 21 min → resolved at once.
    const resolved = correlator.ingest(
      [alert({ service: 'checkout', at: T0 + MIN, instance: 'b', status: 'resolved', endsAt: T0 + 4 * MIN })],
      T0 + 21 * MIN
    );
    expect(kinds(resolved)).toEqual(['resolved']);
    expect(correlator.incidents()[0].status).toBe('resolved');
    expect(correlator.incidents()[0].resolvedAt).toBe(T0 + 4 * MIN);
    const reopened = correlator.ingest(
      [alert({ service: 'checkout', at: T0 + 5 * MIN, instance: 'c' })],
      T0 + 22 * MIN
    );
    expect(kinds(reopened)).toEqual(['reopened']);
    expect(reopened[0].incident.status).toBe('open');
    expect(reopened[0].incident.timeline.map((entry) => entry.event)).toEqual([
      'opened',
      'joined',
      'joined',
      'resolved',
      'reopened',
    ]);
  });

  it('reports resolved when the quiet period elapses on a clock tick', () => {
    const correlator = new Correlator({ quietPeriodMs: 10 * MIN });
    correlator.ingest([alert({ service: 'db', at: T0 })], T0);
    correlator.ingest([alert({ service: 'db', at: T0, status: 'resolved', endsAt: T0 + 2 * MIN })], T0 + 2 * MIN);
    expect(correlator.advance(T0 + 11 * MIN)).toEqual([]);
    const changes = correlator.advance(T0 + 12 * MIN);
    expect(kinds(changes)).toEqual(['resolved']);
    expect(changes[0].incident.timeline.at(-1)).toMatchObject({ event: 'resolved', at: T0 + 12 * MIN });
  });

  it('forgets closed incidents, ignores a re-delivered old resolved notification, and stays bounded', () => {
    const config = { quietPeriodMs: 10 * MIN, allowedLatenessMs: 10 * MIN, windowMs: 5 * MIN };
    const correlator = new Correlator(config);
    const resolved = alert({ service: 'db', at: T0, status: 'resolved', endsAt: T0 + MIN });
    correlator.ingest([alert({ service: 'db', at: T0 }), resolved], T0 + MIN);
    const closing = correlator.advance(T0 + 22 * MIN);
    expect(kinds(closing)).toEqual(['resolved', 'closed']);
    expect(correlator.stats()).toMatchObject({ liveOccurrences: 0, liveGroups: 0, evictedOccurrences: 1 });
    expect(correlator.ingest([{ ...resolved, receivedAt: T0 + 23 * MIN }], T0 + 23 * MIN)).toEqual([]);
    expect(correlator.stats().ignoredAfterClose).toBe(1);
    expect(correlator.snapshot().tombstones).toHaveLength(1);
    correlator.advance(T0 + 60 * MIN);
    expect(correlator.snapshot().tombstones).toHaveLength(0);
  });

  it('treats a firing alert that is never re-notified as resolved after staleAfterMs', () => {
    const correlator = new Correlator({ staleAfterMs: 60 * MIN, quietPeriodMs: 5 * MIN });
    correlator.ingest([alert({ service: 'db', at: T0 })], T0);
    expect(correlator.advance(T0 + 60 * MIN)).toEqual([]);
    const changes = correlator.advance(T0 + 61 * MIN);
    // Resolved at its last notification, and long past the lateness horizon, so it also leaves memory.
    expect(kinds(changes)).toEqual(['resolved', 'closed']);
    expect(changes[0].incident.resolvedAt).toBe(T0);
  });

  it('rejects an invalid alert naming the field, before changing anything', () => {
    const correlator = new Correlator();
    const good = alert({ service: 'db', at: T0 });
    expect(() => correlator.ingest([good, { ...good, startsAt: NaN }], T0)).toThrow(
      'alert.startsAt must be a finite ms epoch, got NaN'
    );
    expect(() => correlator.ingest([{ ...good, severity: 'urgent' as Severity }], T0)).toThrow('alert.severity');
    expect(() => correlator.ingest([{ ...good, fingerprint: '' }], T0)).toThrow('alert.fingerprint');
    expect(correlator.stats().notifications).toBe(0);
    expect(() => new Correlator({ windowMs: -1 })).toThrow('windowMs must be a positive number');
    expect(() => new Correlator({ minAlerts: 0 })).toThrow('minAlerts must be an integer ≥ 1, got 0');
  });

  it('priority and severity come from the members and the catalogue', () => {
    const correlator = new Correlator({ services: catalogue });
    correlator.ingest(
      [
        alert({ service: 'web', at: T0, severity: 'critical' }),
        alert({ service: 'api', at: T0 + MIN, severity: 'low' }),
      ],
      T0 + MIN
    );
    const [incident] = correlator.incidents();
    expect(incident.severity).toBe('critical');
    expect(incident.priorityReasons).toEqual([
      'severity critical: +40',
      'tier-1 service web affected: +20',
      'still firing (2 of 2 alerts): +10',
      '2 services affected: +3',
    ]);
    expect(incident.priority).toBe(73);
  });
});

/** A small storm: bursts on related services, flapping, duplicates with firing and resolved notifications. */
function smallStorm(): Alert[] {
  const random = createRng(7);
  const services = ['web', 'api', 'checkout', 'payments', 'db', 'search'];
  const out: Alert[] = [];
  for (let burst = 0; burst < 12; burst++) {
    const start = T0 + burst * 25 * MIN + Math.floor(random() * 10 * MIN);
    const size = 3 + Math.floor(random() * 10);
    for (let i = 0; i < size; i++) {
      const service = services[Math.floor(random() * services.length)];
      const at = start + Math.floor(random() * 8 * MIN);
      const instance = `pod-${Math.floor(random() * 4)}`;
      const name = random() < 0.5 ? 'HighLatency' : 'HighErrorRate';
      const endsAt = at + Math.floor((2 + random() * 20) * MIN);
      const firing = alert({ name, service, instance, at });
      out.push(firing, { ...firing, receivedAt: at + MIN });
      out.push(alert({ name, service, instance, at, status: 'resolved', endsAt, receivedAt: endsAt }));
    }
  }
  return out;
}

interface Outcome {
  id: string;
  alertFingerprints: string[];
  alertCount: number;
  onsetAt: number;
  resolvedAt?: number;
  severity: string;
  services: string[];
}

function outcome(incident: Incident): Outcome {
  const { id, alertFingerprints, alertCount, onsetAt, resolvedAt, severity, services } = incident;
  return { id, alertFingerprints, alertCount, onsetAt, resolvedAt, severity, services };
}

/** Feeds notifications in the given order (batches of random size), then lets every incident close. */
function correlate(notifications: Alert[], random: () => number, useArrivalClock: boolean): Outcome[] {
  const correlator = new Correlator({ services: catalogue, windowMs: 5 * MIN, allowedLatenessMs: 20 * MIN });
  const final = new Map<string, Outcome>();
  const record = (changes: CorrelationChange[]) => {
    for (const change of changes) {
      if (change.kind === 'merged') {
        final.delete(change.from);
      }
      final.set(change.incident.id, outcome(change.incident));
    }
  };
  for (let i = 0; i < notifications.length;) {
    const batch = notifications.slice(i, i + 1 + Math.floor(random() * 8));
    i += batch.length;
    const now = useArrivalClock ? Math.max(...batch.map((n) => n.receivedAt)) : T0;
    record(correlator.ingest(batch, now));
  }
  record(correlator.advance(T0 + 48 * 60 * MIN));
  expect(correlator.stats().liveOccurrences).toBe(0);
  return [...final.values()].sort((a, b) => a.onsetAt - b.onsetAt);
}

describe('Correlator is independent of delivery order (requirements C2b)', () => {
  const storm = smallStorm();

  it('gives the same incidents for any permutation of the notifications', () => {
    const reference = correlate(
      [...storm].sort((a, b) => a.receivedAt - b.receivedAt),
      createRng(1),
      false
    );
    expect(reference.length).toBeGreaterThan(5);
    expect(reference.length).toBeLessThan(storm.length / 3);
    for (const seed of [2, 3, 4, 5]) {
      const random = createRng(seed);
      const shuffled = [...storm];
      for (let i = shuffled.length - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1));
        [shuffled[i], shuffled[j]] = [shuffled[j], shuffled[i]];
      }
      expect(correlate(shuffled, random, false)).toEqual(reference);
    }
  });

  it('gives the same incidents when each notification is delayed by up to the allowed lateness', () => {
    const onTime = correlate(
      [...storm].sort((a, b) => a.receivedAt - b.receivedAt),
      createRng(1),
      true
    );
    for (const seed of [11, 12, 13]) {
      const random = createRng(seed);
      const delayed = storm
        .map((n) => ({ ...n, receivedAt: n.receivedAt + Math.floor(random() * 15 * MIN) }))
        .sort((a, b) => a.receivedAt - b.receivedAt);
      expect(correlate(delayed, random, true)).toEqual(onTime);
    }
  });

  it('restores from a snapshot mid-stream and continues exactly as the original', () => {
    const ordered = [...storm].sort((a, b) => a.receivedAt - b.receivedAt);
    const config = { services: catalogue };
    const original = new Correlator(config);
    const half = Math.floor(ordered.length / 2);
    for (const n of ordered.slice(0, half)) {
      original.ingest([n], n.receivedAt);
    }
    const restored = Correlator.fromSnapshot(JSON.parse(JSON.stringify(original.snapshot())), config);
    expect(restored.groups()).toEqual(original.groups());
    for (const n of ordered.slice(half)) {
      expect(restored.ingest([n], n.receivedAt)).toEqual(original.ingest([n], n.receivedAt));
    }
    expect(restored.stats()).toEqual(original.stats());
  });
});
