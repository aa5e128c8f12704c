// Ties the simulated clock, the fault book, the shop model, the metrics and the log sink together. The model runs on
// a fixed grid of simulated steps, so the state at a simulated time depends only on the seed and the faults, not on
// when scrapes happen.
import type { SimClock } from './clock';
import { FaultBook, type FaultRecord, type FaultSource } from './faultBook';
import type { FaultSpec } from './faults';
import type { LogSink } from './logSinks';
import { ShopMetrics } from './metrics';
import { type LogSampling, ShopSimulation, type StepResult } from './model';
import type { ShopTopology } from './topology';

export interface RuntimeOptions {
  shop: ShopTopology;
  clock: SimClock;
  seed: number;
  stepMs: number;
  logSink?: LogSink;
  logSampling?: LogSampling;
  /** Called for fault status changes and change events (for the console). */
  onEvent?: (message: string) => void;
}

export interface TimePoint {
  sim: string;
  real: string;
}

export interface FaultView {
  id: string;
  fault: FaultRecord['kind'];
  service: string;
  magnitude: number;
  version?: string;
  source: FaultSource;
  status: ReturnType<typeof FaultBook.statusAt>;
  start: TimePoint;
  end: TimePoint;
  cancelledAt?: TimePoint;
}

export class SimulatorRuntime {
  readonly book = new FaultBook();
  readonly metrics: ShopMetrics;
  readonly simulation: ShopSimulation;
  readonly services: string[];
  private readonly lastStatus = new Map<string, string>();
  private ticker: NodeJS.Timeout | undefined;
  /** Simulated time up to which steps have been computed. */
  get simulatedUntilMs(): number {
    return this.simulation.simTimeMs;
  }

  constructor(private readonly options: RuntimeOptions) {
    this.metrics = new ShopMetrics(options.shop, options.clock.acceleration);
    this.simulation = new ShopSimulation({
      shop: options.shop,
      seed: options.seed,
      startSimMs: options.clock.simStartMs,
      stepMs: options.stepMs,
      logSampling: options.logSampling,
    });
    this.services = options.shop.services.map((s) => s.name);
  }

  /** Schedule entries are anchored at the simulator's start; API requests at the current simulated time. */
  addFault(spec: FaultSpec, source: FaultSource): FaultRecord {
    const anchor = source === 'schedule' ? this.options.clock.simStartMs : this.options.clock.simNow();
    const record = this.book.add(spec, anchor, source);
    // Scheduled faults are listed at startup; announcing each as "pending" would only repeat that list.
    if (source === 'api') {
      this.announce(record, this.options.clock.simNow());
    } else {
      this.lastStatus.set(record.id, FaultBook.statusAt(record, this.options.clock.simNow()));
    }
    return record;
  }

  cancelFault(id: string): FaultRecord | undefined {
    const record = this.book.cancel(id, this.options.clock.simNow());
    if (record) {
      this.announce(record, this.options.clock.simNow());
    }
    return record;
  }

  /** Runs every step that has completed by now on the simulated clock. Returns the number of steps run. */
  advance(): number {
    const now = this.options.clock.simNow();
    let steps = 0;
    while (this.simulation.simTimeMs + this.simulation.stepMs <= now) {
      const stepStart = this.simulation.simTimeMs;
      const result = this.simulation.step(this.book.activeAt(stepStart));
      this.metrics.apply(result);
      this.emit(result);
      steps++;
    }
    this.metrics.syncFaults(this.book, this.simulation.simTimeMs);
    for (const f of this.book.list()) {
      this.announce(f, this.simulation.simTimeMs);
    }
    return steps;
  }

  /** Advances on a real-time ticker so logs flow and faults start even when nobody scrapes. */
  start(tickMs = 250): void {
    this.ticker ??= setInterval(() => this.advance(), tickMs);
  }

  async stop(): Promise<void> {
    if (this.ticker) {
      clearInterval(this.ticker);
      this.ticker = undefined;
    }
    await this.options.logSink?.close();
  }

  describe(f: FaultRecord): FaultView {
    const at = (simMs: number): TimePoint => ({
      sim: new Date(simMs).toISOString(),
      real: new Date(this.options.clock.toReal(simMs)).toISOString(),
    });
    return {
      id: f.id,
      fault: f.kind,
      service: f.service,
      magnitude: f.magnitude,
      ...(f.version !== undefined ? { version: f.version } : {}),
      source: f.source,
      status: FaultBook.statusAt(f, this.options.clock.simNow()),
      start: at(f.startSimMs),
      end: at(f.endSimMs),
      ...(f.cancelledAtSimMs !== undefined ? { cancelledAt: at(f.cancelledAtSimMs) } : {}),
    };
  }

  now(): TimePoint {
    const realMs = Date.now();
    return { sim: new Date(this.options.clock.toSim(realMs)).toISOString(), real: new Date(realMs).toISOString() };
  }

  private emit(result: StepResult): void {
    const { clock, logSink, onEvent } = this.options;
    if (logSink && result.logs.length > 0) {
      logSink.write(result.logs.map((record) => ({ realMs: clock.toReal(record.simMs), record })));
    }
    for (const e of result.events) {
      const version = e.version !== undefined ? ` ${e.previousVersion ?? ''} -> ${e.version}` : '';
      onEvent?.(
        `[sim ${new Date(result.startSimMs).toISOString()}] ${e.kind} ${e.service}${version}${e.reason ? ` (${e.reason})` : ''}`
      );
    }
  }

  private announce(f: FaultRecord, simMs: number): void {
    const status = FaultBook.statusAt(f, simMs);
    if (this.lastStatus.get(f.id) !== status) {
      this.lastStatus.set(f.id, status);
      this.options.onEvent?.(
        `[sim ${new Date(simMs).toISOString()}] fault ${f.id} ${f.kind} on ${f.service} (magnitude ${f.magnitude}, ${f.source}): ${status}`
      );
    }
  }
}
