/**
 * The incident browser test's own alerting pipeline, beside the shared backend globalSetup starts: a loopback
 * workload whose failing state the test sets, a REAL Prometheus evaluating alert rules over it, a REAL Alertmanager
 * sending its webhook (Bearer key) to a backend of its own (same dist snapshot, short quiet period and clock tick).
 * The chain is the one a user deploys: rule fires → Alertmanager → POST /api/alerts/alertmanager → incident.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, startBuiltBackend, startProcess, type StartedProcess } from '../processes';
import { backendApi } from '../../support/backendApi';

export const PROMETHEUS_BINARY = '/usr/bin/prometheus';
export const ALERTMANAGER_BINARY = '/usr/bin/prometheus-alertmanager';

/** After the last member alert resolved, the backend waits this long (event time) before resolving the incident. */
export const QUIET_PERIOD_MS = 3_000;
/** How often the backend's incident clock advances without new alerts (resolution happens on a tick). */
const TICK_MS = 500;

/**
 * Two services of a catalogue: checkout calls payments. Different alert names and services, so only the
 * catalogue dependency links their alerts into one incident.
 */
export const CATALOGUE = {
  services: [
    {
      name: 'checkout',
      team: 'shop',
      tier: 1,
      dependsOn: ['payments'],
      runbookUrl: 'https://runbooks.example/checkout',
    },
    { name: 'payments', team: 'payments', tier: 1, dependsOn: [], runbookUrl: 'https://runbooks.example/payments' },
  ],
};

/** One alert rule per service; `for: 0s` so a rule fires on the first evaluation that sees the failure. */
export const RULES = [
  { alert: 'PaymentsErrorsHigh', service: 'payments', severity: 'critical' },
  { alert: 'CheckoutLatencyHigh', service: 'checkout', severity: 'warning' },
] as const;

const METRIC = 'foresight_e2e_failing';
/** pkg/src/incidents/incidentService.ts CATALOGUE_TTL_MS (not exported from the bundle). */
export const CATALOGUE_TTL_MS = 15_000;

export interface PrometheusAlert {
  labels: Record<string, string>;
  state: 'pending' | 'firing';
  activeAt: string;
}

export interface IncidentStack {
  backendUrl: string;
  apiKey: string;
  prometheusUrl: string;
  alertmanagerUrl: string;
  /**
   * When the catalogue was stored (ms epoch). The backend's correlator re-reads the catalogue at most every
   * CATALOGUE_TTL_MS, and its clock tick may have read the empty one just before: alerts that start after
   * catalogueStoredAt + CATALOGUE_TTL_MS are correlated with it for certain.
   */
  catalogueStoredAt: number;
  /** Sets the workload's state: true makes every rule's expression true on the next scrape. */
  setFailing(failing: boolean): void;
  /** The alerts Prometheus holds now (GET /api/v1/alerts). */
  prometheusAlerts(): Promise<PrometheusAlert[]>;
  /** Calls the backend's API with the key, as the plugin proxy does. */
  api<T>(path: string, init?: { method?: string; body?: unknown }): Promise<{ status: number; body: T; text: string }>;
  /** The tail of every process log, for failure messages. */
  logs(): string;
  stop(): Promise<void>;
}

/** The workload: one gauge per service, 1 while failing. Text exposition format, served on a free loopback port. */
async function startWorkload(state: { failing: boolean }): Promise<{ server: Server; target: string }> {
  const server = createServer((request, response) => {
    if (request.url !== '/metrics') {
      response.writeHead(404).end();
      return;
    }
    const value = state.failing ? 1 : 0;
    response.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
    response.end(
      [
        `# HELP ${METRIC} 1 while the test makes the service fail.`,
        `# TYPE ${METRIC} gauge`,
        ...RULES.map((rule) => `${METRIC}{service="${rule.service}"} ${value}`),
        '',
      ].join('\n')
    );
  });
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  const address = server.address();
  if (typeof address !== 'object' || !address) {
    throw new Error('workload server has no address');
  }
  return { server, target: `127.0.0.1:${address.port}` };
}

export async function startIncidentStack(options: { distDir: string }): Promise<IncidentStack> {
  const workDir = mkdtempSync(join(tmpdir(), 'foresight-incidents-browser-'));
  const logDir = join(workDir, 'logs');
  mkdirSync(logDir);
  const state = { failing: false };
  const started: StartedProcess[] = [];
  let workload: Server | undefined;
  const stop = async () => {
    for (const child of started.reverse()) {
      await child.stop();
    }
    await new Promise<void>((closed) => (workload ? workload.close(() => closed()) : closed()));
    if (!process.env.FORESIGHT_TEST_KEEP_TMP) {
      rmSync(workDir, { recursive: true, force: true });
    }
  };
  const logs = () =>
    started
      .map((child) => {
        let text = '';
        try {
          text = readFileSync(child.logFile, 'utf8');
        } catch {
          // not written yet
        }
        return `--- ${child.name} ---\n${text.slice(-2_000)}`;
      })
      .join('\n');

  try {
    const apiKey = randomBytes(18).toString('hex');
    const [backendPort, prometheusPort, alertmanagerPort] = [await freePort(), await freePort(), await freePort()];
    const backendUrl = `http://127.0.0.1:${backendPort}`;
    const prometheusUrl = `http://127.0.0.1:${prometheusPort}`;
    const alertmanagerUrl = `http://127.0.0.1:${alertmanagerPort}`;
    const api = backendApi(backendUrl, apiKey);

    const served = await startWorkload(state);
    workload = served.server;

    started.push(
      await startBuiltBackend({
        name: 'incident-backend',
        distDir: options.distDir,
        workDir: workDir,
        port: backendPort,
        apiKey,
        logFile: join(logDir, 'backend.log'),
        env: {
          FORESIGHT_INCIDENT_QUIET_PERIOD_MS: String(QUIET_PERIOD_MS),
          FORESIGHT_INCIDENT_TICK_MS: String(TICK_MS),
        },
      })
    );
    const catalogue = await api('/api/catalogue', { method: 'PUT', body: CATALOGUE });
    if (catalogue.status !== 200) {
      throw new Error(`PUT /api/catalogue: HTTP ${catalogue.status} ${catalogue.text}`);
    }
    const catalogueStoredAt = Date.now();

    writeFileSync(
      join(workDir, 'alertmanager.yml'),
      [
        // group_by alertname: one notification per rule, as a typical route sends them
        "route: { receiver: foresight, group_by: ['alertname'], group_wait: 1s, group_interval: 1s, repeat_interval: 1h }",
        'receivers:',
        '  - name: foresight',
        '    webhook_configs:',
        `      - url: '${backendUrl}/api/alerts/alertmanager'`,
        '        send_resolved: true',
        `        http_config: { authorization: { type: Bearer, credentials: '${apiKey}' } }`,
        '',
      ].join('\n')
    );
    writeFileSync(
      join(workDir, 'rules.yml'),
      [
        'groups:',
        '  - name: foresight-e2e',
        '    interval: 1s',
        '    rules:',
        ...RULES.flatMap((rule) => [
          `      - alert: ${rule.alert}`,
          `        expr: ${METRIC}{service="${rule.service}"} > 0`,
          `        labels: { severity: ${rule.severity} }`,
          `        annotations: { summary: '${rule.service} is failing ({{ $value }})' }`,
        ]),
        '',
      ].join('\n')
    );
    writeFileSync(
      join(workDir, 'prometheus.yml'),
      [
        'global: { scrape_interval: 1s, evaluation_interval: 1s }',
        `rule_files: ['${join(workDir, 'rules.yml')}']`,
        `alerting: { alertmanagers: [ { static_configs: [ { targets: ['127.0.0.1:${alertmanagerPort}'] } ] } ] }`,
        'scrape_configs:',
        `  - { job_name: shop, static_configs: [ { targets: ['${served.target}'] } ] }`,
        '',
      ].join('\n')
    );
    mkdirSync(join(workDir, 'alertmanager-data'));
    // Alertmanager first, so Prometheus never sends its first notification to nobody (platform.md 7b).
    started.push(
      await startProcess({
        name: 'incident-alertmanager',
        command: ALERTMANAGER_BINARY,
        args: [
          `--config.file=${join(workDir, 'alertmanager.yml')}`,
          `--storage.path=${join(workDir, 'alertmanager-data')}`,
          `--web.listen-address=127.0.0.1:${alertmanagerPort}`,
          '--cluster.listen-address=',
        ],
        cwd: workDir,
        env: { PATH: process.env.PATH },
        logFile: join(logDir, 'alertmanager.log'),
        readyUrl: `${alertmanagerUrl}/-/ready`,
        readyTimeoutMs: 20_000,
      })
    );
    started.push(
      await startProcess({
        name: 'incident-prometheus',
        command: PROMETHEUS_BINARY,
        args: [
          `--config.file=${join(workDir, 'prometheus.yml')}`,
          `--storage.tsdb.path=${join(workDir, 'prometheus-data')}`,
          `--web.listen-address=127.0.0.1:${prometheusPort}`,
          // the alerts' generatorURL: the address the test reaches, not the machine's host name
          `--web.external-url=${prometheusUrl}/`,
          '--rules.alert.resend-delay=2s',
        ],
        cwd: workDir,
        env: { PATH: process.env.PATH },
        logFile: join(logDir, 'prometheus.log'),
        readyUrl: `${prometheusUrl}/-/ready`,
        readyTimeoutMs: 20_000,
      })
    );

    const prometheusAlerts = async () => {
      const answer = (await (await fetch(`${prometheusUrl}/api/v1/alerts`)).json()) as {
        data: { alerts: PrometheusAlert[] };
      };
      return answer.data.alerts;
    };
    return {
      backendUrl,
      apiKey,
      prometheusUrl,
      alertmanagerUrl,
      catalogueStoredAt,
      setFailing: (failing) => {
        state.failing = failing;
      },
      prometheusAlerts,
      api,
      logs,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
