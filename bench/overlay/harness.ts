/**
 * The benchmark's browser side, shared by `run.ts` and the validation test: bundles bench/overlay/page.ts and the
 * detection worker with esbuild into a temp dir, serves them on 127.0.0.1 (free port) and opens them in Debian
 * Chromium (playwright-core).
 */
import { build } from 'esbuild';
import { createServer, Server } from 'node:http';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { chromium, type Page } from 'playwright-core';
import type { BenchRunResult } from './page';

export type { BenchRunResult };

const ROOT = resolve(__dirname, '../..');

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
      file === 'index.html'
        ? '<!doctype html><html><body><script src="/page.js"></script></body></html>'
        : await readFile(join(OUT, file));
    res.writeHead(200, { 'content-type': file.endsWith('.js') ? 'text/javascript' : 'text/html' }).end(body);
  });
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => ok(server)));
}

export interface BenchPage {
  page: Page;
  chromiumVersion: string;
  close(): Promise<void>;
}

/** Bundles, serves and opens the benchmark page; `close()` stops the browser and the server and deletes the bundle. */
export async function openBenchPage(): Promise<BenchPage> {
  // Bundles go to a temp dir: never into the repo (lint, git).
  const out = await mkdtemp(join(tmpdir(), 'foresight-bench-overlay-'));
  await bundle(out);
  const server = await serve(out);
  const port = (server.address() as AddressInfo).port;
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const close = async () => {
    await browser.close();
    server.close();
    await rm(out, { recursive: true, force: true });
  };
  try {
    const page = await browser.newPage();
    page.on('pageerror', (e) => console.error('page error:', e.message));
    await page.goto(`http://127.0.0.1:${port}/`);
    return { page, chromiumVersion: browser.version(), close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** Cold, warm (`warmRuns` times), cached and slid runs of one detector through the overlay, in the page. */
export function runDetectorBench(
  page: Page,
  kind: string,
  series: number,
  points: number,
  workers: number,
  warmRuns = 1
): Promise<BenchRunResult[]> {
  return page.evaluate(
    ([k, s, p, w, r]) =>
      (window as unknown as { runBench: (...a: unknown[]) => Promise<BenchRunResult[]> }).runBench(k, s, p, w, r),
    [kind, series, points, workers, warmRuns] as const
  );
}

/** Main-thread cost of each adapter step on its own. */
export function profileMainThread(page: Page, series: number, points: number): Promise<Record<string, number>> {
  return page.evaluate(
    ([s, p]) =>
      (window as unknown as { profileMainThread: (a: number, b: number) => Record<string, number> }).profileMainThread(
        s,
        p
      ),
    [series, points] as const
  );
}
