import { randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort, startBuiltBackend, startProcess, type StartedProcess } from './processes';

const REPO_ROOT = resolve(__dirname, '..', '..');
/** Debian's Prometheus (platform.md 7a); the Prometheus datasource tests are skipped when it is not installed. */
const PROMETHEUS_BINARY = '/usr/bin/prometheus';
const REQUIRED = ['plugin.json', 'module.js', 'datasource/plugin.json', 'datasource/module.js', 'backend/server.js'];

/**
 * Starts the real backend and the host for the browser tests, on a SNAPSHOT of the built plugin: other builds may
 * rewrite dist/ while the tests run. Passes URLs and the key to the tests through process.env (workers inherit it).
 * Returns the teardown.
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
  const sourceDist = resolve(REPO_ROOT, process.env.FORESIGHT_TEST_DIST ?? 'dist');
  const missing = REQUIRED.filter((file) => !existsSync(join(sourceDist, file)));
  if (missing.length > 0) {
    throw new Error(`${sourceDist} lacks ${missing.join(', ')}: run \`npm run build\` (plugin + backend) first`);
  }
  const workDir = mkdtempSync(join(tmpdir(), 'foresight-browser-'));
  const dist = join(workDir, 'dist');
  cpSync(sourceDist, dist, { recursive: true });
  mkdirSync(join(workDir, 'logs'));
  const apiKey = randomBytes(18).toString('hex');
  const started: StartedProcess[] = [];
  const teardown = async () => {
    for (const child of started.reverse()) {
      await child.stop();
    }
    if (!process.env.FORESIGHT_TEST_KEEP_TMP) {
      rmSync(workDir, { recursive: true, force: true });
    }
  };
  try {
    const backendPort = await freePort();
    const backendUrl = `http://127.0.0.1:${backendPort}`;
    started.push(
      await startBuiltBackend({
        name: 'backend',
        distDir: dist,
        workDir: workDir,
        port: backendPort,
        apiKey,
        logFile: join(workDir, 'logs', 'backend.log'),
      })
    );
    let prometheusUrl = '';
    if (existsSync(PROMETHEUS_BINARY)) {
      const prometheusPort = await freePort();
      prometheusUrl = `http://127.0.0.1:${prometheusPort}`;
      const config = join(workDir, 'prometheus.yml');
      // Scrapes itself and the backend every second, so a few seconds give real series to query.
      writeFileSync(
        config,
        [
          'global: { scrape_interval: 1s, evaluation_interval: 1s }',
          'scrape_configs:',
          `  - { job_name: prometheus, static_configs: [ { targets: ['127.0.0.1:${prometheusPort}'] } ] }`,
          `  - { job_name: foresight-backend, static_configs: [ { targets: ['127.0.0.1:${backendPort}'] } ] }`,
          '',
        ].join('\n')
      );
      started.push(
        await startProcess({
          name: 'prometheus',
          command: PROMETHEUS_BINARY,
          args: [
            `--config.file=${config}`,
            `--storage.tsdb.path=${join(workDir, 'prometheus-data')}`,
            `--web.listen-address=127.0.0.1:${prometheusPort}`,
          ],
          cwd: workDir,
          env: { PATH: process.env.PATH },
          logFile: join(workDir, 'logs', 'prometheus.log'),
          readyUrl: `${prometheusUrl}/-/ready`,
          readyTimeoutMs: 20_000,
        })
      );
    }
    const hostPort = await freePort();
    const hostUrl = `http://127.0.0.1:${hostPort}`;
    started.push(
      await startProcess({
        name: 'host',
        command: process.execPath,
        args: [
          join(REPO_ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'),
          join(REPO_ROOT, 'tests', 'host', 'server.ts'),
        ],
        cwd: REPO_ROOT,
        env: {
          PATH: process.env.PATH,
          HOST_PORT: String(hostPort),
          HOST_DIST_DIR: dist,
          HOST_STATE_DIR: join(workDir, 'host-state'),
          HOST_PROMETHEUS_URL: prometheusUrl,
        },
        logFile: join(workDir, 'logs', 'host.log'),
        readyUrl: `${hostUrl}/api/health`,
        // the first start bundles the host page with esbuild (≈10–15 s on 2 busy cores); later starts reuse it
        readyTimeoutMs: 120_000,
      })
    );
    process.env.FORESIGHT_TEST_HOST_URL = hostUrl;
    process.env.FORESIGHT_TEST_BACKEND_URL = backendUrl;
    process.env.FORESIGHT_TEST_API_KEY = apiKey;
    process.env.FORESIGHT_TEST_PROMETHEUS_URL = prometheusUrl;
    process.env.FORESIGHT_TEST_DIST_SNAPSHOT = dist;
    process.env.FORESIGHT_TEST_WORK_DIR = workDir;
  } catch (error) {
    await teardown();
    throw error;
  }
  return teardown;
}
