/**
 * Screenshots of the Incidents pages with a REAL correlated storm:
 * `npx tsx bench/storm/screenshot.ts [--alerts 6000] [--out docs/screenshots]` (needs a built `dist/`).
 * Starts the backend (pkg/src/main.ts) with a fresh SQLite file, saves the storm's service catalogue, replays the
 * seeded storm (shifted to end now) as Alertmanager webhooks, starts the Grafana-like host (tests/host) on a copy of
 * dist/, and captures the list and the top incident's detail in Debian's Chromium.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { DEFAULT_STORM, generateStorm, stormCatalogue, StormNotification } from './storm';
import { webhook } from './webhook';
import { freePort } from '../../tests/support/freePort';

const KEY = 'screenshot-key-0123456789';
const REPO = resolve(__dirname, '../..');

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

function start(
  args: string[],
  env: Record<string, string>,
  ready: RegExp
): Promise<{ child: ChildProcess; output: () => string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], {
    cwd: REPO,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`${args[0]} did not start within 90 s:\n${output}`)), 90_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      if (ready.test(output)) {
        clearTimeout(timer);
        done({ child, output: () => output });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => fail(new Error(`${args[0]} exited with ${code}:\n${output}`)));
  });
}

async function main(): Promise<void> {
  const alerts = Number(arg('alerts', '6000'));
  const out = resolve(REPO, arg('out', 'docs/screenshots'));
  const dist = join(REPO, 'dist');
  const hasPage =
    existsSync(dist) &&
    readdirSync(dist).some((f) => f.endsWith('.js') && readFileSync(join(dist, f), 'utf8').includes('incident-kpis'));
  if (!hasPage) {
    throw new Error('dist/ has no Incidents page: run `npm run build:plugin` first');
  }
  const dir = mkdtempSync(join(tmpdir(), 'foresight-screenshot-'));
  const children: ChildProcess[] = [];
  try {
    // A snapshot of dist/: other builds may rewrite it while the host serves it.
    cpSync(dist, join(dir, 'dist'), { recursive: true });
    const backendPort = await freePort();
    const backend = await start(
      ['pkg/src/main.ts'],
      {
        FORESIGHT_HOST: '127.0.0.1',
        FORESIGHT_PORT: String(backendPort),
        FORESIGHT_API_KEY: KEY,
        FORESIGHT_DB: join(dir, 'foresight.db'),
        FORESIGHT_LOG_LEVEL: 'info',
        FORESIGHT_BODY_LIMIT: String(16 * 1024 * 1024),
      },
      /Server listening/
    );
    children.push(backend.child);
    const api = (path: string, method: string, body: string) =>
      fetch(`http://127.0.0.1:${backendPort}${path}`, {
        method,
        headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
        body,
      });
    const catalogue = await api(
      '/api/catalogue',
      'PUT',
      JSON.stringify({ services: stormCatalogue(DEFAULT_STORM.applications) })
    );
    if (!catalogue.ok) {
      throw new Error(`catalogue not saved: ${catalogue.status} ${await catalogue.text()}`);
    }
    const storm: StormNotification[] = [];
    for (const n of generateStorm({ seed: DEFAULT_STORM.seed, occurrences: Number.MAX_SAFE_INTEGER })) {
      if (storm.length >= alerts) {
        break;
      }
      storm.push(n);
    }
    // End the storm a little in the future of its last arrival, so the latest incidents are still firing now.
    const shift = Date.now() - storm[Math.floor(storm.length * 0.97)].alert.receivedAt;
    const live = storm.filter((n) => n.alert.receivedAt + shift <= Date.now());
    for (const n of live) {
      n.alert.startsAt += shift;
      if (n.alert.endsAt !== undefined) {
        n.alert.endsAt += shift;
      }
    }
    // The catalogue is re-read by the correlator every 15 s; wait so the whole storm sees the topology.
    await new Promise((r) => setTimeout(r, 16_000));
    for (let i = 0; i < live.length; i += 50) {
      const res = await api('/api/alerts/alertmanager', 'POST', webhook(live.slice(i, i + 50)));
      if (!res.ok) {
        throw new Error(`webhook failed: ${res.status} ${await res.text()}`);
      }
    }

    const hostPort = await freePort();
    const host = await start(
      ['tests/host/server.ts'],
      {
        HOST_PORT: String(hostPort),
        HOST_DIST_DIR: join(dir, 'dist'),
        HOST_STATE_DIR: join(dir, 'host'),
        HOST_BACKEND_URL: `http://127.0.0.1:${backendPort}`,
        HOST_API_KEY: KEY,
      },
      /listening on/
    );
    children.push(host.child);

    mkdirSync(out, { recursive: true });
    const browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking'],
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
      await page.goto(`http://127.0.0.1:${hostPort}/a/foresight-aiops-app/incidents`);
      await page.getByTestId('data-testid incident-table').waitFor({ timeout: 60_000 });
      await page.getByTestId('data-testid incident-kpis').waitFor({ timeout: 30_000 });
      await page.screenshot({ path: join(out, 'incidents-list.png'), fullPage: false });
      await page.locator('[data-testid="data-testid incident-table"] tbody tr a').first().click();
      await page.getByTestId('data-testid incident-timeline').waitFor({ timeout: 30_000 });
      await page.screenshot({ path: join(out, 'incident-detail.png'), fullPage: false });
      console.log(
        `Screenshots of ${live.length} storm notifications correlated by the backend: ${out}/incidents-list.png, ${out}/incident-detail.png`
      );
    } finally {
      await browser.close();
    }
  } finally {
    for (const child of children.reverse()) {
      child.kill('SIGTERM');
    }
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
