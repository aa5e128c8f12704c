import type { SeriesOutcome, SeriesToScore } from '../frames';
import type { DetectionOptions, FromWorkerMessage, ToWorkerMessage } from './protocol';
import { CachedDetector } from './runDetection';

/** Called once per series as soon as its result is known, so callers can build frames incrementally. */
export type OnSeriesResult = (index: number, outcome: SeriesOutcome) => void;

export interface DetectionStats {
  series: number;
  fromCache: number;
  /** Sum of per-series detector time inside the workers (or inline). */
  computeMs: number;
  /** Points not scored again because a series' fitted model was resumed (range slid forward). */
  reusedPoints: number;
}

/** Scores many series off the caller's critical path; `signal` aborts the job (panel re-queried or closed). */
export interface DetectionRunner {
  detect(
    series: SeriesToScore[],
    cacheScope: string,
    options: DetectionOptions,
    signal: AbortSignal,
    onResult?: OnSeriesResult
  ): Promise<{ outcomes: SeriesOutcome[]; stats: DetectionStats }>;
  dispose(): void;
}

/**
 * Detection workers for a machine with `cores` logical cores: one per core but one (a core stays free for rendering
 * and input), at most 4 — except on 2 cores, where both get a worker: measured in Chromium (bench/overlay/README.md),
 * 2 workers finished 100 × 10,000 points sooner than 1, and the main thread's work is sliced into short tasks anyway.
 */
export function detectionPoolSize(cores: number): number {
  const n = Number.isFinite(cores) && cores >= 1 ? Math.floor(cores) : 2;
  return Math.max(1, Math.min(4, Math.max(Math.min(2, n), n - 1)));
}

export class DetectionCancelledError extends Error {
  constructor() {
    super('Detection cancelled: the panel re-queried');
    this.name = 'AbortError';
  }
}

/**
 * How many series' worth of queued points a series' home worker may be behind the least loaded one and keep it.
 * Measured in the overlay benchmark: at 4, a refresh's burst of cheap resumed series queued up on one worker and
 * several moved away (each then a new fit, ≈ 8× the work); homes are spread evenly when first assigned.
 */
const HOME_SLACK = 16;

/** How many series' home workers the pool remembers (oldest forgotten first). */
const MAX_REMEMBERED_SERIES = 10_000;

/** Series identity (query + display name + labels); the worker adds the options and, for exact reuse, the data. */
function cacheKeyOf(cacheScope: string, series: SeriesToScore): string {
  return `${cacheScope}|${series.key}`;
}

interface PendingJob {
  series: SeriesToScore[];
  outcomes: Array<SeriesOutcome | undefined>;
  remaining: number;
  stats: DetectionStats;
  onResult?: OnSeriesResult;
  resolve: (value: { outcomes: SeriesOutcome[]; stats: DetectionStats }) => void;
  reject: (error: Error) => void;
}

/**
 * A pool of detection Web Workers. Series go to the least-loaded worker with their arrays TRANSFERRED (zero copy);
 * the worker hands the same buffers back with the result, so `series[i].timestamps/values` are valid again when the
 * job resolves. Cancelling tells every worker to drop the job's queued series.
 */
export class WorkerPoolRunner implements DetectionRunner {
  private readonly workers: Worker[];
  private readonly load: number[];
  private readonly jobs = new Map<number, PendingJob>();
  private nextJobId = 1;
  /** Worker that last scored each series: it holds that series' resumable model. */
  private readonly homeOf = new Map<string, number>();

  constructor(createWorker: () => Worker, size: number) {
    if (!(size >= 1)) {
      throw new Error(`WorkerPoolRunner size must be >= 1, got ${size}`);
    }
    this.workers = Array.from({ length: size }, (_, w) => {
      const worker = createWorker();
      worker.onmessage = (event: MessageEvent<FromWorkerMessage>) => this.onMessage(w, event.data);
      worker.onerror = (event) => this.failAll(`Detection worker failed: ${event.message || 'could not start'}`);
      return worker;
    });
    this.load = new Array(size).fill(0);
  }

  detect(
    series: SeriesToScore[],
    cacheScope: string,
    options: DetectionOptions,
    signal: AbortSignal,
    onResult?: OnSeriesResult
  ): Promise<{ outcomes: SeriesOutcome[]; stats: DetectionStats }> {
    if (signal.aborted) {
      return Promise.reject(new DetectionCancelledError());
    }
    const stats: DetectionStats = { series: series.length, fromCache: 0, computeMs: 0, reusedPoints: 0 };
    if (series.length === 0) {
      return Promise.resolve({ outcomes: [], stats });
    }
    const jobId = this.nextJobId++;
    return new Promise((resolve, reject) => {
      this.jobs.set(jobId, {
        series,
        outcomes: new Array(series.length),
        remaining: series.length,
        stats,
        onResult,
        resolve,
        reject,
      });
      signal.addEventListener(
        'abort',
        () => {
          if (this.jobs.delete(jobId)) {
            this.workers.forEach((worker, w) => {
              worker.postMessage({ type: 'cancel', jobId } satisfies ToWorkerMessage);
              this.load[w] = 0;
            });
            reject(new DetectionCancelledError());
          }
        },
        { once: true }
      );
      series.forEach((s, index) => {
        const cacheKey = cacheKeyOf(cacheScope, s);
        const w = this.workerFor(cacheKey, s.timestamps.length);
        this.load[w] += s.timestamps.length;
        const message: ToWorkerMessage = {
          type: 'detect',
          jobId,
          index,
          cacheKey,
          timestamps: s.timestamps,
          values: s.values,
          trainingPoints: s.trainingPoints,
          options,
        };
        this.workers[w].postMessage(message, [s.timestamps.buffer as ArrayBuffer, s.values.buffer as ArrayBuffer]);
      });
    });
  }

  dispose(): void {
    this.failAll('Detection stopped: the datasource was disposed');
    this.workers.forEach((w) => w.terminate());
  }

  /**
   * The series' previous worker (its caches live there) unless that one is more than HOME_SLACK such series behind
   * the least loaded worker; then the least loaded one, which becomes the series' new home. At home a refresh costs
   * a small fraction of a new fit (same data: nothing to score; a slid range: only the new points), so a short queue
   * there is cheaper than starting over elsewhere.
   */
  private workerFor(cacheKey: string, points: number): number {
    const best = this.leastLoaded();
    const home = this.homeOf.get(cacheKey);
    const w =
      home !== undefined && home < this.load.length && this.load[home] <= this.load[best] + HOME_SLACK * points
        ? home
        : best;
    this.homeOf.delete(cacheKey);
    this.homeOf.set(cacheKey, w);
    if (this.homeOf.size > MAX_REMEMBERED_SERIES) {
      this.homeOf.delete(this.homeOf.keys().next().value as string);
    }
    return w;
  }

  private leastLoaded(): number {
    let best = 0;
    for (let w = 1; w < this.load.length; w++) {
      if (this.load[w] < this.load[best]) {
        best = w;
      }
    }
    return best;
  }

  private onMessage(w: number, message: FromWorkerMessage) {
    const job = this.jobs.get(message.jobId);
    if (!job) {
      return;
    }
    const series = job.series[message.index];
    this.load[w] = Math.max(0, this.load[w] - message.timestamps.length);
    series.timestamps = message.timestamps;
    series.values = message.values;
    const outcome: SeriesOutcome =
      message.type === 'result'
        ? message.outcome
        : { ok: false, reason: 'invalid-options', message: `Detector failed on ${series.name}: ${message.message}` };
    if (message.type === 'result') {
      job.stats.computeMs += message.elapsedMs;
      job.stats.fromCache += message.fromCache ? 1 : 0;
      job.stats.reusedPoints += message.reusedPoints;
    }
    job.outcomes[message.index] = outcome;
    job.onResult?.(message.index, outcome);
    job.remaining--;
    if (job.remaining === 0) {
      this.jobs.delete(message.jobId);
      job.resolve({ outcomes: job.outcomes as SeriesOutcome[], stats: job.stats });
    }
  }

  private failAll(message: string) {
    for (const [jobId, job] of this.jobs) {
      this.jobs.delete(jobId);
      job.reject(new Error(message));
    }
  }
}

/** Yields to the event loop so the page stays responsive between two series. */
function nextTick(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/**
 * Same contract on the calling thread, one series per task: for environments without Web Workers (a strict CSP,
 * Node, jsdom). Slower to finish than the pool but never holds the thread for more than one series.
 */
export class InlineRunner implements DetectionRunner {
  private readonly detector = new CachedDetector();

  async detect(
    series: SeriesToScore[],
    cacheScope: string,
    options: DetectionOptions,
    signal: AbortSignal,
    onResult?: OnSeriesResult
  ): Promise<{ outcomes: SeriesOutcome[]; stats: DetectionStats }> {
    const stats: DetectionStats = { series: series.length, fromCache: 0, computeMs: 0, reusedPoints: 0 };
    const outcomes: SeriesOutcome[] = [];
    for (let index = 0; index < series.length; index++) {
      await nextTick();
      if (signal.aborted) {
        throw new DetectionCancelledError();
      }
      const s = series[index];
      const started = performance.now();
      let outcome: SeriesOutcome;
      try {
        const run = this.detector.run(cacheKeyOf(cacheScope, s), s.timestamps, s.values, s.trainingPoints, options);
        outcome = run.outcome;
        stats.fromCache += run.fromCache ? 1 : 0;
        stats.reusedPoints += run.reusedPoints;
        stats.computeMs += performance.now() - started;
      } catch (error) {
        const detail = error instanceof Error ? error.message : String(error);
        outcome = { ok: false, reason: 'invalid-options', message: `Detector failed on ${s.name}: ${detail}` };
      }
      outcomes.push(outcome);
      onResult?.(index, outcome);
    }
    return { outcomes, stats };
  }

  dispose(): void {}
}
