/**
 * Seeded alert-storm generator with ground truth. Services are grouped in applications (web → api → mid-tier →
 * data stores); an incident starts at a failing service and makes a random subset of its callers alert too, with
 * propagation delays. Incidents of different applications overlap in time. On top: flapping alerts (inside
 * incidents and standalone), Alertmanager-style repeat and duplicate notifications, delivery delays and reordering,
 * a volatile `value` label, and background noise (isolated alerts). Notifications come out lazily in arrival
 * order, so a million-alert storm never sits in memory.
 */
import { alertFingerprint } from '../../src/engine/incidents/fingerprint';
import { Alert } from '../../src/engine/incidents/types';
import { Severity } from '../../src/engine/severity';
import { ServiceNode } from '../../src/engine/topology/types';
import { Heap } from './heap';
import { createRng } from '../../src/engine/stats/random';

const SECOND = 1000;
const MINUTE = 60 * SECOND;

export interface StormOptions {
  seed: number;
  /** Stop once this many distinct alert occurrences have been generated. */
  occurrences: number;
  applications: number;
  /** Mean quiet gap between two incidents of the same application (ms). */
  meanIncidentGapMs: number;
  /** Mean time between two background-noise alerts over the whole estate (ms). */
  meanNoiseGapMs: number;
  /** Mean time between two standalone flapping alerts (ms). */
  meanFlappingGapMs: number;
  /** Probability a caller of an affected service is affected too. */
  propagation: number;
  /** Probability a notification is delivered twice. */
  duplicateRate: number;
  /** Probability a notification is delayed by up to `maxExtraDelayMs` (retries, Alertmanager group_interval). */
  lateRate: number;
  maxExtraDelayMs: number;
  /** The correlation window the storm is built for: incidents of one application are further apart than this. */
  windowMs: number;
  start: number;
}

export const DEFAULT_STORM: StormOptions = {
  seed: 42,
  occurrences: 5_000,
  applications: 6,
  meanIncidentGapMs: 60 * MINUTE,
  meanNoiseGapMs: 30 * MINUTE,
  meanFlappingGapMs: 90 * MINUTE,
  propagation: 0.8,
  duplicateRate: 0.1,
  lateRate: 0.05,
  maxExtraDelayMs: 5 * MINUTE,
  windowMs: 5 * MINUTE,
  start: Date.UTC(2026, 10, 1),
};

/** One notification as a webhook would deliver it, with the truth label of its occurrence. */
export interface StormNotification {
  alert: Alert;
  /** Ground-truth group: `I<n>` incident, `F<n>` standalone flapping alert, `N<n>` isolated noise alert. */
  truth: string;
  occurrenceKey: string;
}

const TIER_NAMES = {
  web: ['web'],
  api: ['api'],
  mid: ['checkout', 'search', 'accounts'],
  data: ['payments', 'db', 'cache', 'index'],
};
const MID_DEPENDENCIES: Record<string, string[]> = {
  checkout: ['payments', 'db'],
  search: ['index', 'cache'],
  accounts: ['db', 'cache'],
};
const APP_NAMES = ['shop', 'media', 'billing', 'travel', 'games', 'maps', 'mail', 'docs', 'bank', 'ads'];
const SYMPTOMS = ['HighLatency', 'HighErrorRate', 'SaturationHigh', 'PodCrashLooping', 'ThroughputDrop'];
const CAUSES = ['InstanceDown', 'ConnectionPoolExhausted', 'DiskFull', 'MemoryPressure', 'ReplicationLag'];
const NOISE = ['CertificateExpiringSoon', 'PodRestarted', 'CronJobSlow', 'ConfigReloadFailed', 'NodeClockSkew'];

/** The generated service catalogue: each application is web → api → {checkout, search, accounts} → stores. */
export function stormCatalogue(applications: number): ServiceNode[] {
  const services: ServiceNode[] = [];
  for (let a = 0; a < applications; a++) {
    const app =
      APP_NAMES[a % APP_NAMES.length] + (a >= APP_NAMES.length ? String(Math.floor(a / APP_NAMES.length)) : '');
    const name = (service: string) => `${app}-${service}`;
    services.push({ name: name('web'), dependsOn: [name('api')], tier: 1, revenuePerHour: 5_000 });
    services.push({ name: name('api'), dependsOn: TIER_NAMES.mid.map(name), tier: 1 });
    for (const mid of TIER_NAMES.mid) {
      services.push({ name: name(mid), dependsOn: MID_DEPENDENCIES[mid].map(name), tier: 2 });
    }
    for (const data of TIER_NAMES.data) {
      services.push({ name: name(data), dependsOn: [], tier: 3, runbookUrl: `https://runbooks.example/${data}` });
    }
  }
  return services;
}

function appOf(service: string): string {
  return service.slice(0, service.lastIndexOf('-'));
}

/** Callers of each service (reverse dependsOn) for propagating symptoms upwards. */
function callersOf(catalogue: ServiceNode[]): Map<string, string[]> {
  const callers = new Map<string, string[]>();
  for (const node of catalogue) {
    for (const callee of node.dependsOn) {
      callers.set(callee, [...(callers.get(callee) ?? []), node.name]);
    }
  }
  return callers;
}

interface Episode {
  /** Firing intervals [start, end] of one alert; a flapping alert has several. */
  intervals: Array<[number, number]>;
  labels: Record<string, string>;
  severity: Severity;
  truth: string;
}

/** Generates the storm lazily, in arrival order. */
export function* generateStorm(options: Partial<StormOptions> = {}): Generator<StormNotification> {
  const o: StormOptions = { ...DEFAULT_STORM, ...options };
  const random = createRng(o.seed);
  const catalogue = stormCatalogue(o.applications);
  const callers = callersOf(catalogue);
  const apps = [...new Set(catalogue.map((node) => appOf(node.name)))];
  const clusterOf = (app: string) => (apps.indexOf(app) % 2 === 0 ? 'prod-eu' : 'prod-us');
  const pending = new Heap<StormNotification>((a, b) => a.alert.receivedAt - b.alert.receivedAt);

  // Next start time of each process: one incident stream per application, plus noise and standalone flapping.
  const nextIncident = apps.map(() => o.start + random.exponential(o.meanIncidentGapMs));
  let nextNoise = o.start + random.exponential(o.meanNoiseGapMs);
  let nextFlapping = o.start + random.exponential(o.meanFlappingGapMs);
  let incidents = 0;
  let noise = 0;
  let flapping = 0;
  let generated = 0;

  const schedule = (episode: Episode) => {
    const fingerprint = alertFingerprint(episode.labels);
    for (const [startsAt, endsAt] of episode.intervals) {
      generated++;
      const occurrenceKey = `${fingerprint}@${startsAt}`;
      const notify = (status: 'firing' | 'resolved', eventAt: number) => {
        // Alertmanager: group_wait 30 s plus sending jitter; some notifications are late (retries, batching).
        let receivedAt = eventAt + 30 * SECOND + random.int(0, 30 * SECOND);
        if (random.next() < o.lateRate) {
          receivedAt += random.int(0, o.maxExtraDelayMs);
        }
        const labels: Record<string, string> = { ...episode.labels, value: (random.next() * 100).toFixed(2) };
        const alert: Alert = {
          fingerprint,
          source: 'alertmanager',
          status,
          name: labels.alertname,
          severity: episode.severity,
          labels,
          annotations: { summary: `${labels.alertname} on ${labels.service}` },
          startsAt,
          endsAt: status === 'resolved' ? endsAt : undefined,
          receivedAt,
          service: labels.service,
        };
        const copies = random.next() < o.duplicateRate ? 2 : 1;
        for (let c = 0; c < copies; c++) {
          pending.push({
            alert: c === 0 ? alert : { ...alert, receivedAt: alert.receivedAt + random.int(0, 20 * SECOND) },
            truth: episode.truth,
            occurrenceKey,
          });
        }
      };
      notify('firing', startsAt);
      // Repeat notifications while firing (Alertmanager group_interval 5 min).
      for (let at = startsAt + 5 * MINUTE; at < endsAt; at += 5 * MINUTE) {
        notify('firing', at);
      }
      notify('resolved', endsAt);
    }
  };

  const flappingIntervals = (from: number, episodes: number): Array<[number, number]> => {
    const intervals: Array<[number, number]> = [];
    let at = from;
    for (let e = 0; e < episodes; e++) {
      const end = at + random.int(MINUTE, 3 * MINUTE);
      intervals.push([at, end]);
      // Gap below the window so the episodes belong together.
      at = end + random.int(30 * SECOND, o.windowMs - 2 * MINUTE);
    }
    return intervals;
  };

  const makeIncident = (appIndex: number, start: number): number => {
    const app = apps[appIndex];
    const truth = `I${incidents++}`;
    const appServices = catalogue.filter((node) => appOf(node.name) === app);
    // Root causes are mostly data stores and mid-tier services.
    const candidates = appServices.filter((node) => !node.name.endsWith('-web'));
    const root = random.pick(candidates).name;
    const affected = new Map<string, number>([[root, 0]]);
    const queue = [root];
    while (queue.length > 0) {
      const service = queue.shift()!;
      for (const caller of callers.get(service) ?? []) {
        if (!affected.has(caller) && random.next() < o.propagation) {
          affected.set(caller, affected.get(service)! + 1);
          queue.push(caller);
        }
      }
    }
    let lastStart = start;
    for (const [service, depth] of affected) {
      const names =
        service === root
          ? [random.pick(CAUSES), ...random.sample(SYMPTOMS, random.int(0, 1))]
          : random.sample(SYMPTOMS, random.int(1, 2));
      for (const alertname of names) {
        const instances = random.int(1, 6);
        for (let i = 0; i < instances; i++) {
          const startsAt = start + depth * random.int(30 * SECOND, 2 * MINUTE) + random.int(0, 2 * MINUTE);
          lastStart = Math.max(lastStart, startsAt);
          const flaps = random.next() < 0.15;
          const intervals: Array<[number, number]> = flaps
            ? flappingIntervals(startsAt, random.int(2, 4))
            : [[startsAt, startsAt + random.int(5 * MINUTE, 45 * MINUTE)]];
          for (const [s] of intervals) {
            lastStart = Math.max(lastStart, s);
          }
          schedule({
            intervals,
            labels: {
              alertname,
              service,
              instance: `${service}-${i}`,
              namespace: app,
              cluster: clusterOf(app),
              severity:
                service === root
                  ? random.pick(['critical', 'high'] as const)
                  : random.pick(['warning', 'high'] as const),
            },
            severity: service === root ? 'critical' : 'medium',
            truth,
          });
        }
      }
    }
    return lastStart;
  };

  while (generated < o.occurrences) {
    const appIndex = nextIncident.indexOf(Math.min(...nextIncident));
    const now = Math.min(nextIncident[appIndex], nextNoise, nextFlapping);
    // Everything that arrives before the next episode starts can be emitted: later episodes arrive later.
    while (pending.size > 0 && pending.peek()!.alert.receivedAt <= now) {
      yield pending.pop()!;
    }
    if (now === nextNoise) {
      const service = random.pick(catalogue).name;
      const at = nextNoise;
      schedule({
        intervals: [[at, at + random.int(MINUTE, 10 * MINUTE)]],
        labels: {
          alertname: random.pick(NOISE),
          service,
          instance: `${service}-${random.int(0, 3)}`,
          namespace: appOf(service),
          cluster: clusterOf(appOf(service)),
          severity: 'warning',
        },
        severity: 'low',
        truth: `N${noise++}`,
      });
      nextNoise += random.exponential(o.meanNoiseGapMs);
    } else if (now === nextFlapping) {
      const service = random.pick(catalogue).name;
      schedule({
        intervals: flappingIntervals(nextFlapping, random.int(4, 8)),
        labels: {
          alertname: 'DiskSpaceLow',
          service,
          instance: `${service}-${random.int(0, 3)}`,
          namespace: appOf(service),
          cluster: clusterOf(appOf(service)),
          severity: 'warning',
        },
        severity: 'low',
        truth: `F${flapping++}`,
      });
      nextFlapping += random.exponential(o.meanFlappingGapMs);
    } else {
      const lastStart = makeIncident(appIndex, nextIncident[appIndex]);
      // The next incident of this application starts well outside the window of this one's last alert.
      nextIncident[appIndex] = lastStart + o.windowMs + 2 * MINUTE + random.exponential(o.meanIncidentGapMs);
    }
  }
  while (pending.size > 0) {
    yield pending.pop()!;
  }
}
