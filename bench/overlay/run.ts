/**
 * Overlay benchmark in Debian Chromium (npm run bench:overlay [-- --series 100 --points 10000 --workers 1
 * --detectors robust,isolation-forest,ensemble --trace]). `--trace` attributes the main thread's long tasks (GC,
 * script). Bundles bench/overlay/page.ts and the detection worker with esbuild, serves them on 127.0.0.1 (free port), runs each detector cold / warm / cached and prints the figures.
 * Targets (issue #5): 100 × 10,000 points end to end < 200 ms for robust, longest main-thread task < 50 ms.
 */
import { build } from 'esbuild';
import { createServer, Server } from 'node:http';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { availableParallelism, tmpdir } from 'node:os';
import { chromium } from 'playwright-core';
import type { BenchRunResult } from './page';
import { startTrace } from './trace';

const ROOT = resolve(__dirname, '../..');

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

async function bundle(OUT: string) {
  const common = {
    bundle: true,
    minify: true,
    sourcemap: false,
    target: 'chrome120',
    define: { 'process.env.NODE_ENV': '"production"', global: 'window' },
    loader: { '.svg': 'dataurl', '.ttf': 'file', '.woff': 'file', '.woff2': 'file', '.png': 'file' } as const,
    logLevel: 'error' as const,
  };
  await build({ ...common, entryPoints: [join(__dirname, 'page.ts')], outfile: join(OUT, 'page.js'), format: 'iife' });
  await build({
    ...common,
    define: { 'process.env.NODE_ENV': '"production"' },
    entryPoints: [join(ROOT, 'src/datasource/detection/detection.worker.ts')],
    outfile: join(OUT, 'worker.js'),
    format: 'iife',
  });
}

function serve(OUT: string): Promise<Server> {
  const files: Record<string, string> = { '/': 'index.html', '/page.js': 'page.js', '/worker.js': 'worker.js' };
  const server = createServer(async (req, res) => {
    const file = files[(req.url ?? '/').split('?')[0]];
    if (!file) {
      res.writeHead(404).end();
      return;
    }
    const body =
      file === 'index.html' ? '<!doctype html><html><body><script src="/page.js"></script></body></html>' : await readFile(join(OUT, file));
    res.writeHead(200, { 'content-type': file.endsWith('.js') ? 'text/javascript' : 'text/html' }).end(body);
  });
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => ok(server)));
}

const fmt = (ms: number) => ms.toFixed(1).padStart(8);

async function main() {
  const seriesCount = Number(arg('series', '100'));
  const points = Number(arg('points', '10000'));
  // Default = the datasource's own pool size (src/datasource/detection/createRunner.ts): cores − 1, 1..4.
  const workers = Number(arg('workers', String(Math.max(1, Math.min(4, availableParallelism() - 1)))));
  const detectors = arg('detectors', 'robust,isolation-forest,ensemble').split(',');
  // Bundles go to a temp dir: never into the repo (lint, git) and removed at the end.
  const out = await mkdtemp(join(tmpdir(), 'foresight-bench-overlay-'));
  await bundle(out);
  const server = await serve(out);
  const port = (server.address() as AddressInfo).port;
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const page = await browser.newPage();
    page.on('pageerror', (e) => console.error('page error:', e.message));
    await page.goto(`http://127.0.0.1:${port}/`);
    const version = browser.version();
    console.log(`Overlay benchmark: ${seriesCount} series × ${points} points (panel = last 25%, 4× training range), ` +
      `${workers} detection workers, Chromium ${version}, ${availableParallelism()} cores`);
    const profile = await page.evaluate(
      ([s, p]) => (window as unknown as { profileMainThread: (a: number, b: number) => Record<string, number> }).profileMainThread(s, p),
      [seriesCount, points] as const
    );
    console.log(
      `main thread, per step (no workers): frames→typed arrays ${profile.extractMs.toFixed(1)} ms, trim originals to panel ` +
        `${profile.trimMs.toFixed(1)} ms, build ${seriesCount} overlay frames ${profile.buildMs.toFixed(1)} ms (slowest one ${profile.slowestBuildMs.toFixed(1)} ms)`
    );
    console.log('detector          run               total ms  longest task ms  tasks ≥50ms  worker compute ms  cached  anomalies');
    const all: BenchRunResult[] = [];
    const trace = process.argv.includes('--trace');
    for (const kind of detectors) {
      const stopTrace = trace ? await startTrace(await page.context().newCDPSession(page)) : undefined;
      const results = await page.evaluate(
        ([k, s, p, w]) => (window as unknown as { runBench: (...a: unknown[]) => Promise<BenchRunResult[]> }).runBench(k, s, p, w),
        [kind, seriesCount, points, workers] as const
      );
      for (const r of results) {
        all.push(r);
        console.log(
          `${r.kind.padEnd(17)} ${r.label.padEnd(17)} ${fmt(r.totalMs)} ${fmt(r.longestTaskMs).padStart(16)} ` +
            `${String(r.longTasksOver50.length).padStart(12)} ${fmt(r.workerComputeMs).padStart(18)} ${String(r.fromCache).padStart(7)} ${String(r.anomalies).padStart(10)}`
        );
      }
      if (stopTrace) {
        for (const task of (await stopTrace()).slice(0, 5)) {
          console.log(
            `  trace: main-thread task ${task.ms.toFixed(1)} ms, GC ${task.gcMs.toFixed(1)} ms, slowest call ${task.topFunction} ${task.topFunctionMs.toFixed(1)} ms`
          );
        }
      }
    }
    const robustWarm = all.find((r) => r.kind === 'robust' && r.label === 'warm');
    if (robustWarm) {
      const longest = Math.max(...all.filter((r) => r.kind === 'robust').map((r) => r.longestTaskMs));
      console.log(
        `robust warm: ${robustWarm.totalMs.toFixed(1)} ms end to end (target < 200 ms: ${robustWarm.totalMs < 200 ? 'met' : 'NOT met'}), ` +
          `longest main-thread task ${longest.toFixed(1)} ms (target < 50 ms: ${longest < 50 ? 'met' : 'NOT met'})`
      );
    }
  } finally {
    await browser.close();
    server.close();
    await rm(out, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
