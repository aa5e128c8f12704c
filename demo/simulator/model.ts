// One step of the demo shop: traffic flows callers-first down the call graph, latency and failures flow back up
// callees-first, faults change the affected service, and callers feel it through their calls.
import type { FaultRecord } from './faultBook';
import { type ErrorCause, type LogRecord, errorMessage, oomMessages } from './logLines';
import { drawBuckets, logNormalCdf, type LogNormal } from './lognormal';
import { createRng, type Rng } from '../../src/engine/stats/random';
import { seasonalLoadFactor } from './seasonality';
import { type RouteSpec, type ServiceSpec, type ShopTopology, routeKey, routesCallersFirst } from './topology';

/** Histogram upper bounds in seconds (prom-client's defaults), last is +Inf. */
export const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, Number.POSITIVE_INFINITY];

const MIB = 1024 * 1024;
const RESTART_DOWNTIME_MS = 30_000;

export interface RouteStep {
  service: string;
  route: string;
  method: string;
  /** Request counts by HTTP status code. */
  statusCounts: Record<string, number>;
  /** Non-cumulative counts per LATENCY_BUCKETS entry. */
  bucketCounts: number[];
  latencySumSeconds: number;
  /** Median latency of the route in this step (for tests and logs). */
  medianMs: number;
  errorRatio: number;
}

export interface ServiceStep {
  service: string;
  cpuRatio: number;
  memoryBytes: number;
  queueDepth: number;
  /** Only for cache services. */
  cacheHitRatio?: number;
  /** Fraction of the step the service was able to serve requests. */
  availability: number;
}

export interface EdgeStep {
  client: string;
  server: string;
  requests: number;
  failed: number;
}

export interface ChangeEvent {
  kind: 'deploy' | 'rollback' | 'restart';
  service: string;
  version?: string;
  previousVersion?: string;
  reason?: string;
}

export interface StepResult {
  startSimMs: number;
  endSimMs: number;
  routes: RouteStep[];
  services: ServiceStep[];
  edges: EdgeStep[];
  orders: number;
  revenue: number;
  events: ChangeEvent[];
  logs: LogRecord[];
  /** Current version of every service after this step. */
  versions: Record<string, string>;
}

export interface LogSampling {
  /** Share of successful requests written as info lines. */
  info: number;
  /** Share of failed requests written as error lines. */
  error: number;
  /** Cap on lines per route per step (keeps very accelerated runs bounded). */
  maxPerRouteStep: number;
}

export const DEFAULT_LOG_SAMPLING: LogSampling = { info: 0.002, error: 0.2, maxPerRouteStep: 40 };

export interface ShopSimulationOptions {
  shop: ShopTopology;
  seed: number;
  startSimMs: number;
  /** Simulated length of a step. */
  stepMs: number;
  logSampling?: LogSampling;
}

interface RouteState {
  dist: LogNormal;
  meanMs: number;
  errorRatio: number;
  /** Shares of the route's failures by cause, with the callee responsible for propagated ones. */
  causes: Array<{ cause: ErrorCause; weight: number; callee?: string; timeoutMs?: number }>;
}

/** Smooth noise: an AR(1) process whose correlation time is in simulated ms, independent of the step length. */
class SlowNoise {
  private value = 0;
  constructor(
    private readonly sigma: number,
    private readonly tauMs: number
  ) {}
  next(rng: Rng, stepMs: number): number {
    const phi = Math.exp(-stepMs / this.tauMs);
    this.value = phi * this.value + Math.sqrt(1 - phi * phi) * this.sigma * rng.normal();
    return this.value;
  }
}

const bumpMinor = (version: string): string => {
  const parts = version.split('.');
  if (parts.length >= 2 && /^\d+$/.test(parts[1])) {
    parts[1] = String(Number(parts[1]) + 1);
    if (parts.length >= 3) {
      parts[2] = '0';
    }
    return parts.join('.');
  }
  return `${version}-next`;
};

export class ShopSimulation {
  readonly shop: ShopTopology;
  readonly stepMs: number;
  private nowSimMs: number;
  private readonly rng: Rng;
  /** Logs draw from their own stream so changing the sampling never changes the metrics. */
  private readonly logRng: Rng;
  private readonly logSampling: LogSampling;
  private readonly order: RouteSpec[];
  private readonly servicesByName: Map<string, ServiceSpec>;
  private readonly loadNoise = new SlowNoise(0.06, 300_000);
  private readonly cacheNoise = new Map<string, SlowNoise>();
  private readonly memoryNoise = new Map<string, SlowNoise>();
  private readonly versions = new Map<string, string>();
  private readonly leakedBytes = new Map<string, number>();
  private readonly downUntilSimMs = new Map<string, number>();
  private readonly deploys = new Map<string, { service: string; previousVersion: string; version: string }>();
  /** Memory-leak fault ids seen active, with their service. */
  private readonly leaks = new Map<string, string>();
  private readonly lastWarnSimMs = new Map<string, number>();

  constructor(options: ShopSimulationOptions) {
    if (!(options.stepMs >= 100)) {
      throw new Error(`stepMs must be at least 100 ms, got ${options.stepMs}`);
    }
    this.shop = options.shop;
    this.stepMs = options.stepMs;
    this.nowSimMs = options.startSimMs;
    this.rng = createRng(options.seed);
    this.logRng = createRng(options.seed + 1);
    this.logSampling = options.logSampling ?? DEFAULT_LOG_SAMPLING;
    this.order = routesCallersFirst(options.shop);
    this.servicesByName = new Map(options.shop.services.map((s) => [s.name, s]));
    for (const s of options.shop.services) {
      this.versions.set(s.name, s.initialVersion);
      this.leakedBytes.set(s.name, 0);
      this.memoryNoise.set(s.name, new SlowNoise(0.02, 600_000));
      if (s.isCache) {
        this.cacheNoise.set(s.name, new SlowNoise(0.012, 600_000));
      }
    }
  }

  /** Start of the next step (simulated ms). */
  get simTimeMs(): number {
    return this.nowSimMs;
  }

  /** Advances one step with the faults active at its start. */
  step(activeFaults: readonly FaultRecord[]): StepResult {
    const t = this.nowSimMs;
    const dtSeconds = this.stepMs / 1000;
    const rng = this.rng;
    const events: ChangeEvent[] = [];
    const logs: LogRecord[] = [];
    const faultsOf = (service: string, kind: FaultRecord['kind']): FaultRecord[] =>
      activeFaults.filter((f) => f.service === service && f.kind === kind);
    const sumMagnitude = (service: string, kind: FaultRecord['kind']): number =>
      faultsOf(service, kind).reduce((a, f) => a + f.magnitude, 0);
    const combinedRatio = (service: string, kind: FaultRecord['kind']): number =>
      1 - faultsOf(service, kind).reduce((keep, f) => keep * (1 - f.magnitude), 1);

    this.applyLifecycle(activeFaults, t, events, logs);

    // Availability: outage faults and restarts (after an OOM kill) refuse connections.
    const down = new Map<string, number>();
    for (const s of this.shop.services) {
      const restarting = (this.downUntilSimMs.get(s.name) ?? 0) > t ? 1 : 0;
      down.set(s.name, Math.max(restarting, combinedRatio(s.name, 'outage')));
    }

    // Cache hit ratios: a cache that is down (even partly) turns hits into misses.
    const hitRatio = new Map<string, number>();
    for (const s of this.shop.services.filter((x) => x.isCache)) {
      const base = Math.min(0.99, Math.max(0.5, 0.92 + this.cacheNoise.get(s.name)!.next(rng, this.stepMs)));
      hitRatio.set(s.name, base * (1 - down.get(s.name)!));
    }

    // Traffic, callers first.
    const load = seasonalLoadFactor(t) * Math.exp(this.loadNoise.next(rng, this.stepMs));
    const attempted = new Map<string, number>();
    for (const entry of this.shop.entries) {
      const key = routeKey(entry.service, entry.route);
      attempted.set(key, (attempted.get(key) ?? 0) + this.shop.peakRps * entry.share * load);
    }
    const served = new Map<string, number>();
    const callRate = new Map<string, number>();
    for (const r of this.order) {
      const key = routeKey(r.service, r.route);
      const s = (attempted.get(key) ?? 0) * (1 - down.get(r.service)!);
      served.set(key, s);
      r.calls.forEach((c, i) => {
        const miss = c.onMissOf !== undefined ? 1 - hitRatio.get(c.onMissOf)! : 1;
        const rate = s * c.callsPerRequest * miss;
        callRate.set(`${key}#${i}`, rate);
        const calleeKey = routeKey(c.service, c.route);
        attempted.set(calleeKey, (attempted.get(calleeKey) ?? 0) + rate);
      });
    }

    // Saturation per service.
    const servedRps = new Map<string, number>();
    for (const r of this.shop.routes) {
      servedRps.set(r.service, (servedRps.get(r.service) ?? 0) + served.get(routeKey(r.service, r.route))!);
    }
    const cpuDemand = new Map<string, number>();
    const memoryBytes = new Map<string, number>();
    const latencyPenalty = new Map<string, number>();
    for (const s of this.shop.services) {
      const utilisation = servedRps.get(s.name)! / s.capacityRps;
      const cpu = s.cpuIdleRatio + 0.75 * utilisation + sumMagnitude(s.name, 'cpu_hog');
      const memory =
        (s.memoryBaseBytes + s.memoryPerRpsBytes * servedRps.get(s.name)!) *
          (1 + this.memoryNoise.get(s.name)!.next(rng, this.stepMs)) +
        this.leakedBytes.get(s.name)!;
      cpuDemand.set(s.name, cpu);
      memoryBytes.set(s.name, memory);
      const memoryPressure = Math.max(0, memory / s.memoryLimitBytes - 0.85) / 0.15;
      latencyPenalty.set(
        s.name,
        (1 + 1.5 * utilisation ** 4) * (1 + 4 * Math.max(0, cpu - 0.7)) * (1 + 2 * Math.min(1, memoryPressure))
      );
    }

    // Latency and failures, callees first.
    const state = new Map<string, RouteState>();
    for (const r of [...this.order].reverse()) {
      const key = routeKey(r.service, r.route);
      const deploying = faultsOf(r.service, 'bad_deploy').length > 0;
      const ownMedianMs =
        r.ownLatencyMs * latencyPenalty.get(r.service)! * (deploying ? 1.4 : 1) + sumMagnitude(r.service, 'latency');
      const sigma2 = r.latencySigma ** 2;
      let meanMs = ownMedianMs * Math.exp(sigma2 / 2);
      const burst = combinedRatio(r.service, 'error_burst');
      const deployErrors = combinedRatio(r.service, 'bad_deploy');
      const ownError = 1 - (1 - r.baseErrorRatio) * (1 - burst) * (1 - deployErrors);
      const causes: RouteState['causes'] = [
        { cause: 'internal', weight: r.baseErrorRatio },
        { cause: 'exception', weight: burst },
        { cause: 'bad_deploy', weight: deployErrors },
      ];
      let callsSucceed = 1;
      r.calls.forEach((c, i) => {
        const callee = state.get(routeKey(c.service, c.route))!;
        const calleeDown = down.get(c.service)!;
        const perRequest = served.get(key)! > 0 ? callRate.get(`${key}#${i}`)! / served.get(key)! : c.callsPerRequest;
        const timeoutShare = 1 - logNormalCdf(callee.dist, c.timeoutMs / 1000);
        const refused = calleeDown;
        const timedOut = (1 - calleeDown) * timeoutShare;
        const failedInside = (1 - calleeDown) * (1 - timeoutShare) * callee.errorRatio;
        const callLatencyMs = calleeDown * 1 + (1 - calleeDown) * Math.min(callee.meanMs, c.timeoutMs);
        meanMs += perRequest * callLatencyMs;
        const propagated = Math.min(1, perRequest * c.errorPropagation);
        callsSucceed *= 1 - propagated * (refused + timedOut + failedInside);
        causes.push({ cause: 'refused', weight: propagated * refused, callee: c.service });
        causes.push({ cause: 'timeout', weight: propagated * timedOut, callee: c.service, timeoutMs: c.timeoutMs });
        // A callee's own failures surface in the caller as the callee's causes, weighted by how much they propagate.
        for (const inner of callee.causes) {
          const innerTotal = callee.causes.reduce((a, x) => a + x.weight, 0);
          if (innerTotal > 0 && inner.weight > 0) {
            causes.push({ ...inner, weight: (propagated * failedInside * inner.weight) / innerTotal });
          }
        }
      });
      const errorRatio = Math.min(1, 1 - (1 - ownError) * callsSucceed);
      state.set(key, {
        dist: { medianSeconds: meanMs / Math.exp(sigma2 / 2) / 1000, sigma: r.latencySigma },
        meanMs,
        errorRatio,
        causes: causes.filter((c) => c.weight > 0),
      });
    }

    // Draw counts.
    const routes: RouteStep[] = [];
    let orders = 0;
    for (const r of this.shop.routes) {
      const key = routeKey(r.service, r.route);
      const st = state.get(key)!;
      const requests = rng.poisson(served.get(key)! * dtSeconds);
      const failed = rng.binomial(requests, st.errorRatio);
      const clientErrors = rng.binomial(requests - failed, r.clientErrorRatio);
      const ok = requests - failed - clientErrors;
      const statusCounts: Record<string, number> = {};
      const addStatus = (status: string, n: number): void => {
        if (n > 0) {
          statusCounts[status] = (statusCounts[status] ?? 0) + n;
        }
      };
      addStatus('200', ok);
      addStatus(r.method === 'POST' ? '400' : '404', clientErrors);
      const byCause = this.splitByCause(failed, st.causes);
      for (const { cause, count } of byCause) {
        addStatus(cause === 'timeout' ? '504' : cause === 'refused' ? '503' : '500', count);
      }
      const draw = drawBuckets(rng, st.dist, LATENCY_BUCKETS, requests);
      routes.push({
        service: r.service,
        route: r.route,
        method: r.method,
        statusCounts,
        bucketCounts: draw.counts,
        latencySumSeconds: draw.sumSeconds,
        medianMs: st.dist.medianSeconds * 1000,
        errorRatio: st.errorRatio,
      });
      if (r.service === this.shop.orderRoute.service && r.route === this.shop.orderRoute.route) {
        orders += ok;
      }
      this.routeLogs(r, st, ok, byCause, t, logs);
    }
    const revenue =
      orders > 0 ? Math.round(orders * this.shop.averageOrderValue * (1 + 0.08 * rng.normal()) * 100) / 100 : 0;

    // Service-level gauges.
    const services: ServiceStep[] = this.shop.services.map((s) => {
      let queueDepth = 0;
      for (const r of this.shop.routes.filter((x) => x.service === s.name)) {
        const key = routeKey(r.service, r.route);
        queueDepth += (served.get(key)! * state.get(key)!.meanMs) / 1000;
      }
      const cpu = cpuDemand.get(s.name)! * (1 - down.get(s.name)!);
      return {
        service: s.name,
        cpuRatio: Math.min(1, Math.max(0, cpu + 0.01 * rng.normal())),
        memoryBytes: Math.max(0, memoryBytes.get(s.name)!),
        queueDepth: Math.max(0, Math.round(queueDepth + Math.sqrt(queueDepth) * rng.normal())),
        availability: 1 - down.get(s.name)!,
        ...(s.isCache ? { cacheHitRatio: hitRatio.get(s.name)! } : {}),
      };
    });
    this.saturationLogs(services, t, logs);

    // Service graph: calls attempted along each edge and how many failed.
    const edgeTotals = new Map<string, EdgeStep>();
    for (const r of this.shop.routes) {
      const key = routeKey(r.service, r.route);
      r.calls.forEach((c, i) => {
        const callee = state.get(routeKey(c.service, c.route))!;
        const calleeDown = down.get(c.service)!;
        const timeoutShare = 1 - logNormalCdf(callee.dist, c.timeoutMs / 1000);
        const failRatio = calleeDown + (1 - calleeDown) * (timeoutShare + (1 - timeoutShare) * callee.errorRatio);
        const requests = rng.poisson(callRate.get(`${key}#${i}`)! * dtSeconds);
        const failed = rng.binomial(requests, failRatio);
        const edgeKey = `${r.service}->${c.service}`;
        const edge = edgeTotals.get(edgeKey) ?? { client: r.service, server: c.service, requests: 0, failed: 0 };
        edge.requests += requests;
        edge.failed += failed;
        edgeTotals.set(edgeKey, edge);
      });
    }

    this.nowSimMs = t + this.stepMs;
    logs.sort((a, b) => a.simMs - b.simMs);
    return {
      startSimMs: t,
      endSimMs: this.nowSimMs,
      routes,
      services,
      edges: [...edgeTotals.values()],
      orders,
      revenue,
      events,
      logs,
      versions: Object.fromEntries(this.versions),
    };
  }

  /** Deploys and rollbacks for bad_deploy faults, memory growth and OOM restarts for memory_leak faults. */
  private applyLifecycle(
    activeFaults: readonly FaultRecord[],
    t: number,
    events: ChangeEvent[],
    logs: LogRecord[]
  ): void {
    const activeIds = new Set(activeFaults.map((f) => f.id));
    for (const f of activeFaults.filter((x) => x.kind === 'bad_deploy' && !this.deploys.has(x.id))) {
      const previousVersion = this.versions.get(f.service)!;
      const version = f.version ?? bumpMinor(previousVersion);
      this.deploys.set(f.id, { service: f.service, previousVersion, version });
      this.versions.set(f.service, version);
      events.push({ kind: 'deploy', service: f.service, version, previousVersion });
      logs.push({
        simMs: t,
        level: 'info',
        service: f.service,
        msg: `deployment started: ${f.service} ${previousVersion} -> ${version}`,
        event: 'deploy',
        version,
      });
    }
    for (const [id, d] of [...this.deploys]) {
      if (!activeIds.has(id)) {
        this.deploys.delete(id);
        this.versions.set(d.service, d.previousVersion);
        events.push({ kind: 'rollback', service: d.service, version: d.previousVersion, previousVersion: d.version });
        logs.push({
          simMs: t,
          level: 'info',
          service: d.service,
          msg: `rollback: ${d.service} ${d.version} -> ${d.previousVersion}`,
          event: 'rollback',
          version: d.previousVersion,
        });
      }
    }
    const leaking = new Set<string>();
    for (const f of activeFaults.filter((x) => x.kind === 'memory_leak')) {
      leaking.add(f.id);
      this.leaks.set(f.id, f.service);
      const grown = this.leakedBytes.get(f.service)! + f.magnitude * MIB * (this.stepMs / 60_000);
      this.leakedBytes.set(f.service, grown);
      const spec = this.servicesByName.get(f.service)!;
      if (spec.memoryBaseBytes + grown > spec.memoryLimitBytes) {
        const usedMiB = Math.round((spec.memoryBaseBytes + grown) / MIB);
        for (const msg of oomMessages(f.service, usedMiB, Math.round(spec.memoryLimitBytes / MIB))) {
          logs.push({ simMs: t, level: 'error', service: f.service, msg, event: 'restart' });
        }
        this.restart(f.service, t, 'OOMKilled', events);
      }
    }
    for (const [id, service] of [...this.leaks]) {
      if (!leaking.has(id)) {
        // The leak's fix ships as a rolling restart: the leaked memory is freed.
        this.leaks.delete(id);
        if (this.leakedBytes.get(service)! > 0) {
          logs.push({
            simMs: t,
            level: 'info',
            service,
            msg: `rolling restart of ${service} to release memory`,
            event: 'restart',
          });
          this.leakedBytes.set(service, 0);
          events.push({ kind: 'restart', service, reason: 'rollout restart' });
        }
      }
    }
  }

  private restart(service: string, t: number, reason: string, events: ChangeEvent[]): void {
    this.leakedBytes.set(service, 0);
    this.downUntilSimMs.set(service, t + RESTART_DOWNTIME_MS);
    events.push({ kind: 'restart', service, reason });
  }

  private splitByCause(
    failed: number,
    causes: RouteState['causes']
  ): Array<RouteState['causes'][number] & { count: number }> {
    const out: Array<RouteState['causes'][number] & { count: number }> = [];
    let remaining = failed;
    let weightLeft = causes.reduce((a, c) => a + c.weight, 0);
    for (const c of causes) {
      if (remaining <= 0 || weightLeft <= 0) {
        break;
      }
      const count = c === causes[causes.length - 1] ? remaining : this.rng.binomial(remaining, c.weight / weightLeft);
      weightLeft -= c.weight;
      remaining -= count;
      if (count > 0) {
        out.push({ ...c, count });
      }
    }
    if (remaining > 0) {
      out.push({ cause: 'internal', weight: 0, count: remaining });
    }
    return out;
  }

  private routeLogs(
    r: RouteSpec,
    st: RouteState,
    ok: number,
    byCause: Array<RouteState['causes'][number] & { count: number }>,
    t: number,
    logs: LogRecord[]
  ): void {
    const rng = this.logRng;
    const { info, error, maxPerRouteStep } = this.logSampling;
    const sampleLatencyMs = (): number =>
      Math.round(st.dist.medianSeconds * 1000 * Math.exp(r.latencySigma * rng.normal()) * 10) / 10;
    const at = (): number => t + Math.floor(rng.next() * this.stepMs);
    const infoLines = Math.min(maxPerRouteStep, rng.poisson(ok * info));
    for (let i = 0; i < infoLines; i++) {
      logs.push({
        simMs: at(),
        level: 'info',
        service: r.service,
        msg: 'request completed',
        route: r.route,
        method: r.method,
        status: 200,
        latency_ms: sampleLatencyMs(),
        trace_id: rng.hex(32),
      });
    }
    let budget = maxPerRouteStep;
    for (const c of byCause) {
      const lines = Math.min(budget, rng.poisson(c.count * error));
      budget -= lines;
      const callee = c.callee !== undefined ? this.servicesByName.get(c.callee) : undefined;
      for (let i = 0; i < lines; i++) {
        const latency = c.cause === 'timeout' ? (c.timeoutMs ?? 0) : c.cause === 'refused' ? 1 : sampleLatencyMs();
        logs.push({
          simMs: at(),
          level: 'error',
          service: r.service,
          msg: errorMessage(
            c.cause,
            {
              route: r.route,
              callee: c.callee,
              calleePort: callee?.port,
              timeoutMs: c.timeoutMs,
              version: this.versions.get(r.service),
            },
            rng
          ),
          route: r.route,
          method: r.method,
          status: c.cause === 'timeout' ? 504 : c.cause === 'refused' ? 503 : 500,
          latency_ms: latency,
          trace_id: rng.hex(32),
        });
      }
    }
    // Slow requests are warnings before they become timeouts.
    if (st.dist.medianSeconds * 1000 > 1000 && ok > 0) {
      const lines = Math.min(maxPerRouteStep, rng.poisson(ok * error * 0.25));
      for (let i = 0; i < lines; i++) {
        const latency = sampleLatencyMs();
        logs.push({
          simMs: at(),
          level: 'warn',
          service: r.service,
          msg: `slow request: ${r.route} took ${Math.round(latency)}ms`,
          route: r.route,
          method: r.method,
          status: 200,
          latency_ms: latency,
          trace_id: rng.hex(32),
        });
      }
    }
  }

  /** At most one saturation warning per service and kind per simulated minute. */
  private saturationLogs(services: ServiceStep[], t: number, logs: LogRecord[]): void {
    const warnOnce = (key: string, line: LogRecord): void => {
      if (t - (this.lastWarnSimMs.get(key) ?? Number.NEGATIVE_INFINITY) >= 60_000) {
        this.lastWarnSimMs.set(key, t);
        logs.push(line);
      }
    };
    for (const s of services) {
      const spec = this.servicesByName.get(s.service)!;
      if (s.cpuRatio > 0.85) {
        const lagMs = Math.round(50 + 1000 * (s.cpuRatio - 0.85));
        warnOnce(`${s.service}:cpu`, {
          simMs: t,
          level: 'warn',
          service: s.service,
          msg: `event loop lag ${lagMs}ms exceeds threshold 50ms`,
        });
      }
      const memoryShare = s.memoryBytes / spec.memoryLimitBytes;
      if (memoryShare > 0.8) {
        warnOnce(`${s.service}:memory`, {
          simMs: t,
          level: 'warn',
          service: s.service,
          msg: `heap usage ${Math.round(memoryShare * 100)}% of limit ${Math.round(spec.memoryLimitBytes / MIB)}MiB`,
        });
      }
    }
  }
}
