import { createHash } from 'node:crypto';
import { Correlator, type CorrelationChange } from '../../../src/engine/incidents/correlator';
import { resolveCorrelationConfig, type CorrelationConfig } from '../../../src/engine/incidents/config';
import type { Alert, AlertSource } from '../../../src/engine/incidents/types';
import type { ServiceNode } from '../../../src/engine/topology/types';
import type { IngestResult, StoredAlert } from '../store/incidents';
import type { Store } from '../store/types';

/** How often the clock is advanced with no new alert, so quiet incidents resolve on time. */
export const TICK_INTERVAL_MS = 10_000;
/** How long a catalogue read is reused before checking for changes. */
const CATALOGUE_TTL_MS = 15_000;

export interface IncidentServiceOptions {
  correlation?: Partial<CorrelationConfig>;
  now?: () => number;
}

/** The stored occurrence as the two notifications that produced its first and last arrival (enough to rebuild). */
function notificationsOf(alert: StoredAlert): Alert[] {
  const base: Alert = {
    fingerprint: alert.fingerprint,
    source: alert.source,
    status: alert.status,
    name: alert.name,
    severity: alert.severity,
    labels: alert.labels,
    annotations: alert.annotations,
    startsAt: alert.startsAt,
    endsAt: alert.endsAt,
    receivedAt: alert.firstReceivedAt,
    service: alert.service,
    generatorUrl: alert.generatorUrl,
    runbookUrl: alert.runbookUrl,
  };
  return alert.lastReceivedAt === alert.firstReceivedAt
    ? [base]
    : [base, { ...base, receivedAt: alert.lastReceivedAt }];
}

/**
 * Owns the live correlator of one store: alerts are made durable first (one transaction), then correlated, and
 * the changes written back. After a restart the correlator is rebuilt from the stored alerts of incidents that are
 * not closed; correlation does not depend on delivery order, so the rebuild gives the incidents it had.
 */
export class IncidentService {
  private correlator: Correlator | undefined;
  private catalogueJson = '';
  private catalogueCheckedAt = -Infinity;
  /** Last incident each live occurrence was written to, so only moved alerts are updated. */
  private readonly assigned = new Map<string, string>();
  /** Serialises correlate-and-write so two requests never interleave their changes. */
  private queue: Promise<unknown> = Promise.resolve();
  private readonly now: () => number;
  private readonly settings: CorrelationConfig;

  constructor(
    private readonly store: Store,
    private readonly options: IncidentServiceOptions = {}
  ) {
    this.now = options.now ?? Date.now;
    this.settings = resolveCorrelationConfig(options.correlation);
  }

  /** Stores the payload durably, then correlates its alerts. Resolves once both are done. */
  async ingest(source: AlertSource, body: unknown, alerts: Alert[], receivedAt: number): Promise<IngestResult> {
    const text = JSON.stringify(body);
    const bodySha256 = createHash('sha256').update(`${source}\n${text}`).digest('hex');
    const result = await this.store.incidents.ingestAlerts({
      source,
      body: text,
      bodySha256,
      alerts,
      receivedAt,
      settledCheckBefore: this.now() - this.settings.windowMs - this.settings.allowedLatenessMs,
    });
    const settled = new Set(result.settledKeys);
    const live = settled.size === 0 ? alerts : alerts.filter((a) => !settled.has(`${a.fingerprint}@${a.startsAt}`));
    if (!result.duplicate && live.length > 0) {
      await this.exclusive(async () => {
        const correlator = await this.ready();
        await this.write(correlator.ingest(live, this.now()));
      });
    }
    return result;
  }

  /** Advances the clock: resolves quiet incidents, releases closed ones. */
  async tick(): Promise<void> {
    await this.exclusive(async () => {
      const correlator = await this.ready();
      await this.write(correlator.advance(this.now()));
    });
  }

  stats() {
    return this.correlator?.stats();
  }

  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(work, work);
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** The correlator, (re)built on first use and whenever the service catalogue changed. */
  private async ready(): Promise<Correlator> {
    const now = this.now();
    if (this.correlator && now - this.catalogueCheckedAt < CATALOGUE_TTL_MS) {
      return this.correlator;
    }
    this.catalogueCheckedAt = now;
    const services: ServiceNode[] = await this.store.catalogue.list();
    const json = JSON.stringify(services);
    if (this.correlator && json === this.catalogueJson) {
      return this.correlator;
    }
    this.catalogueJson = json;
    const config = { ...this.options.correlation, services };
    if (this.correlator) {
      this.correlator = Correlator.fromSnapshot(this.correlator.snapshot(), config);
      return this.correlator;
    }
    const correlator = new Correlator(config);
    const resolved = resolveCorrelationConfig(config);
    const live = await this.store.incidents.liveAlerts(now - resolved.staleAfterMs);
    this.correlator = correlator;
    if (live.length > 0) {
      await this.write(correlator.ingest(live.flatMap(notificationsOf), now));
    }
    return correlator;
  }

  /** Writes changes and the member alerts that moved to another incident; forgets closed incidents' members. */
  private async write(changes: CorrelationChange[]): Promise<void> {
    if (changes.length === 0) {
      return;
    }
    const moved: Array<[string, string]> = [];
    for (const change of changes) {
      for (const key of change.memberKeys) {
        if (this.assigned.get(key) !== change.incident.id) {
          this.assigned.set(key, change.incident.id);
          moved.push([key, change.incident.id]);
        }
      }
    }
    await this.store.incidents.applyCorrelation(changes, moved, this.now());
    for (const change of changes) {
      if (change.kind === 'closed') {
        for (const key of change.memberKeys) {
          this.assigned.delete(key);
        }
      }
    }
  }
}

const services = new WeakMap<Store, IncidentService>();

/** One service per store, shared by the alert and incident routes. */
export function incidentServiceFor(store: Store, options?: IncidentServiceOptions): IncidentService {
  let service = services.get(store);
  if (!service) {
    service = new IncidentService(store, options);
    services.set(store, service);
  }
  return service;
}
