/**
 * Alert-storm benchmark: `npm run bench:storm -- [--seed 42] [--alerts N] [--occurrences N] [--batch 50]
 * [--min-alerts 1] [--no-quality]`.
 * Feeds a seeded storm with ground truth (bench/storm/storm.ts) through the correlator in arrival order, in
 * webhook-sized batches, and prints compression, adjusted Rand index and per-incident purity against the truth,
 * correlation throughput, peak RSS, and whether a reordered delivery of the same storm gives identical incidents.
 * `--alerts 1000000` runs the memory-bound check (quality bookkeeping is off above 200,000 notifications so the
 * RSS measures the correlator, not the benchmark's own maps).
 */
import { performance } from 'node:perf_hooks';
import { CorrelationChange, Correlator } from '../../src/engine/incidents/correlator';
import { adjustedRandIndex, groupPurities } from '../../src/engine/incidents/groupingQuality';
import { CorrelationConfig, DEFAULT_CORRELATION_CONFIG } from '../../src/engine/incidents/config';
import { Heap } from './heap';
import { createRng } from '../../src/engine/stats/random';
import { DEFAULT_STORM, generateStorm, stormCatalogue, StormNotification, StormOptions } from './storm';

interface RunOptions {
  storm: StormOptions;
  maxNotifications: number;
  batch: number;
  minAlerts: number;
  topologyMaxHops: number;
  quality: boolean;
}

interface RunResult {
  notifications: number;
  occurrences: number;
  incidents: number;
  /** occurrence key → final incident id (quality mode only). */
  predicted: Map<string, string>;
  /** occurrence key → truth label (quality mode only). */
  truth: Map<string, string>;
  correlateMs: number;
  wallMs: number;
  maxLiveOccurrences: number;
  maxLiveGroups: number;
  finalLiveOccurrences: number;
  /** Final incidents as "id: sorted member keys" lines, for the order check. */
  fingerprint: string[];
}

function parseArgs(argv: string[]): RunOptions {
  const value = (name: string): string | undefined => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const number = (name: string, fallback: number): number => {
    const raw = value(name);
    if (raw === undefined) {
      return fallback;
    }
    const parsed = Number(raw);
    if (!Number.isFinite(parsed) || parsed <= 0) {
      throw new Error(`--${name} must be a positive number, got ${JSON.stringify(raw)}`);
    }
    return parsed;
  };
  const maxNotifications = number('alerts', Infinity);
  const occurrences = number(
    'occurrences',
    Number.isFinite(maxNotifications) ? Number.MAX_SAFE_INTEGER : DEFAULT_STORM.occurrences
  );
  return {
    storm: { ...DEFAULT_STORM, seed: number('seed', DEFAULT_STORM.seed), occurrences },
    maxNotifications,
    batch: number('batch', 50),
    minAlerts: number('min-alerts', 1),
    topologyMaxHops: number('hops', DEFAULT_CORRELATION_CONFIG.topologyMaxHops),
    quality: !argv.includes('--no-quality') && !(Number.isFinite(maxNotifications) && maxNotifications > 200_000),
  };
}

/** Re-delivers a storm with extra random delays (bounded), in the new arrival order. */
function* delayed(source: Iterable<StormNotification>, maxDelayMs: number, seed: number): Generator<StormNotification> {
  const random = createRng(seed);
  const heap = new Heap<StormNotification>((a, b) => a.alert.receivedAt - b.alert.receivedAt);
  for (const notification of source) {
    heap.push({
      ...notification,
      alert: { ...notification.alert, receivedAt: notification.alert.receivedAt + random.int(0, maxDelayMs) },
    });
    while (heap.size > 0 && heap.peek()!.alert.receivedAt <= notification.alert.receivedAt) {
      yield heap.pop()!;
    }
  }
  while (heap.size > 0) {
    yield heap.pop()!;
  }
}

function correlatorConfig(options: RunOptions): Partial<CorrelationConfig> {
  return {
    services: stormCatalogue(options.storm.applications),
    windowMs: options.storm.windowMs,
    minAlerts: options.minAlerts,
  };
}

function run(options: RunOptions, notifications: Iterable<StormNotification>): RunResult {
  const wallStart = performance.now();
  const correlator = new Correlator(correlatorConfig(options));
  const predicted = new Map<string, string>();
  const truth = new Map<string, string>();
  const finals: string[] = [];
  let incidents = 0;
  let correlateMs = 0;
  let count = 0;
  let maxLiveOccurrences = 0;
  let maxLiveGroups = 0;

  const record = (changes: CorrelationChange[]) => {
    for (const change of changes) {
      if (change.kind !== 'closed') {
        continue;
      }
      incidents++;
      if (options.quality) {
        for (const key of change.memberKeys) {
          predicted.set(key, change.incident.id);
        }
        finals.push(`${change.incident.id}: ${[...change.memberKeys].sort().join(' ')}`);
      }
    }
  };

  let batch: StormNotification[] = [];
  const flush = () => {
    if (batch.length === 0) {
      return;
    }
    const alerts = batch.map((n) => n.alert);
    const now = alerts[alerts.length - 1].receivedAt;
    const t0 = performance.now();
    const changes = correlator.ingest(alerts, now);
    correlateMs += performance.now() - t0;
    record(changes);
    batch = [];
    if (count % 5_000 < options.batch) {
      const stats = correlator.stats();
      maxLiveOccurrences = Math.max(maxLiveOccurrences, stats.liveOccurrences);
      maxLiveGroups = Math.max(maxLiveGroups, stats.liveGroups);
    }
  };

  let lastArrival = 0;
  for (const notification of notifications) {
    if (count >= options.maxNotifications) {
      break;
    }
    count++;
    lastArrival = notification.alert.receivedAt;
    if (options.quality) {
      truth.set(notification.occurrenceKey, notification.truth);
    }
    batch.push(notification);
    if (batch.length >= options.batch) {
      flush();
    }
  }
  flush();
  const t0 = performance.now();
  record(correlator.advance(lastArrival + 7 * 24 * 3_600_000));
  correlateMs += performance.now() - t0;
  const stats = correlator.stats();
  return {
    notifications: count,
    occurrences: stats.occurrences,
    incidents,
    predicted,
    truth,
    correlateMs,
    wallMs: performance.now() - wallStart,
    maxLiveOccurrences,
    maxLiveGroups,
    finalLiveOccurrences: stats.liveOccurrences,
    fingerprint: finals.sort(),
  };
}

function pct(x: number): string {
  return `${(100 * x).toFixed(2)}%`;
}

function main(): void {
  const options = parseArgs(process.argv.slice(2));
  const s = options.storm;
  console.log(
    `Storm: seed ${s.seed}, ${s.applications} applications × 9 services, window ${s.windowMs / 60_000} min, ` +
      `duplicate rate ${s.duplicateRate}, late rate ${s.lateRate} (≤ ${s.maxExtraDelayMs / 60_000} min), batch ${options.batch}, minAlerts ${options.minAlerts}, topology hops ${options.topologyMaxHops}`
  );
  const limit = Number.isFinite(options.maxNotifications) ? options.maxNotifications : Infinity;
  const result = run(options, generateStorm(s));
  const compression = 1 - result.incidents / result.occurrences;
  console.log(
    `Input: ${result.notifications.toLocaleString('en-US')} notifications → ${result.occurrences.toLocaleString('en-US')} distinct alert occurrences after dedup ` +
      `(${pct(1 - result.occurrences / result.notifications)} duplicates/repeats)`
  );
  console.log(
    `Output: ${result.incidents.toLocaleString('en-US')} incidents; compression 1 − incidents/occurrences = ${pct(compression)} ` +
      `(1 − incidents/notifications = ${pct(1 - result.incidents / result.notifications)})   target ≥ 90%: ${compression >= 0.9 ? 'PASS' : 'FAIL'}`
  );

  if (options.quality) {
    const keys = [...result.truth.keys()];
    const truthLabels = keys.map((key) => result.truth.get(key)!);
    const predictedLabels = keys.map((key) => result.predicted.get(key) ?? `missing:${key}`);
    const missing = predictedLabels.filter((label) => label.startsWith('missing:')).length;
    const truthGroups = new Set(truthLabels);
    const kinds = { I: 0, F: 0, N: 0 } as Record<string, number>;
    for (const label of truthGroups) {
      kinds[label[0]]++;
    }
    const ari = adjustedRandIndex(truthLabels, predictedLabels);
    const purities = groupPurities(truthLabels, predictedLabels);
    const weighted = purities.reduce((sum, p) => sum + p.purity * p.size, 0) / keys.length;
    const pure = purities.filter((p) => p.purity === 1).length;
    const min = purities.reduce((m, p) => Math.min(m, p.purity), 1);
    console.log(
      `Truth: ${truthGroups.size} groups (${kinds.I} incidents, ${kinds.F} standalone flapping alerts, ${kinds.N} isolated noise alerts); ` +
        `${missing} occurrences without an incident`
    );
    console.log(
      `Grouping quality: adjusted Rand index ${ari.toFixed(4)}   target ≥ 0.9: ${ari >= 0.9 ? 'PASS' : 'FAIL'}`
    );
    console.log(
      `Per-incident purity: mean ${(purities.reduce((sum, p) => sum + p.purity, 0) / purities.length).toFixed(4)}, ` +
        `alert-weighted ${weighted.toFixed(4)}, min ${min.toFixed(4)}; ${pure} of ${purities.length} incidents are 100% pure`
    );
    const worst = [...purities].sort((a, b) => a.purity - b.purity || b.size - a.size).slice(0, 5);
    console.log('Least pure incidents (id, alerts, majority truth, purity):');
    for (const p of worst) {
      console.log(`  ${p.group}  ${p.size}  ${p.majority}  ${p.purity.toFixed(3)}`);
    }
    const largest = purities.slice(0, 5);
    console.log('Largest incidents (id, alerts, majority truth, purity):');
    for (const p of largest) {
      console.log(`  ${p.group}  ${p.size}  ${p.majority}  ${p.purity.toFixed(3)}`);
    }
  }

  console.log(
    `Throughput: ${Math.round(result.notifications / (result.correlateMs / 1000)).toLocaleString('en-US')} notifications/s in the correlator ` +
      `(${result.correlateMs.toFixed(0)} ms correlating, ${result.wallMs.toFixed(0)} ms wall incl. generation)`
  );
  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  console.log(
    `Memory: peak RSS ${peakRssMb.toFixed(1)} MB; live occurrences max ${result.maxLiveOccurrences.toLocaleString('en-US')} (sampled), ` +
      `live groups max ${result.maxLiveGroups}; ${result.finalLiveOccurrences} live after the storm`
  );

  if (options.quality) {
    const reordered = run(options, delayed(generateStorm(s), 10 * 60_000, s.seed + 1));
    const same =
      reordered.fingerprint.length === result.fingerprint.length &&
      reordered.fingerprint.every((line, i) => line === result.fingerprint[i]);
    console.log(
      `Order independence: same storm re-delivered with extra random delays of up to 10 min → ` +
        `${same ? 'identical incidents (ids and members)' : 'DIFFERENT incidents'} (${reordered.incidents} vs ${result.incidents})`
    );
  }
  if (limit !== Infinity && result.notifications < limit) {
    console.log(`Note: the storm ended after ${result.notifications} notifications (asked for ${limit}).`);
  }
}

main();
