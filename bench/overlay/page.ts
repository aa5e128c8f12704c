/**
 * Runs in Chromium: builds the wrapped datasource's result (N series × M points as real DataFrames, like a
 * Prometheus range query returns), then times the overlay end to end — frames → typed arrays → Web Workers →
 * output frames — while probing the main thread for its longest task.
 */
import { createDataFrame, DataFrame, FieldType } from '@grafana/data';
import { WorkerPoolRunner } from '../../src/datasource/detection/runner';
import { buildOverlayFrame, framesToSeries, trimOriginalFrames } from '../../src/datasource/frames';
import { overlayFrames } from '../../src/datasource/overlay';
import { DEFAULT_OUTPUTS } from '../../src/datasource/types';
import type { DetectorKind } from '../../src/engine/detect/types';
import { Float64Pool } from '../../src/engine/stats/float64Pool';
import { createRng } from '../../src/engine/stats/random';

export interface BenchRunResult {
  kind: DetectorKind;
  label: string;
  series: number;
  points: number;
  totalMs: number;
  /** Longest gap between two ticks of a setTimeout(0) chain on the main thread: ≥ the longest task (see startProbe). */
  longestTaskMs: number;
  /** Tasks the browser itself reported as long (≥ 50 ms), via PerformanceObserver('longtask'). */
  longTasksOver50: number[];
  workerComputeMs: number;
  fromCache: number;
  /** Points whose scores came from resumed models (the slid run). */
  reusedPoints: number;
  anomalies: number;
  outputFrames: number;
}

const MIN = 60_000;

/**
 * Seeded random walk with a few injected spikes and level shifts, deterministic per seed. Each series is generated
 * `points + extra` samples long and the frames hold samples `shift .. shift + points` (the last one at
 * `end + shift` minutes): the same seed and `extra` with a larger `shift` is the same data, slid forward.
 */
function innerFrames(
  seriesCount: number,
  points: number,
  seed: number,
  end: number,
  extra = 0,
  shift = 0
): DataFrame[] {
  const random = createRng(seed);
  const frames: DataFrame[] = [];
  const from = Math.min(shift, extra);
  for (let s = 0; s < seriesCount; s++) {
    const time = new Array<number>(points);
    const value = new Array<number | null>(points);
    let level = 100 + 10 * s;
    for (let i = 0; i < points + extra; i++) {
      level += (random() - 0.5) * 0.8;
      const daily = 5 * Math.sin((2 * Math.PI * i) / 1440);
      const spike = i % 2500 === 1777 ? 40 : 0;
      const step = i > points * 0.9 && s % 10 === 0 ? 25 : 0;
      const v = i % 997 === 5 ? null : level + daily + spike + step + random();
      if (i >= from && i < from + points) {
        time[i - from] = end - (points - 1 - i) * MIN;
        value[i - from] = v;
      }
    }
    frames.push(
      createDataFrame({
        refId: 'A',
        fields: [
          { name: 'Time', type: FieldType.time, values: time },
          { name: 'Value', type: FieldType.number, values: value, labels: { instance: `host-${s}`, job: 'bench' } },
        ],
      })
    );
  }
  return frames;
}

/**
 * Main-thread probe: a chain of setTimeout(0) callbacks. After five nested levels the browser spaces them ≥ 4 ms
 * apart, so the probe leaves the main thread idle between ticks (a MessageChannel ping-pong would keep it 100 % busy
 * and take a whole core from the workers on a 2-core machine). The longest gap between ticks is therefore an upper
 * bound of the longest main-thread task (by up to the ≈ 4 ms timer spacing), GC pauses included.
 */
function startProbe() {
  let last = performance.now();
  let longest = 0;
  let running = true;
  const tick = () => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
    if (running) {
      setTimeout(tick, 0);
    }
  };
  setTimeout(tick, 0);
  const longTasks: number[] = [];
  const observer = new PerformanceObserver((list) => list.getEntries().forEach((e) => longTasks.push(e.duration)));
  observer.observe({ type: 'longtask', buffered: false });
  return {
    stop: async () => {
      await new Promise((resolve) => setTimeout(resolve, 20));
      running = false;
      observer.disconnect();
      return { longest, longTasks };
    },
  };
}

let runner: WorkerPoolRunner | undefined;
/** As the datasource keeps one across queries (src/datasource/datasource.ts). */
const arrays = new Float64Pool(2_000_000);

async function runOnce(
  kind: DetectorKind,
  label: string,
  frames: DataFrame[],
  points: number
): Promise<BenchRunResult> {
  const end = (frames[0].fields[0].values as number[])[points - 1];
  // Panel shows the last quarter; the rest is the 4× training range the overlay asks the wrapped datasource for.
  const range = { from: end - Math.floor(points / 4) * MIN, to: end };
  const abort = new AbortController();
  const stats = { fromCache: 0, computeMs: 0, reusedPoints: 0 };
  const probe = startProbe();
  const started = performance.now();
  const result = await overlayFrames(frames, {
    refId: 'A',
    range,
    outputs: DEFAULT_OUTPUTS,
    signal: abort.signal,
    // As the datasource runs in-browser detectors: each frame's series go to the workers as soon as they are read.
    pipeline: true,
    pool: arrays,
    detect: async (series, signal, onResult) => {
      const out = await runner!.detect(
        series,
        'bench',
        { kind, sensitivity: 0.5, seasonality: 'auto', seed: 42 },
        signal,
        onResult
      );
      stats.fromCache += out.stats.fromCache;
      stats.computeMs += out.stats.computeMs;
      stats.reusedPoints += out.stats.reusedPoints;
      return out.outcomes;
    },
  });
  const totalMs = performance.now() - started;
  const { longest, longTasks } = await probe.stop();
  return {
    kind,
    label,
    series: frames.length,
    points,
    totalMs,
    longestTaskMs: longest,
    longTasksOver50: longTasks,
    workerComputeMs: stats.computeMs,
    fromCache: stats.fromCache,
    reusedPoints: stats.reusedPoints,
    anomalies: result.anomalies,
    outputFrames: result.frames.length,
  };
}

/**
 * Cold (first data), warm (new data, workers warmed up; `warmRuns` times, new data each time, since one run on a
 * shared machine is noisy), refresh (the last warm data again: kept models), slide (that data one minute in a hundred
 * later, as on a dashboard refresh: resumed models score only the new points).
 */
async function runBench(
  kind: DetectorKind,
  seriesCount: number,
  points: number,
  workers: number,
  warmRuns = 1
): Promise<BenchRunResult[]> {
  runner?.dispose();
  runner = new WorkerPoolRunner(() => new Worker('./worker.js', { name: 'foresight-detection' }), workers);
  const end = Date.UTC(2026, 10, 22);
  const results: BenchRunResult[] = [];
  // Each run gets a fresh inner result (as a real refresh would) and drops it afterwards, so the heap holds one.
  const slide = Math.max(1, Math.round(points / 100));
  const last = 1 + Math.max(1, warmRuns);
  const runs: Array<[string, number, number, number]> = [
    ['cold', 1, 0, 0],
    ...Array.from({ length: last - 1 }, (_, k): [string, number, number, number] => [
      warmRuns > 1 ? `warm #${k + 1}` : 'warm',
      2 + k,
      slide,
      0,
    ]),
    ['refresh (cached)', last, slide, 0],
    ['slide +1% (resumed)', last, slide, slide],
  ];
  for (const [label, seed, extra, shift] of runs) {
    const frames = innerFrames(seriesCount, points, seed, end, extra, shift);
    await new Promise((resolve) => setTimeout(resolve, 50));
    results.push(await runOnce(kind, label, frames, points));
  }
  return results;
}

/**
 * Main-thread cost of each adapter step on its own (no workers): where the main thread's time goes. Best of three
 * rounds per step (fresh frames each round), so a neighbour's burst on the shared cores does not decide the figure.
 */
function profileMainThread(seriesCount: number, points: number) {
  const rounds = [1, 2, 3].map((round) => profileRound(seriesCount, points, round));
  const best = (pick: (r: (typeof rounds)[number]) => number) => Math.min(...rounds.map(pick));
  return {
    extractMs: best((r) => r.extractMs),
    trimMs: best((r) => r.trimMs),
    buildMs: best((r) => r.buildMs),
    slowestBuildMs: best((r) => r.slowestBuildMs),
  };
}

function profileRound(seriesCount: number, points: number, round: number) {
  const end = Date.UTC(2026, 10, 22);
  const frames = innerFrames(seriesCount, points, 2 + round, end);
  const range = { from: end - Math.floor(points / 4) * MIN, to: end };
  let t = performance.now();
  const { series } = framesToSeries(frames, range);
  const extractMs = performance.now() - t;
  t = performance.now();
  trimOriginalFrames(frames, range);
  const trimMs = performance.now() - t;
  const n = series[0].timestamps.length;
  const detection = {
    ok: true as const,
    timestamps: series[0].timestamps.slice(),
    expected: new Float64Array(n),
    lower: new Float64Array(n),
    upper: new Float64Array(n),
    score: new Float64Array(n),
    isAnomaly: new Uint8Array(n),
    anomalies: [],
    detector: 'profile',
    warnings: [],
  };
  t = performance.now();
  let slowest = 0;
  for (const s of series) {
    const one = performance.now();
    buildOverlayFrame(s, detection, range, { band: true, score: true, markers: true });
    slowest = Math.max(slowest, performance.now() - one);
  }
  const buildMs = performance.now() - t;
  return { extractMs, trimMs, buildMs, slowestBuildMs: slowest };
}

Object.assign(window, { runBench, profileMainThread });
