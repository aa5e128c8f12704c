/**
 * A backend + Prometheus pair of the SLO browser test's own, beside the shared ones globalSetup starts: the shared
 * backend has no FORESIGHT_PROMETHEUS_URL and the shared Prometheus loads no SLO rules. This backend runs the same
 * dist snapshot; its Prometheus scrapes a workload the test controls and evaluates the rules the engine generates.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { GENERATED_HEADER, prometheusRuleFile, toYaml } from '../../../src/engine/slo';
import type { SloSpec } from '../../../src/engine/slo/types';
import { freePort, startBuiltBackend, startProcess, type StartedProcess } from '../processes';
import { startWorkload, type Workload, type WorkloadProfile } from './sloWorkload';
import { backendApi } from '../../support/backendApi';

const PROMETHEUS_BINARY = '/usr/bin/prometheus';
export const DEMO_SPEC_FILE = resolve(__dirname, '..', '..', '..', 'provisioning', 'slos', 'demo-shop.slo.yaml');

export interface SloStack {
  backendUrl: string;
  apiKey: string;
  prometheusUrl: string;
  /** The specs as the backend stored them (import answer). */
  specs: SloSpec[];
  /** GET/POST on the backend's API with the key. */
  api<T>(path: string, init?: { method?: string; body?: unknown }): Promise<{ status: number; body: T; text: string }>;
  stop(): Promise<void>;
}

/**
 * Starts workload, backend (importing the demo SLO spec through POST /api/slos/import) and a Prometheus that loads
 * the engine's rules for those specs. The whole-period group is evaluated every second instead of every 5 minutes
 * (the only difference from what GET /api/slos/rules.yaml serves), so budgets appear within the test.
 */
export async function startSloStack(options: { distDir: string; profile: WorkloadProfile }): Promise<SloStack> {
  const workDir = mkdtempSync(join(tmpdir(), 'foresight-slo-browser-'));
  mkdirSync(join(workDir, 'logs'));
  const started: StartedProcess[] = [];
  let workload: Workload | undefined;
  const stop = async () => {
    for (const child of started.reverse()) {
      await child.stop();
    }
    await workload?.stop();
    if (!process.env.FORESIGHT_TEST_KEEP_TMP) {
      rmSync(workDir, { recursive: true, force: true });
    }
  };
  try {
    const apiKey = randomBytes(18).toString('hex');
    const [backendPort, prometheusPort] = [await freePort(), await freePort()];
    const backendUrl = `http://127.0.0.1:${backendPort}`;
    const prometheusUrl = `http://127.0.0.1:${prometheusPort}`;
    const api = backendApi(backendUrl, apiKey);

    workload = await startWorkload(options.profile);
    started.push(
      await startBuiltBackend({
        name: 'slo-backend',
        distDir: options.distDir,
        workDir: workDir,
        port: backendPort,
        apiKey,
        logFile: join(workDir, 'logs', 'backend.log'),
        env: { FORESIGHT_PROMETHEUS_URL: prometheusUrl },
      })
    );

    const imported = await api<{ format: string; specs: SloSpec[] }>('/api/slos/import', {
      method: 'POST',
      body: { yaml: readFileSync(DEMO_SPEC_FILE, 'utf8') },
    });
    if (imported.status !== 201) {
      throw new Error(`importing ${DEMO_SPEC_FILE}: HTTP ${imported.status} ${imported.text}`);
    }
    const specs = imported.body.specs;

    writeFileSync(
      join(workDir, 'slo.rules.yaml'),
      toYaml(prometheusRuleFile(specs, { periodGroupInterval: '1s' }), GENERATED_HEADER)
    );
    writeFileSync(
      join(workDir, 'prometheus.yml'),
      [
        'global: { scrape_interval: 1s, evaluation_interval: 1s }',
        'rule_files: [slo.rules.yaml]',
        'scrape_configs:',
        `  - { job_name: demo-shop, static_configs: [ { targets: ['${workload.url.slice('http://'.length)}'] } ] }`,
        '',
      ].join('\n')
    );
    started.push(
      await startProcess({
        name: 'slo-prometheus',
        command: PROMETHEUS_BINARY,
        args: [
          `--config.file=${join(workDir, 'prometheus.yml')}`,
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
    return { backendUrl, apiKey, prometheusUrl, specs, api, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
