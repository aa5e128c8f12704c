/**
 * Overlay benchmark in Debian Chromium (npm run bench:overlay [-- --series 100 --points 10000 --workers 1
 * --detectors robust,isolation-forest,ensemble --warm-runs 7 --trace]). `--trace` attributes the main thread's long tasks (GC,
 * script). Runs each detector cold / warm / cached through the real overlay code and prints the figures.
 * Targets (issue #5): 100 × 10,000 points end to end < 200 ms for robust, longest main-thread task < 50 ms.
 */
import { availableParallelism } from 'node:os';
import { BenchRunResult, openBenchPage, profileMainThread, runDetectorBench } from './harness';
import { startTrace } from './trace';
import { detectionPoolSize } from '../../src/datasource/detection/runner';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

const fmt = (ms: number) => ms.toFixed(1).padStart(8);

async function main() {
  const seriesCount = Number(arg('series', '100'));
  const points = Number(arg('points', '10000'));
  // Default = the datasource's own pool size (src/datasource/detection/runner.ts detectionPoolSize).
  const workers = Number(arg('workers', String(detectionPoolSize(availableParallelism()))));
  const detectors = arg('detectors', 'robust,isolation-forest,ensemble').split(',');
  // Warm runs per detector (new data each): robust gets several, since its figure is the target and one run on a
  // shared 2-core machine moves by ±20 %; the slow detectors get one.
  const warmRuns = Number(arg('warm-runs', '7'));
  const bench = await openBenchPage();
  try {
    const { page } = bench;
    const version = bench.chromiumVersion;
    console.log(
      `Overlay benchmark: ${seriesCount} series × ${points} points (panel = last 25%, 4× training range), ` +
        `${workers} detection workers, Chromium ${version}, ${availableParallelism()} cores`
    );
    const profile = await profileMainThread(page, seriesCount, points);
    console.log(
      `main thread, per step (no workers): frames→typed arrays ${profile.extractMs.toFixed(1)} ms, trim originals to panel ` +
        `${profile.trimMs.toFixed(1)} ms, build ${seriesCount} overlay frames ${profile.buildMs.toFixed(1)} ms (slowest one ${profile.slowestBuildMs.toFixed(1)} ms)`
    );
    console.log(
      'detector          run                  total ms  longest task ms  tasks ≥50ms  worker compute ms  cached  reused pts  anomalies'
    );
    const all: BenchRunResult[] = [];
    const trace = process.argv.includes('--trace');
    for (const kind of detectors) {
      const stopTrace = trace ? await startTrace(await page.context().newCDPSession(page)) : undefined;
      const results = await runDetectorBench(
        page,
        kind,
        seriesCount,
        points,
        workers,
        kind === 'robust' ? warmRuns : 1
      );
      for (const r of results) {
        all.push(r);
        console.log(
          `${r.kind.padEnd(17)} ${r.label.padEnd(20)} ${fmt(r.totalMs)} ${fmt(r.longestTaskMs).padStart(16)} ` +
            `${String(r.longTasksOver50.length).padStart(12)} ${fmt(r.workerComputeMs).padStart(18)} ${String(r.fromCache).padStart(7)} ` +
            `${String(r.reusedPoints).padStart(11)} ${String(r.anomalies).padStart(10)}`
        );
      }
      if (stopTrace) {
        for (const task of (await stopTrace()).slice(0, 5)) {
          console.log(
            `  trace: main-thread task ${task.ms.toFixed(1)} ms (CPU ${task.cpuMs.toFixed(1)} ms), GC ${task.gcMs.toFixed(1)} ms, slowest call ${task.topFunction} ${task.topFunctionMs.toFixed(1)} ms`
          );
        }
      }
    }
    const warm = all.filter((r) => r.kind === 'robust' && r.label.startsWith('warm')).map((r) => r.totalMs);
    if (warm.length > 0) {
      const sorted = [...warm].sort((a, b) => a - b);
      const median = sorted[Math.floor((sorted.length - 1) / 2)];
      const robust = all.filter((r) => r.kind === 'robust');
      const longestGap = Math.max(...robust.map((r) => r.longestTaskMs));
      // The browser's own Long Tasks API reports every task of 50 ms or more: none means the target holds. The probe's
      // longest gap is an upper bound (timer spacing, and the OS not running the main thread, are counted in it).
      const longTasks = robust.flatMap((r) => r.longTasksOver50);
      console.log(
        `robust warm: median ${median.toFixed(1)} ms end to end over ${warm.length} runs (min ${sorted[0].toFixed(1)}, ` +
          `max ${sorted[sorted.length - 1].toFixed(1)}; target < 200 ms: ${median < 200 ? 'met' : 'NOT met'})`
      );
      console.log(
        `robust main thread: ${longTasks.length} task(s) ≥ 50 ms reported by the browser over all robust runs` +
          `${longTasks.length ? ` (${longTasks.map((ms) => ms.toFixed(0)).join(', ')} ms)` : ''}, longest probe gap ` +
          `${longestGap.toFixed(1)} ms (target: every task < 50 ms: ${longTasks.length === 0 ? 'met' : 'NOT met'})`
      );
    }
  } finally {
    await bench.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
