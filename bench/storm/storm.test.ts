import { Correlator } from '../../src/engine/incidents/correlator';
import { adjustedRandIndex } from '../../src/engine/incidents/groupingQuality';
import { DEFAULT_STORM, generateStorm, stormCatalogue, StormNotification } from './storm';

function take(count: number, seed = 42): StormNotification[] {
  const out: StormNotification[] = [];
  for (const notification of generateStorm({ seed, occurrences: count })) {
    out.push(notification);
  }
  return out;
}

describe('storm generator', () => {
  const storm = take(1_500);

  it('is reproducible from its seed and different for another seed', () => {
    expect(take(1_500).map((n) => n.alert)).toEqual(storm.map((n) => n.alert));
    expect(take(1_500, 7).map((n) => n.occurrenceKey)).not.toEqual(storm.map((n) => n.occurrenceKey));
  });

  it('comes out in arrival order with one truth label per occurrence', () => {
    const truthOf = new Map<string, string>();
    for (let i = 0; i < storm.length; i++) {
      if (i > 0) {
        expect(storm[i].alert.receivedAt).toBeGreaterThanOrEqual(storm[i - 1].alert.receivedAt);
      }
      const seen = truthOf.get(storm[i].occurrenceKey);
      expect(seen === undefined || seen === storm[i].truth).toBe(true);
      truthOf.set(storm[i].occurrenceKey, storm[i].truth);
      expect(storm[i].alert.receivedAt).toBeGreaterThanOrEqual(storm[i].alert.startsAt);
    }
  });

  it('contains every ingredient: incidents, flapping, noise, repeats, resolved notifications, overlap', () => {
    const kinds = new Set(storm.map((n) => n.truth[0]));
    expect([...kinds].sort()).toEqual(['F', 'I', 'N']);
    const occurrences = new Set(storm.map((n) => n.occurrenceKey));
    expect(storm.length).toBeGreaterThan(2 * occurrences.size);
    expect(storm.some((n) => n.alert.status === 'resolved')).toBe(true);
    // Several fingerprints fire more than one episode (flapping).
    const episodes = new Map<string, Set<number>>();
    for (const n of storm) {
      episodes.set(n.alert.fingerprint, (episodes.get(n.alert.fingerprint) ?? new Set()).add(n.alert.startsAt));
    }
    expect([...episodes.values()].filter((starts) => starts.size > 1).length).toBeGreaterThan(10);
    // Incidents of different applications overlap in time.
    const spans = new Map<string, [number, number, string]>();
    for (const n of storm.filter((x) => x.truth.startsWith('I'))) {
      const span = spans.get(n.truth) ?? [Infinity, -Infinity, n.alert.labels.namespace];
      spans.set(n.truth, [Math.min(span[0], n.alert.startsAt), Math.max(span[1], n.alert.startsAt), span[2]]);
    }
    const list = [...spans.values()];
    const overlapping = list.some((a, i) =>
      list.some((b, j) => i !== j && a[2] !== b[2] && a[0] <= b[1] && b[0] <= a[1])
    );
    expect(overlapping).toBe(true);
  });

  it('is correlated by the default correlator within the targets (ARI ≥ 0.9, compression ≥ 90%)', () => {
    const correlator = new Correlator({ services: stormCatalogue(DEFAULT_STORM.applications) });
    const predicted = new Map<string, string>();
    let incidents = 0;
    const handle = (changes: ReturnType<Correlator['ingest']>) => {
      for (const change of changes.filter((c) => c.kind === 'closed')) {
        incidents++;
        change.memberKeys.forEach((key) => predicted.set(key, change.incident.id));
      }
    };
    for (let i = 0; i < storm.length; i += 50) {
      const batch = storm.slice(i, i + 50).map((n) => n.alert);
      handle(correlator.ingest(batch, batch[batch.length - 1].receivedAt));
    }
    handle(correlator.advance(storm[storm.length - 1].alert.receivedAt + 24 * 3_600_000));
    const truthOf = new Map(storm.map((n) => [n.occurrenceKey, n.truth]));
    const keys = [...truthOf.keys()];
    const ari = adjustedRandIndex(
      keys.map((key) => truthOf.get(key)!),
      keys.map((key) => predicted.get(key) ?? 'missing')
    );
    expect(predicted.size).toBe(keys.length);
    expect(ari).toBeGreaterThanOrEqual(0.9);
    expect(1 - incidents / keys.length).toBeGreaterThanOrEqual(0.9);
  });
});
