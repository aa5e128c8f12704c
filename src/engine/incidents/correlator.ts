import { Labels } from '../series';
import { maxSeverity, Severity, SEVERITIES } from '../severity';
import { ServiceNode } from '../topology/types';
import { CorrelationConfig, resolveCorrelationConfig } from './config';
import { incidentId } from './incidentId';
import { Link, linkBetween, LinkSubject, ownIndexKeys, probeIndexKeys } from './linking';
import { priorityScore } from './priority';
import { ServiceGraph } from './serviceGraph';
import { Alert, AlertSource, Incident, TimelineEntry } from './types';

/**
 * One firing episode of one alert: all notifications with the same fingerprint and startsAt. A flapping alert that
 * fires again gets a new startsAt and therefore a new occurrence. This is the unit the correlator groups.
 */
export interface OccurrenceRecord {
  key: string;
  fingerprint: string;
  source: AlertSource;
  name: string;
  service?: string;
  labels: Labels;
  annotations: Labels;
  /** Arrival of the notification whose annotations are kept (the latest one wins). */
  annotationsReceivedAt: number;
  severity: Severity;
  startsAt: number;
  /** Latest endsAt among resolved notifications. */
  endsAt?: number;
  resolved: boolean;
  firstReceivedAt: number;
  lastReceivedAt: number;
  deliveries: number;
  generatorUrl?: string;
  runbookUrl?: string;
  /** Why the occurrence joined its group, written when it was linked ("first alert of its group" otherwise). */
  joinReason: string;
}

interface Occurrence extends OccurrenceRecord {
  ownKeys: string[];
  component: Component;
  /** Timeline text of the join, built once: incidents are rebuilt on every change of their group. */
  joinDetail?: string;
}

interface PublishedIncident {
  id: string;
  /** Key of the first member when published: finds the incident's successor after a merge or split. */
  firstKey: string;
  status: 'open' | 'resolved';
  signature: string;
  /** Lifecycle entries (resolved, reopened, merged) that cannot be recomputed from the members. */
  history: TimelineEntry[];
}

/** A connected component of the link graph; split by maximum span into one or more incidents. */
interface Component {
  seq: number;
  /** Sorted by (startsAt, key): the canonical order every derived value is computed in. */
  members: Occurrence[];
  published: Map<string, PublishedIncident>;
  dirty: boolean;
  /** Clock value at which the component's state changes with no new alert (resolution, staleness, eviction). */
  dueAt: number;
}

export type GroupPhase = 'candidate' | 'open' | 'resolved';

/** A group of linked alerts with its phase; an incident once it has `minAlerts` distinct alerts. */
export interface CorrelatedGroup {
  phase: GroupPhase;
  incident: Incident;
}

/** Every change carries the incident and its member occurrence keys (`fingerprint@startsAt`) for the store. */
export type CorrelationChange =
  | { kind: 'opened' | 'updated' | 'resolved' | 'reopened'; incident: Incident; memberKeys: string[] }
  /** `from` no longer exists: its alerts are now in `incident` (groups joined, or an earlier alert arrived). */
  | { kind: 'merged'; from: string; incident: Incident; memberKeys: string[] }
  /** The incident left the correlator's memory in this final state; later alerts start a new incident. */
  | { kind: 'closed'; incident: Incident; memberKeys: string[] };

type LifecycleChange = 'opened' | 'updated' | 'resolved' | 'reopened';

export interface CorrelatorStats {
  notifications: number;
  duplicateNotifications: number;
  occurrences: number;
  liveOccurrences: number;
  liveGroups: number;
  evictedOccurrences: number;
  /** Notifications for an occurrence that had already left memory (re-delivered resolved notifications). */
  ignoredAfterClose: number;
  /** New occurrences whose startsAt was further behind the clock than allowedLatenessMs. */
  lateOccurrences: number;
}

export interface CorrelatorSnapshot {
  version: 1;
  clock: number;
  occurrences: OccurrenceRecord[];
  published: Array<{ id: string; firstKey: string; status: 'open' | 'resolved'; history: TimelineEntry[] }>;
  tombstones: Array<[string, number]>;
  stats: CorrelatorStats;
}

const ENGINE_ACTOR = 'foresight';
const MAX_JOIN_ENTRIES = 200;

function compareOccurrences(a: OccurrenceRecord, b: OccurrenceRecord): number {
  return a.startsAt - b.startsAt || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
}

export function occurrenceKey(fingerprint: string, startsAt: number): string {
  return `${fingerprint}@${startsAt}`;
}

function describe(occurrence: OccurrenceRecord): string {
  const where = occurrence.service ? ` on ${occurrence.service}` : '';
  const instance = occurrence.labels.instance ?? occurrence.labels.pod;
  return `${occurrence.name}${where}${instance ? ` (${instance})` : ''}`;
}

function validateAlert(alert: Alert): void {
  if (!alert || typeof alert !== 'object') {
    throw new Error(`alert must be an object, got ${String(alert)}`);
  }
  if (typeof alert.fingerprint !== 'string' || alert.fingerprint === '') {
    throw new Error(`alert.fingerprint must be a non-empty string, got ${JSON.stringify(alert.fingerprint)}`);
  }
  if (!Number.isFinite(alert.startsAt)) {
    throw new Error(`alert.startsAt must be a finite ms epoch, got ${String(alert.startsAt)} (${alert.fingerprint})`);
  }
  if (!Number.isFinite(alert.receivedAt)) {
    throw new Error(
      `alert.receivedAt must be a finite ms epoch, got ${String(alert.receivedAt)} (${alert.fingerprint})`
    );
  }
  if (alert.status !== 'firing' && alert.status !== 'resolved') {
    throw new Error(`alert.status must be "firing" or "resolved", got ${JSON.stringify(alert.status)}`);
  }
  if (!SEVERITIES.includes(alert.severity)) {
    throw new Error(`alert.severity must be one of ${SEVERITIES.join(', ')}, got ${JSON.stringify(alert.severity)}`);
  }
}

/**
 * Incremental alert → incident correlator. Feed it notifications in any order with `ingest`; it deduplicates them
 * into occurrences, links occurrences by time window + labels + topology (single linkage, so the groups are the
 * connected components of a symmetric link graph and do not depend on delivery order), splits groups longer than the
 * maximum span, applies the candidate threshold and the resolve policy, and reports what changed. Resolved groups
 * leave memory once no on-time alert can still join them, so memory is bounded by the alerts of the last
 * window + quiet period + allowed lateness.
 */
export class Correlator {
  readonly config: CorrelationConfig;
  private readonly graph: ServiceGraph;
  private readonly catalogue = new Map<string, ServiceNode>();
  private readonly occurrences = new Map<string, Occurrence>();
  private readonly index = new Map<string, Set<Occurrence>>();
  private readonly components = new Set<Component>();
  /** Keys of evicted occurrences with eviction time, so a re-delivered old notification does not reopen anything. */
  private readonly tombstones = new Map<string, number>();
  private nextSeq = 0;
  private clock = -Infinity;
  private readonly counters: CorrelatorStats = {
    notifications: 0,
    duplicateNotifications: 0,
    occurrences: 0,
    liveOccurrences: 0,
    liveGroups: 0,
    evictedOccurrences: 0,
    ignoredAfterClose: 0,
    lateOccurrences: 0,
  };

  constructor(config: Partial<CorrelationConfig> = {}) {
    this.config = resolveCorrelationConfig(config);
    this.graph = new ServiceGraph(this.config.services, this.config.topologyMaxHops);
    for (const node of this.config.services) {
      this.catalogue.set(node.name, node);
    }
  }

  /** Current clock (ms epoch): the largest `now` seen. */
  get now(): number {
    return this.clock;
  }

  /**
   * Adds notifications and moves the clock to `now` (wall clock in the backend, simulated time in benchmarks).
   * Throws on an invalid alert before changing anything, naming the field.
   */
  ingest(alerts: readonly Alert[], now: number): CorrelationChange[] {
    if (!Number.isFinite(now)) {
      throw new Error(`now must be a finite ms epoch, got ${String(now)}`);
    }
    alerts.forEach(validateAlert);
    this.clock = Math.max(this.clock, now);
    for (const alert of alerts) {
      this.add(alert);
    }
    return this.advance(now);
  }

  /** Moves the clock without new alerts: resolves quiet groups, evicts closed ones. */
  advance(now: number): CorrelationChange[] {
    if (!Number.isFinite(now)) {
      throw new Error(`now must be a finite ms epoch, got ${String(now)}`);
    }
    this.clock = Math.max(this.clock, now);
    const changes: CorrelationChange[] = [];
    const ordered = [...this.components].sort((a, b) => a.seq - b.seq);
    for (const component of ordered) {
      if (component.dirty || component.dueAt <= this.clock) {
        this.refresh(component, changes);
      }
    }
    this.pruneTombstones();
    return changes;
  }

  /** Live incidents (not candidates), most urgent first. */
  incidents(): Incident[] {
    return this.groups()
      .filter((group) => group.phase !== 'candidate')
      .map((group) => group.incident)
      .sort((a, b) => b.priority - a.priority || a.onsetAt - b.onsetAt);
  }

  /** Every live group including candidates below `minAlerts`, in onset order. */
  groups(): CorrelatedGroup[] {
    const result: CorrelatedGroup[] = [];
    for (const component of this.components) {
      for (const chunk of this.chunks(component)) {
        result.push({ phase: this.phaseOf(chunk), incident: this.buildIncident(chunk, component) });
      }
    }
    return result.sort((a, b) => a.incident.onsetAt - b.incident.onsetAt || (a.incident.id < b.incident.id ? -1 : 1));
  }

  incident(id: string): Incident | undefined {
    return this.groups().find((group) => group.incident.id === id)?.incident;
  }

  /** Member occurrences of a live group, in event-time order, with why each joined. */
  members(id: string): OccurrenceRecord[] {
    for (const component of this.components) {
      for (const chunk of this.chunks(component)) {
        if (this.chunkId(chunk) === id) {
          return chunk.map((occurrence) => this.record(occurrence));
        }
      }
    }
    return [];
  }

  stats(): CorrelatorStats {
    return { ...this.counters, liveOccurrences: this.occurrences.size, liveGroups: this.components.size };
  }

  /** JSON-serialisable state; `Correlator.fromSnapshot` rebuilds an identical correlator. */
  snapshot(): CorrelatorSnapshot {
    const occurrences = [...this.occurrences.values()].sort(compareOccurrences).map((o) => this.record(o));
    const published: CorrelatorSnapshot['published'] = [];
    for (const component of this.components) {
      for (const entry of component.published.values()) {
        published.push({ id: entry.id, firstKey: entry.firstKey, status: entry.status, history: [...entry.history] });
      }
    }
    return {
      version: 1,
      clock: this.clock,
      occurrences,
      published,
      tombstones: [...this.tombstones.entries()],
      stats: this.stats(),
    };
  }

  static fromSnapshot(snapshot: CorrelatorSnapshot, config: Partial<CorrelationConfig> = {}): Correlator {
    if (snapshot?.version !== 1) {
      throw new Error(`correlator snapshot: unsupported version ${JSON.stringify(snapshot?.version)}`);
    }
    const correlator = new Correlator(config);
    correlator.clock = snapshot.clock;
    for (const record of [...snapshot.occurrences].sort(compareOccurrences)) {
      correlator.insert({ ...record, labels: { ...record.labels }, annotations: { ...record.annotations } }, false);
    }
    const byFirstKey = new Map(snapshot.published.map((entry) => [entry.firstKey, entry]));
    for (const component of correlator.components) {
      for (const chunk of correlator.chunks(component)) {
        for (const member of chunk) {
          const entry = byFirstKey.get(member.key);
          if (entry) {
            component.published.set(entry.id, { ...entry, history: [...entry.history], signature: '' });
          }
        }
      }
    }
    for (const [key, at] of snapshot.tombstones) {
      correlator.tombstones.set(key, at);
    }
    Object.assign(correlator.counters, snapshot.stats);
    // Recompute signatures silently: the restored correlator reports only changes that happen after the restore.
    for (const component of correlator.components) {
      correlator.refresh(component, []);
    }
    return correlator;
  }

  private record(occurrence: Occurrence): OccurrenceRecord {
    const { ownKeys: _ownKeys, component: _component, joinDetail: _joinDetail, ...record } = occurrence;
    return { ...record, labels: { ...record.labels }, annotations: { ...record.annotations } };
  }

  private add(alert: Alert): void {
    this.counters.notifications++;
    const key = occurrenceKey(alert.fingerprint, alert.startsAt);
    const existing = this.occurrences.get(key);
    if (existing) {
      this.counters.duplicateNotifications++;
      this.mergeNotification(existing, alert);
      existing.component.dirty = true;
      return;
    }
    if (this.tombstones.has(key)) {
      this.counters.ignoredAfterClose++;
      return;
    }
    if (alert.startsAt < this.clock - this.config.allowedLatenessMs) {
      this.counters.lateOccurrences++;
    }
    const resolved = alert.status === 'resolved';
    this.insert(
      {
        key,
        fingerprint: alert.fingerprint,
        source: alert.source,
        name: alert.name,
        service: alert.service ?? alert.labels?.service,
        labels: { ...(alert.labels ?? {}) },
        annotations: { ...(alert.annotations ?? {}) },
        annotationsReceivedAt: alert.receivedAt,
        severity: alert.severity,
        startsAt: alert.startsAt,
        endsAt: resolved ? (alert.endsAt ?? alert.receivedAt) : undefined,
        resolved,
        firstReceivedAt: alert.receivedAt,
        lastReceivedAt: alert.receivedAt,
        deliveries: 1,
        generatorUrl: alert.generatorUrl,
        runbookUrl: alert.runbookUrl ?? alert.annotations?.runbook_url,
        joinReason: '',
      },
      true
    );
  }

  /** Folds a repeated notification into its occurrence with order-independent rules (max, min, resolved wins). */
  private mergeNotification(occurrence: Occurrence, alert: Alert): void {
    occurrence.deliveries++;
    occurrence.severity = maxSeverity(occurrence.severity, alert.severity);
    occurrence.firstReceivedAt = Math.min(occurrence.firstReceivedAt, alert.receivedAt);
    occurrence.lastReceivedAt = Math.max(occurrence.lastReceivedAt, alert.receivedAt);
    if (alert.status === 'resolved') {
      const endsAt = alert.endsAt ?? alert.receivedAt;
      occurrence.endsAt = occurrence.resolved ? Math.max(occurrence.endsAt ?? endsAt, endsAt) : endsAt;
      occurrence.resolved = true;
    }
    if (alert.receivedAt >= occurrence.annotationsReceivedAt) {
      occurrence.annotations = { ...(alert.annotations ?? {}) };
      occurrence.annotationsReceivedAt = alert.receivedAt;
      occurrence.runbookUrl = alert.runbookUrl ?? alert.annotations?.runbook_url ?? occurrence.runbookUrl;
      occurrence.generatorUrl = alert.generatorUrl ?? occurrence.generatorUrl;
    }
  }

  /** Links a new occurrence to every live occurrence it scores with, joining their components. */
  private insert(record: OccurrenceRecord, explain: boolean): void {
    const subject: LinkSubject = record;
    const linkedComponents = new Map<Component, { link: Link; other: Occurrence }>();
    for (const indexKey of probeIndexKeys(subject, this.config, this.graph)) {
      const bucket = this.index.get(indexKey);
      if (!bucket) {
        continue;
      }
      for (const other of bucket) {
        const link = linkBetween(subject, other, this.config, this.graph);
        if (!link) {
          continue;
        }
        const best = linkedComponents.get(other.component);
        if (
          !best ||
          link.score > best.link.score ||
          (link.score === best.link.score &&
            Math.abs(other.startsAt - record.startsAt) < Math.abs(best.other.startsAt - record.startsAt))
        ) {
          linkedComponents.set(other.component, { link, other });
        }
      }
    }

    const targets = [...linkedComponents.keys()].sort((a, b) => b.members.length - a.members.length || a.seq - b.seq);
    let component: Component;
    if (targets.length === 0) {
      component = { seq: this.nextSeq++, members: [], published: new Map(), dirty: true, dueAt: Infinity };
      this.components.add(component);
    } else {
      component = targets[0];
      for (const absorbed of targets.slice(1)) {
        this.absorb(component, absorbed);
      }
    }
    if (explain) {
      record.joinReason =
        targets.length === 0
          ? 'first alert of its group'
          : [...linkedComponents.values()]
              .sort((a, b) => b.link.score - a.link.score || compareOccurrences(a.other, b.other))
              .map(({ link, other }) => `linked to ${describe(other)}: ${link.reason}`)
              .join('; ');
    }
    const occurrence: Occurrence = { ...record, ownKeys: ownIndexKeys(subject, this.config), component };
    insertSorted(component.members, occurrence);
    component.dirty = true;
    this.occurrences.set(occurrence.key, occurrence);
    for (const indexKey of occurrence.ownKeys) {
      let bucket = this.index.get(indexKey);
      if (!bucket) {
        bucket = new Set();
        this.index.set(indexKey, bucket);
      }
      bucket.add(occurrence);
    }
    this.counters.occurrences++;
  }

  private absorb(into: Component, from: Component): void {
    for (const member of from.members) {
      member.component = into;
    }
    into.members = mergeSorted(into.members, from.members);
    for (const [id, entry] of from.published) {
      into.published.set(id, entry);
    }
    into.dirty = true;
    this.components.delete(from);
  }

  /** Splits a component into incidents: a new one starts when a member starts more than maxSpan after the first. */
  private chunks(component: Component): Occurrence[][] {
    const result: Occurrence[][] = [];
    let current: Occurrence[] = [];
    for (const member of component.members) {
      if (current.length > 0 && member.startsAt - current[0].startsAt > this.config.maxSpanMs) {
        result.push(current);
        current = [];
      }
      current.push(member);
    }
    if (current.length > 0) {
      result.push(current);
    }
    return result;
  }

  private chunkId(chunk: Occurrence[]): string {
    return incidentId(chunk[0].key, chunk[0].startsAt);
  }

  /** Resolution time of an occurrence as of the clock, or undefined while it is firing (stale alerts resolve). */
  private endOf(occurrence: Occurrence): number | undefined {
    if (occurrence.resolved) {
      return occurrence.endsAt ?? occurrence.lastReceivedAt;
    }
    return this.clock - occurrence.lastReceivedAt > this.config.staleAfterMs ? occurrence.lastReceivedAt : undefined;
  }

  /** Time the last member resolved, or undefined while any member fires. */
  private lastEnd(chunk: Occurrence[]): number | undefined {
    let last = -Infinity;
    for (const member of chunk) {
      const end = this.endOf(member);
      if (end === undefined) {
        return undefined;
      }
      last = Math.max(last, end, member.startsAt);
    }
    return last;
  }

  private distinctFingerprints(chunk: Occurrence[]): number {
    return new Set(chunk.map((member) => member.fingerprint)).size;
  }

  private phaseOf(chunk: Occurrence[]): GroupPhase {
    if (this.distinctFingerprints(chunk) < this.config.minAlerts) {
      return 'candidate';
    }
    const lastEnd = this.lastEnd(chunk);
    return lastEnd !== undefined && this.clock >= lastEnd + this.config.quietPeriodMs ? 'resolved' : 'open';
  }

  private buildIncident(chunk: Occurrence[], component: Component, published?: PublishedIncident): Incident {
    const id = this.chunkId(chunk);
    const entry = published ?? component.published.get(id);
    let severity: Severity = 'info';
    const names = new Map<string, number>();
    const services = new Set<string>();
    const runbooks = new Set<string>();
    const firstArrival = new Map<string, number>();
    let firingCount = 0;
    let lastEventAt = -Infinity;
    let affectedUsers: number | undefined;
    for (const member of chunk) {
      severity = maxSeverity(severity, member.severity);
      names.set(member.name, (names.get(member.name) ?? 0) + 1);
      if (member.service) {
        services.add(member.service);
        const serviceRunbook = this.catalogue.get(member.service)?.runbookUrl;
        if (serviceRunbook) {
          runbooks.add(serviceRunbook);
        }
      }
      if (member.runbookUrl) {
        runbooks.add(member.runbookUrl);
      }
      const seen = firstArrival.get(member.fingerprint);
      firstArrival.set(
        member.fingerprint,
        seen === undefined ? member.firstReceivedAt : Math.min(seen, member.firstReceivedAt)
      );
      const end = this.endOf(member);
      if (end === undefined) {
        firingCount++;
      }
      lastEventAt = Math.max(lastEventAt, member.startsAt, end ?? -Infinity);
      const users = Number(member.annotations.affected_users);
      if (member.annotations.affected_users !== undefined && Number.isFinite(users)) {
        affectedUsers = Math.max(affectedUsers ?? 0, users);
      }
    }
    const serviceList = [...services].sort();
    const rootCauseCandidates = this.graph.rootCauseCandidates(serviceList);
    const catalogueNodes = serviceList.map((name) => this.catalogue.get(name)).filter((n): n is ServiceNode => !!n);
    const { priority, reasons } = priorityScore({
      severity,
      services: serviceList,
      catalogue: catalogueNodes,
      alertCount: chunk.length,
      firingCount,
      affectedUsers,
    });
    const arrivals = [...firstArrival.values()].sort((a, b) => a - b);
    const detectedAt = arrivals[Math.min(this.config.minAlerts, arrivals.length) - 1];
    const topName = [...names.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0][0];
    const focus = rootCauseCandidates[0];
    const otherServices = serviceList.length - (focus ? 1 : 0);
    const title = `${topName}${focus ? ` on ${focus}` : ''}${otherServices > 0 ? ` (+${otherServices} service${otherServices > 1 ? 's' : ''})` : ''}`;
    const phase = this.phaseOf(chunk);
    const lastEnd = this.lastEnd(chunk);

    const timeline: TimelineEntry[] = [
      { at: chunk[0].startsAt, actor: ENGINE_ACTOR, event: 'opened', detail: `first alert ${describe(chunk[0])}` },
    ];
    for (const member of chunk.slice(1, MAX_JOIN_ENTRIES + 1)) {
      timeline.push({
        at: member.startsAt,
        actor: ENGINE_ACTOR,
        event: 'joined',
        detail: (member.joinDetail ??= `${describe(member)} joined: ${member.joinReason}`),
      });
    }
    if (chunk.length > MAX_JOIN_ENTRIES + 1) {
      timeline.push({
        at: chunk[chunk.length - 1].startsAt,
        actor: ENGINE_ACTOR,
        event: 'joined',
        detail: `… and ${chunk.length - MAX_JOIN_ENTRIES - 1} more alerts joined`,
      });
    }
    if (entry) {
      timeline.push(...entry.history);
    }
    timeline.sort((a, b) => a.at - b.at);

    return {
      id,
      title,
      status: phase === 'resolved' ? 'resolved' : 'open',
      severity,
      priority,
      priorityReasons: reasons,
      services: serviceList,
      rootCauseCandidates,
      alertFingerprints: [...firstArrival.keys()].sort(),
      alertCount: chunk.length,
      firingCount,
      onsetAt: chunk[0].startsAt,
      detectedAt,
      resolvedAt: phase === 'resolved' ? lastEnd : undefined,
      lastEventAt,
      runbookUrls: [...runbooks].sort(),
      timeline,
    };
  }

  private signature(incident: Incident): string {
    return [
      incident.status,
      incident.alertCount,
      incident.firingCount,
      incident.severity,
      incident.priority,
      incident.services.join(','),
      incident.detectedAt,
      incident.lastEventAt,
    ].join('|');
  }

  /** Recomputes a component's incidents, reports the differences, and evicts it when nothing can change any more. */
  private refresh(component: Component, changes: CorrelationChange[]): void {
    component.dirty = false;
    const chunks = this.chunks(component);
    const previous = component.published;
    const next = new Map<string, PublishedIncident>();
    const chunkOfKey = new Map<string, string>();
    const built: Array<{
      incident: Incident;
      entry: PublishedIncident;
      memberKeys: string[];
      change?: LifecycleChange;
    }> = [];
    const phases = chunks.map((chunk) => this.phaseOf(chunk));

    chunks.forEach((chunk, i) => {
      const id = this.chunkId(chunk);
      for (const member of chunk) {
        chunkOfKey.set(member.key, id);
      }
      if (phases[i] === 'candidate') {
        return;
      }
      const status = phases[i] === 'resolved' ? 'resolved' : 'open';
      const before = previous.get(id);
      const entry: PublishedIncident = before
        ? { ...before, history: [...before.history] }
        : { id, firstKey: chunk[0].key, status, signature: '', history: [] };
      let change: LifecycleChange | undefined;
      if (!before) {
        change = 'opened';
      } else if (before.status === 'open' && status === 'resolved') {
        change = 'resolved';
      } else if (before.status === 'resolved' && status === 'open') {
        change = 'reopened';
      }
      if (status === 'resolved' && (change === 'resolved' || change === 'opened')) {
        const lastEnd = this.lastEnd(chunk)!;
        entry.history.push({
          at: lastEnd + this.config.quietPeriodMs,
          actor: ENGINE_ACTOR,
          event: 'resolved',
          detail: `all ${chunk.length} alerts resolved and quiet for ${Math.round(this.config.quietPeriodMs / 60_000)} min`,
        });
      }
      if (change === 'reopened') {
        entry.history.push({
          at: this.clock,
          actor: ENGINE_ACTOR,
          event: 'reopened',
          detail: 'a member alert fired again',
        });
      }
      entry.status = status;
      const incident = this.buildIncident(chunk, component, entry);
      const signature = this.signature(incident);
      if (!change && signature !== entry.signature) {
        change = 'updated';
      }
      entry.signature = signature;
      next.set(id, entry);
      built.push({ incident, entry, change, memberKeys: chunk.map((member) => member.key) });
    });

    // Published ids that disappeared were merged into whichever incident now holds their first alert.
    const mergedInto = new Map<string, string[]>();
    for (const [id, entry] of previous) {
      if (next.has(id)) {
        continue;
      }
      const successor = chunkOfKey.get(entry.firstKey);
      const target = successor !== undefined ? next.get(successor) : undefined;
      if (target) {
        target.history.push(...entry.history.filter((h) => h.event === 'merged'));
        target.history.push({ at: this.clock, actor: ENGINE_ACTOR, event: 'merged', detail: `absorbed ${id}` });
        mergedInto.set(target.id, [...(mergedInto.get(target.id) ?? []), id]);
      }
    }
    for (const item of built) {
      const absorbed = mergedInto.get(item.entry.id);
      if (absorbed) {
        item.incident = this.buildIncident(
          chunks.find((chunk) => this.chunkId(chunk) === item.entry.id)!,
          component,
          item.entry
        );
      }
      if (item.change) {
        changes.push({ kind: item.change, incident: item.incident, memberKeys: item.memberKeys });
      }
      for (const from of absorbed ?? []) {
        changes.push({ kind: 'merged', from, incident: item.incident, memberKeys: item.memberKeys });
      }
    }
    component.published = next;

    const { due, evictAt } = this.nextDue(component, chunks, phases);
    component.dueAt = due;
    if (evictAt <= this.clock) {
      this.evict(component, built, changes);
    }
  }

  /**
   * When the component next changes on its own (a quiet period ends, an alert goes stale) and when it may leave
   * memory: all members resolved, quiet period over, and no on-time alert can still link to its last member.
   */
  private nextDue(
    component: Component,
    chunks: Occurrence[][],
    phases: GroupPhase[]
  ): { due: number; evictAt: number } {
    let due = Infinity;
    let allResolved = true;
    let lastQuietEnd = -Infinity;
    chunks.forEach((chunk, i) => {
      const lastEnd = this.lastEnd(chunk);
      if (lastEnd === undefined) {
        allResolved = false;
        for (const member of chunk) {
          if (this.endOf(member) === undefined) {
            due = Math.min(due, member.lastReceivedAt + this.config.staleAfterMs + 1);
          }
        }
        return;
      }
      const quietEnd = lastEnd + this.config.quietPeriodMs;
      if (phases[i] === 'open') {
        due = Math.min(due, quietEnd);
      }
      lastQuietEnd = Math.max(lastQuietEnd, quietEnd);
    });
    if (!allResolved) {
      return { due, evictAt: Infinity };
    }
    const lastStart = component.members[component.members.length - 1].startsAt;
    const evictAt = Math.max(lastQuietEnd, lastStart + this.config.windowMs) + this.config.allowedLatenessMs;
    return { due: Math.min(due, evictAt), evictAt };
  }

  private evict(
    component: Component,
    finalIncidents: Array<{ incident: Incident; memberKeys: string[] }>,
    changes: CorrelationChange[]
  ): void {
    for (const { incident, memberKeys } of finalIncidents) {
      changes.push({ kind: 'closed', incident, memberKeys });
    }
    for (const member of component.members) {
      this.occurrences.delete(member.key);
      this.tombstones.set(member.key, this.clock);
      for (const indexKey of member.ownKeys) {
        const bucket = this.index.get(indexKey);
        bucket?.delete(member);
        if (bucket && bucket.size === 0) {
          this.index.delete(indexKey);
        }
      }
    }
    this.counters.evictedOccurrences += component.members.length;
    this.components.delete(component);
  }

  /** Tombstones only need to outlive the lateness horizon; Map iteration is insertion (= eviction time) order. */
  private pruneTombstones(): void {
    const horizon = this.clock - this.config.allowedLatenessMs - this.config.quietPeriodMs - this.config.windowMs;
    for (const [key, evictedAt] of this.tombstones) {
      if (evictedAt >= horizon) {
        break;
      }
      this.tombstones.delete(key);
    }
  }
}

/** Inserts into an array sorted by (startsAt, key); new alerts are usually the latest, so search from the end. */
function insertSorted(members: Occurrence[], occurrence: Occurrence): void {
  let i = members.length;
  while (i > 0 && compareOccurrences(members[i - 1], occurrence) > 0) {
    i--;
  }
  members.splice(i, 0, occurrence);
}

function mergeSorted(a: Occurrence[], b: Occurrence[]): Occurrence[] {
  const out: Occurrence[] = new Array(a.length + b.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < a.length && j < b.length) {
    out[k++] = compareOccurrences(a[i], b[j]) <= 0 ? a[i++] : b[j++];
  }
  while (i < a.length) {
    out[k++] = a[i++];
  }
  while (j < b.length) {
    out[k++] = b[j++];
  }
  return out;
}
