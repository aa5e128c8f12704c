/**
 * What the dashboard browser test needs beside globalSetup's shared services: a host of its own pointed at a chosen
 * Prometheus (the host reads HOST_PROMETHEUS_URL once, at start), and a Prometheus scraping the demo simulator.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { demoSimulatorCommand } from '../../support/demoSimulator';
import { freePort, startBuiltBackend, startProcess, type StartedProcess } from '../processes';

const REPO_ROOT = resolve(__dirname, '..', '..', '..');
const PROMETHEUS_BINARY = '/usr/bin/prometheus';

export interface Started {
  url: string;
  stop(): Promise<void>;
}

function workDirFor(name: string): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), `foresight-dashboard-${name}-`));
  mkdirSync(join(dir, 'logs'));
  return {
    dir,
    remove: () => {
      if (!process.env.FORESIGHT_TEST_KEEP_TMP) {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

async function stopAll(started: StartedProcess[], remove: () => void): Promise<void> {
  for (const child of [...started].reverse()) {
    await child.stop();
  }
  remove();
}

/** The Grafana-like host (tests/host/server.ts) on the dist snapshot, with datasource uid `prometheus` → prometheusUrl. */
export async function startDashboardHost(options: {
  distDir: string;
  prometheusUrl: string;
  /** The app's backend (HOST_BACKEND_URL / HOST_API_KEY), for the overlay's incident annotations. */
  backend?: { url: string; apiKey: string };
}): Promise<Started> {
  const work = workDirFor('host');
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  try {
    const host = await startProcess({
      name: 'dashboard-host',
      command: process.execPath,
      args: [join(REPO_ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), join(REPO_ROOT, 'tests', 'host', 'server.ts')],
      cwd: REPO_ROOT,
      env: {
        PATH: process.env.PATH,
        HOST_PORT: String(port),
        HOST_DIST_DIR: options.distDir,
        HOST_STATE_DIR: join(work.dir, 'host-state'),
        HOST_PROMETHEUS_URL: options.prometheusUrl,
        ...(options.backend ? { HOST_BACKEND_URL: options.backend.url, HOST_API_KEY: options.backend.apiKey } : {}),
      },
      logFile: join(work.dir, 'logs', 'host.log'),
      readyUrl: `${url}/api/health`,
      readyTimeoutMs: 120_000,
    });
    return { url, stop: () => stopAll([host], work.remove) };
  } catch (error) {
    work.remove();
    throw error;
  }
}

/**
 * The demo simulator (demo/simulator/main.ts, 60× accelerated, no fault schedule, seed 7), recording its own samples
 * every second for its Prometheus-compatible read API; `url` is the simulator's.
 */
export async function startDemoSimulator(): Promise<Started> {
  const work = workDirFor('simulator');
  try {
    const port = await freePort();
    const simulator = await startProcess({
      name: 'simulator',
      ...demoSimulatorCommand({
        port,
        logFile: join(work.dir, 'logs', 'app.log'),
        extraArgs: ['--scrape-interval', '1s'],
      }),
      env: { PATH: process.env.PATH },
      logFile: join(work.dir, 'logs', 'simulator.log'),
      readyUrl: `http://127.0.0.1:${port}/health`,
      readyTimeoutMs: 30_000,
    });
    return { url: `http://127.0.0.1:${port}`, stop: () => stopAll([simulator], work.remove) };
  } catch (error) {
    work.remove();
    throw error;
  }
}

/** The demo simulator and a Prometheus scraping it every second; `url` is Prometheus'. */
export async function startSimulatorPrometheus(): Promise<Started> {
  const work = workDirFor('prometheus');
  const simulator = await startDemoSimulator();
  try {
    writeFileSync(
      join(work.dir, 'prometheus.yml'),
      [
        'global: { scrape_interval: 1s, evaluation_interval: 1s }',
        'scrape_configs:',
        `  - { job_name: demo-shop, static_configs: [ { targets: ['${simulator.url.slice('http://'.length)}'] } ] }`,
        '',
      ].join('\n')
    );
    const prometheusPort = await freePort();
    const url = `http://127.0.0.1:${prometheusPort}`;
    const prometheus = await startProcess({
      name: 'simulator-prometheus',
      command: PROMETHEUS_BINARY,
      args: [
        `--config.file=${join(work.dir, 'prometheus.yml')}`,
        `--storage.tsdb.path=${join(work.dir, 'prometheus-data')}`,
        `--web.listen-address=127.0.0.1:${prometheusPort}`,
      ],
      cwd: work.dir,
      env: { PATH: process.env.PATH },
      logFile: join(work.dir, 'logs', 'prometheus.log'),
      readyUrl: `${url}/-/ready`,
      readyTimeoutMs: 20_000,
    });
    return {
      url,
      stop: async () => {
        await stopAll([prometheus], work.remove);
        await simulator.stop();
      },
    };
  } catch (error) {
    work.remove();
    await simulator.stop();
    throw error;
  }
}

/** One instant query against Prometheus' HTTP API: every series' labels and value. */
export async function promInstant(
  prometheusUrl: string,
  query: string
): Promise<Array<{ labels: Record<string, string>; value: number }>> {
  const response = await fetch(`${prometheusUrl}/api/v1/query`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ query }).toString(),
  });
  const body = (await response.json()) as {
    status: string;
    error?: string;
    data: { result: Array<{ metric: Record<string, string>; value: [number, string] }> };
  };
  if (body.status !== 'success') {
    throw new Error(`Prometheus query ${query}: ${body.error}`);
  }
  return body.data.result.map((r) => ({ labels: r.metric, value: Number(r.value[1]) }));
}

/** A backend of the test's own (dist snapshot, temp SQLite), so the incidents it receives touch no other test. */
export async function startBackend(distDir: string): Promise<Started & { apiKey: string }> {
  const work = workDirFor('backend');
  const apiKey = randomBytes(18).toString('hex');
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  try {
    const backend = await startBuiltBackend({
      name: 'dashboard-backend',
      distDir,
      workDir: work.dir,
      port,
      apiKey,
      logFile: join(work.dir, 'logs', 'backend.log'),
    });
    return { url, apiKey, stop: () => stopAll([backend], work.remove) };
  } catch (error) {
    work.remove();
    throw error;
  }
}

/** Sends one firing alert the way Alertmanager does (webhook v4, Bearer key); the backend opens an incident. */
export async function sendFiringAlert(
  backend: { url: string; apiKey: string },
  labels: Record<string, string>,
  startsAt: Date
): Promise<void> {
  const response = await fetch(`${backend.url}/api/alerts/alertmanager`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${backend.apiKey}` },
    body: JSON.stringify({
      version: '4',
      status: 'firing',
      receiver: 'foresight',
      groupLabels: { alertname: labels.alertname },
      commonLabels: labels,
      commonAnnotations: {},
      externalURL: 'http://127.0.0.1:9093',
      alerts: [
        {
          status: 'firing',
          labels,
          annotations: { summary: `${labels.alertname} on ${labels.service}` },
          startsAt: startsAt.toISOString(),
          generatorURL: '',
        },
      ],
    }),
  });
  if (!response.ok) {
    throw new Error(`alertmanager webhook: HTTP ${response.status} ${await response.text()}`);
  }
}
