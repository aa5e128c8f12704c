/**
 * End-to-end fault scenario (issue #8 part 5): the local stack in accelerated time, a latency fault injected on ONE
 * service through the simulator's fault API, and the fault followed from metric to anomaly to alert to incident:
 *   1. the overlay's detector (the engine behind POST /api/detect) flags the service's p95 latency panel series
 *      after the fault start and within a bound, and flags nothing on services the fault does not reach;
 *   2. the demo alert rule fires in Prometheus and Alertmanager delivers it to the backend's webhook;
 *   3. the backend opens an incident with that service among the affected ones.
 * Prints the detection delays in real and simulated seconds. Needs `npm run build:backend` and the Debian
 * prometheus and prometheus-alertmanager packages.
 *
 * Time budget: the demo rules are real-time (`for: 2m` on a 5m rate), so the alert arrives ~2¼ min after the fault
 * whatever the acceleration; with the 70 s baseline the detector needs, the whole test takes about 3½ min.
 */
import type { WireOutcome } from '../../src/datasource/detection/wire';
import {
  countBefore,
  detectOnBackend,
  flaggedTimes,
  p95LatencyQuery,
  queryRange,
  rateIntervalSeconds,
  type RangeSeries,
} from './support/scenarioDetect';
import { sleep, startScenarioStack, type ScenarioStack, waitFor } from './support/scenarioStack';

const KEY = 'scenario-key-0123456789abcdef';
const ACCELERATION = 60;
/**
 * Scrape and panel step of 0.5 s real (30 s simulated). The detector flags nothing before it has ~116 points (16 to
 * start its rolling windows, then 100 scores for its calibration), so the baseline needs that many points, and the
 * demo rules need ~2¼ real minutes after the fault whatever the acceleration: 1 s points would not fit in 4 minutes.
 */
const SCRAPE_SECONDS = 0.5;
const STEP_SECONDS = 0.5;
const RATE_INTERVAL = `${rateIntervalSeconds(STEP_SECONDS, SCRAPE_SECONDS) * 1000}ms`;
/** Leading part of the range used only to fit the detector (the overlay's training range). */
const TRAINING_SECONDS = 20;
/** Clean data before the fault (~140 points): the training part, then scored points on which nothing may be flagged. */
const BASELINE_SECONDS = 70;

const FAULTY = 'payment';
const MAGNITUDE_MS = 1500;
/** Downstream of the fault (payment calls it) and a sibling branch (api → catalog): the fault must not reach them. */
const UNAFFECTED = ['payment-gateway', 'catalog'];
/** Most points the detector may flag on an unaffected service over the whole run (≈ 0.5% of its ~400 points). */
const MAX_FALSE_POINTS = 2;

/** Bounds, real seconds after the fault start. */
const ANOMALY_BOUND_S = 30;
/** Rule `for: 2m` + the time the 5m-rate p95 needs to cross 1 s + Alertmanager's group_wait 10s, with margin. */
const INCIDENT_BOUND_S = 155;

const DETECTOR = { kind: 'auto', sensitivity: 0.5, seasonality: 'auto', seed: 42 } as const;

jest.setTimeout(240_000);

interface Fault {
  id: string;
  start: { sim: string; real: string };
}

interface IncidentSummary {
  id: string;
  title: string;
  status: string;
  severity: string;
  services: string[];
  onsetAt: number;
  detectedAt: number;
  alertCount: number;
}

interface StoredAlertView {
  name: string;
  service?: string;
  source: string;
  severity: string;
  startsAt: number;
  firstReceivedAt: number;
}

const seconds = (ms: number): string => (ms / 1000).toFixed(1);

describe('fault scenario: metric → anomaly → alert → incident (real stack, 60x time)', () => {
  let stack: ScenarioStack | undefined;

  beforeAll(async () => {
    stack = await startScenarioStack({
      apiKey: KEY,
      acceleration: ACCELERATION,
      seed: 7,
      // Late morning on a weekday: traffic is near its daily peak and changes slowly over the run.
      simStart: '2026-11-18T12:00:00Z',
      scrapeInterval: `${SCRAPE_SECONDS * 1000}ms`,
      evaluationInterval: '1s',
    });
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it(`a ${MAGNITUDE_MS} ms latency fault on ${FAULTY} is flagged, alerted and becomes an incident`, async () => {
    const { urls } = stack!;
    const backendGet = async <T>(path: string): Promise<T> => {
      const res = await fetch(`${urls.backend}${path}`, { headers: { 'x-foresight-key': KEY } });
      if (!res.ok) {
        throw new Error(`GET ${path}: ${res.status} ${await res.text()}`);
      }
      return (await res.json()) as T;
    };
    const listIncidents = () => backendGet<{ items: IncidentSummary[]; total: number }>('/api/incidents?limit=100');
    const dump = async (): Promise<string> => {
      const get = async (url: string) => {
        try {
          const res = await fetch(url, { headers: { 'x-foresight-key': KEY } });
          return `${res.status} ${(await res.text()).slice(0, 3000)}`;
        } catch (error) {
          return String(error);
        }
      };
      return [
        `--- Prometheus alerts ---\n${await get(`${urls.prometheus}/api/v1/alerts`)}`,
        `--- Alertmanager alerts ---\n${await get(`${urls.alertmanager}/api/v2/alerts`)}`,
        `--- backend incidents ---\n${await get(`${urls.backend}/api/incidents?limit=20`)}`,
        stack!.logs(),
      ].join('\n');
    };
    const panelSeries = (service: string, startMs: number, endMs: number): Promise<RangeSeries> =>
      queryRange(urls.prometheus, p95LatencyQuery(service, RATE_INTERVAL), startMs, endMs, STEP_SECONDS);

    const detect = async (service: string, startMs: number, endMs: number, trainingEnd: number) => {
      const series = await panelSeries(service, startMs, endMs);
      const outcome = await detectOnBackend(
        urls.backend,
        KEY,
        service,
        series,
        countBefore(series.timestamps, trainingEnd),
        DETECTOR
      );
      if (!outcome.ok) {
        throw new Error(`${service} could not be scored: ${outcome.reason} ${outcome.message}`);
      }
      return { series, outcome, flagged: flaggedTimes(outcome) };
    };

    // The panel's series exists once Prometheus has two scrapes of the histogram.
    const seriesStart = await waitFor(
      `Prometheus to have the p95 latency of ${FAULTY}`,
      async () => {
        const now = Date.now();
        const series = await panelSeries(FAULTY, now - 60_000, now);
        return series.timestamps.find((_t, i) => series.values[i] !== null);
      },
      { timeoutMs: 30_000, explain: dump, intervalMs: 500 }
    );
    const trainingEnd = seriesStart + TRAINING_SECONDS * 1000;
    await sleep(Math.max(0, seriesStart + BASELINE_SECONDS * 1000 - Date.now()));

    // A clean baseline for the faulty service: no incident names it yet. (Other rules of the demo stack may fire on
    // the workload's normal behaviour; they are listed in the output, and must not swallow the fault's incident.)
    const before = await listIncidents();
    expect(before.items.filter((i) => i.services.includes(FAULTY)).map((i) => i.title)).toEqual([]);

    const created = await fetch(`${urls.simulator}/faults`, {
      method: 'POST',
      headers: { 'x-foresight-key': KEY, 'content-type': 'application/json' },
      // Longer than the test: the fault is still active when the incident opens (stopping the stack ends it).
      body: JSON.stringify({ fault: 'latency', service: FAULTY, for: '8h', magnitude: MAGNITUDE_MS }),
    });
    expect(created.status).toBe(201);
    const fault = (await created.json()) as Fault;
    const faultReal = Date.parse(fault.start.real);
    const delay = (ms: number) =>
      `${seconds(ms - faultReal)} s real = ${(((ms - faultReal) * ACCELERATION) / 1000).toFixed(0)} s simulated`;

    // Both watches run at once; when one fails the other stops polling, so nothing outlives the stack.
    const abort = new AbortController();
    const stopOther = (error: unknown): never => {
      abort.abort((error as Error).message.split('\n')[0]);
      throw error;
    };

    // 1. The overlay: re-query and re-detect like a panel refreshing every 2 s, until a point is flagged.
    const anomalyWatch = waitFor(
      `the detector to flag ${FAULTY}'s p95 latency`,
      async () => {
        const end = Date.now();
        const found = await detect(FAULTY, seriesStart, end, trainingEnd);
        return found.flagged.length > 0 ? { ...found, end, seenAt: Date.now() } : undefined;
      },
      {
        timeoutMs: (ANOMALY_BOUND_S + 10) * 1000,
        intervalMs: 2000,
        signal: abort.signal,
        explain: async () => {
          const series = await panelSeries(FAULTY, seriesStart, Date.now());
          const values = series.values.map((v) => (v === null ? null : Number(v.toFixed(3))));
          return `${FAULTY} p95 series (fault at point ${countBefore(series.timestamps, faultReal)}): ${JSON.stringify(values)}\n${await dump()}`;
        },
      }
    ).catch(stopOther);

    // 2 + 3. The alert through Alertmanager into the backend, and the incident it opens.
    const incidentWatch = waitFor(
      `an incident with ${FAULTY} among its services`,
      async () => {
        const list = await listIncidents();
        const incident = list.items.find((i) => i.services.includes(FAULTY));
        if (!incident) {
          return undefined;
        }
        const detail = await backendGet<{ incident: IncidentSummary; alerts: StoredAlertView[] }>(
          `/api/incidents/${incident.id}`
        );
        return { incident: detail.incident, alerts: detail.alerts, all: list.items, seenAt: Date.now() };
      },
      { timeoutMs: INCIDENT_BOUND_S * 1000, intervalMs: 1000, signal: abort.signal, explain: dump }
    ).catch(stopOther);

    const [anomalyResult, incidentResult] = await Promise.allSettled([anomalyWatch, incidentWatch]);
    if (anomalyResult.status === 'rejected') {
      throw anomalyResult.reason;
    }
    if (incidentResult.status === 'rejected') {
      throw incidentResult.reason;
    }
    const anomaly = anomalyResult.value;
    const { incident, alerts, all, seenAt: incidentSeenAt } = incidentResult.value;

    // The whole run, baseline to incident, as one panel: the faulty service once more, and the services the fault
    // does not reach, on which nothing may be flagged.
    const whole = await detect(FAULTY, seriesStart, incidentSeenAt, trainingEnd);
    const unaffected: Record<string, number[]> = {};
    for (const service of UNAFFECTED) {
      unaffected[service] = (await detect(service, seriesStart, incidentSeenAt, trainingEnd)).flagged;
    }

    const firstAnomaly = anomaly.flagged[0];
    const region = (anomaly.outcome as Extract<WireOutcome, { ok: true }>).anomalies[0];
    const faultIndex = countBefore(anomaly.series.timestamps, faultReal);
    const baseline = anomaly.series.values
      .slice(0, faultIndex)
      .filter((v): v is number => v !== null)
      .sort((a, b) => a - b);
    const byArrival = [...alerts].sort((a, b) => a.firstReceivedAt - b.firstReceivedAt);
    const alert = byArrival.find((a) => a.service === FAULTY);
    const firstAlert = byArrival[0];
    const listed = (items: IncidentSummary[]) =>
      items.map((i) => `${i.title} [${i.services.join(', ')}] ${i.severity}`).join('; ') || 'none';

    console.log(
      [
        `scenario: latency +${MAGNITUDE_MS} ms on ${FAULTY} at ${ACCELERATION}x, fault ${fault.id} started ${fault.start.real} (simulated ${fault.start.sim})`,
        `  panel: p95 latency, step ${STEP_SECONDS} s, rate window ${RATE_INTERVAL}, detector ${DETECTOR.kind} → ${anomaly.outcome.ok ? anomaly.outcome.detector : '-'}, ` +
          `${faultIndex} points before the fault (${countBefore(anomaly.series.timestamps, trainingEnd)} training)`,
        `  ${FAULTY} p95 before the fault: median ${baseline[Math.floor(baseline.length / 2)]?.toFixed(3)} s, range ${baseline[0]?.toFixed(3)}–${baseline.at(-1)?.toFixed(3)} s; ` +
          `first anomaly region peak ${region?.peakValue.toFixed(3)} s (expected ${region?.explanation.expected.toFixed(3)} s, ${region?.explanation.deviationSigma.toFixed(1)} σ, ${region?.explanation.severity})`,
        `  fault start → first anomaly:   ${delay(firstAnomaly)} (first flagged point; the 2 s refresh saw it after ${seconds(anomaly.seenAt - faultReal)} s)`,
        `  fault start → alert received:  ${alert ? `${delay(alert.firstReceivedAt)} (${alert.name} ${alert.severity} on ${FAULTY} via ${alert.source}, rule active since +${seconds(alert.startsAt - faultReal)} s)` : `no alert on ${FAULTY} in the incident`}` +
          (firstAlert && firstAlert !== alert
            ? `; the incident's first alert: ${firstAlert.name} on ${firstAlert.service} at ${delay(firstAlert.firstReceivedAt)}`
            : ''),
        `  fault start → incident opened: ${delay(incident.detectedAt)} (${incident.id} "${incident.title}", ${incident.severity}, services ${incident.services.join(', ')})`,
        `  whole run (${whole.series.timestamps.length} points): ${FAULTY} flagged ${whole.flagged.length} point(s), first at ${whole.flagged.length ? `+${seconds(whole.flagged[0] - faultReal)} s` : '-'}; ` +
          `unaffected: ${UNAFFECTED.map((s) => `${s} ${unaffected[s].length} point(s)`).join(', ')}`,
        `  incidents before the fault: ${listed(before.items)}`,
        `  incidents when the fault's incident was seen: ${listed(all)}`,
      ].join('\n')
    );

    // 1. Flagged after the fault start (nothing on the scored clean baseline), within the bound, hardly anything elsewhere.
    expect(firstAnomaly).toBeGreaterThanOrEqual(faultReal);
    expect(firstAnomaly - faultReal).toBeLessThanOrEqual(ANOMALY_BOUND_S * 1000);
    expect(whole.flagged[0]).toBe(firstAnomaly);
    // Unaffected services: the calibrated detector keeps a small false-alarm rate (one stray point in ~400 on a noisy
    // p95 series was seen in CI), so the test bounds it instead of pretending it is zero.
    for (const service of UNAFFECTED) {
      // The service name travels with the verdict so a failure says which one.
      expect({ service, withinFalseAlarmBound: unaffected[service].length <= MAX_FALSE_POINTS }).toEqual({
        service,
        withinFalseAlarmBound: true,
      });
    }
    // 2. The demo rule's alert came through Alertmanager's webhook after the fault.
    expect(alert).toMatchObject({ source: 'alertmanager', service: FAULTY });
    expect(alert!.name).toMatch(/^ServiceLatencyP95(High|Critical)$/);
    expect(alert!.firstReceivedAt).toBeGreaterThan(faultReal);
    // 3. A new incident, open, with the faulty service, opened after the fault and within the bound.
    expect(before.items.map((i) => i.id)).not.toContain(incident.id);
    expect(incident.status).toBe('open');
    expect(incident.services).toContain(FAULTY);
    expect(incident.detectedAt).toBeGreaterThan(faultReal);
    expect(incident.detectedAt).toBeGreaterThanOrEqual(firstAlert.firstReceivedAt);
    expect(incident.detectedAt - faultReal).toBeLessThanOrEqual(INCIDENT_BOUND_S * 1000);
  });
});
