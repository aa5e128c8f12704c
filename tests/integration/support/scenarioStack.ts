/**
 * The local stack of scripts/start.sh, started for a test on free loopback ports in a temp directory: Alertmanager
 * (first, so Prometheus never drops a notification), the built backend (dist/backend/server.js, temp SQLite), the
 * demo simulator in accelerated time with no schedule, and Prometheus with the demo alert rules. `stop()` ends every
 * process it started and removes the temp directory.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { renderAlertmanagerConfig, renderPrometheusConfig, type StackPorts } from './scenarioConfig';
import { freePort } from '../../support/freePort';
import { until } from '../../support/until';

export const REPO = resolve(__dirname, '..', '..', '..');

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export interface WaitOptions {
  timeoutMs: number;
  /** Collected on timeout and put in the error, so the failure says why. */
  explain?: () => Promise<string>;
  intervalMs?: number;
  /** Stops the polling early (another part of the test failed); the wait then rejects with the abort reason. */
  signal?: AbortSignal;
}

/** Polls `probe` until it returns a value (errors thrown by the probe count as "not yet", the last one is kept). */
export function waitFor<T>(what: string, probe: () => Promise<T | undefined>, options: WaitOptions): Promise<T> {
  const { timeoutMs, intervalMs = 250, ...rest } = options;
  return until(what, timeoutMs, probe, { intervalMs, ...rest });
}

/** A child process whose output is kept (tail only) for failure messages. */
export class StackProcess {
  private output = '';
  readonly child: ChildProcess;

  constructor(
    readonly name: string,
    command: string,
    args: string[],
    env: NodeJS.ProcessEnv = process.env
  ) {
    this.child = spawn(command, args, { cwd: REPO, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const keep = (chunk: Buffer) => {
      this.output = (this.output + chunk.toString('utf8')).slice(-20_000);
    };
    this.child.stdout?.on('data', keep);
    this.child.stderr?.on('data', keep);
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  tail(chars = 2000): string {
    return `--- ${this.name}${this.running ? '' : ` (exited: ${this.child.exitCode ?? this.child.signalCode})`} ---\n${this.output.slice(-chars)}`;
  }

  /** SIGTERM, then SIGKILL after 10 s; resolves when the process is gone. */
  stop(): Promise<void> {
    if (!this.running) {
      return Promise.resolve();
    }
    return new Promise((done) => {
      const timer = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
      this.child.once('exit', () => {
        clearTimeout(timer);
        done();
      });
      this.child.kill('SIGTERM');
    });
  }
}

export interface ScenarioStackOptions {
  apiKey: string;
  /** Simulated seconds per real second. */
  acceleration: number;
  seed: number;
  /** Simulated start (ISO 8601): where on the daily curve the run begins. */
  simStart: string;
  /** Prometheus scrape interval, e.g. "500ms". */
  scrapeInterval: string;
  /** Prometheus rule evaluation interval, e.g. "1s". */
  evaluationInterval: string;
}

export interface ScenarioStack {
  ports: StackPorts;
  urls: { backend: string; simulator: string; prometheus: string; alertmanager: string };
  processes: StackProcess[];
  /** Tails of every process's output, for failure messages. */
  logs(): string;
  stop(): Promise<void>;
}

function requireBinary(name: string, apt: string): void {
  if (spawnSync('which', [name]).status !== 0) {
    throw new Error(`${name} not found on PATH: apt-get install ${apt}`);
  }
}

async function waitReady(proc: StackProcess, url: string, timeoutMs: number): Promise<void> {
  let exited = false;
  await waitFor(
    `${proc.name} at ${url}`,
    async () => {
      if (!proc.running) {
        exited = true;
        return true;
      }
      const res = await fetch(url);
      return res.ok ? true : undefined;
    },
    { timeoutMs, explain: async () => proc.tail() }
  );
  if (exited) {
    throw new Error(`${proc.name} exited before it was ready at ${url}\n${proc.tail()}`);
  }
}

/** Starts the stack; if any part fails to come up, what did start is stopped again before the error is thrown. */
export async function startScenarioStack(options: ScenarioStackOptions): Promise<ScenarioStack> {
  requireBinary('prometheus', 'prometheus');
  requireBinary('prometheus-alertmanager', 'prometheus-alertmanager');
  const serverJs = join(REPO, 'dist', 'backend', 'server.js');
  if (!existsSync(serverJs)) {
    throw new Error(`${serverJs} is missing: run npm run build:backend first`);
  }
  const dir = mkdtempSync(join(tmpdir(), 'foresight-scenario-'));
  const [backend, simulator, prometheus, alertmanager] = await Promise.all([
    freePort(),
    freePort(),
    freePort(),
    freePort(),
  ]);
  const ports: StackPorts = { backend, simulator, prometheus, alertmanager };
  const urls = {
    backend: `http://127.0.0.1:${backend}`,
    simulator: `http://127.0.0.1:${simulator}`,
    prometheus: `http://127.0.0.1:${prometheus}`,
    alertmanager: `http://127.0.0.1:${alertmanager}`,
  };
  const processes: StackProcess[] = [];
  const stop = async () => {
    // Prometheus first, so it does not notify a stopped Alertmanager; then the rest in reverse start order.
    for (const proc of [...processes].reverse()) {
      await proc.stop();
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const stack: ScenarioStack = {
    ports,
    urls,
    processes,
    logs: () => processes.map((p) => p.tail()).join('\n'),
    stop,
  };

  try {
    const amConfig = join(dir, 'alertmanager.yml');
    writeFileSync(
      amConfig,
      renderAlertmanagerConfig(
        readFileSync(join(REPO, 'demo/alertmanager/alertmanager.yml'), 'utf8'),
        options.apiKey,
        backend
      ),
      { mode: 0o600 }
    );
    mkdirSync(join(dir, 'alertmanager'));
    const am = new StackProcess('alertmanager', 'prometheus-alertmanager', [
      `--config.file=${amConfig}`,
      `--storage.path=${join(dir, 'alertmanager')}`,
      `--web.listen-address=127.0.0.1:${alertmanager}`,
      '--cluster.listen-address=',
    ]);
    processes.push(am);

    const be = new StackProcess('backend', process.execPath, [serverJs], {
      PATH: process.env.PATH,
      FORESIGHT_HOST: '127.0.0.1',
      FORESIGHT_PORT: String(backend),
      FORESIGHT_DB: join(dir, 'foresight.db'),
      FORESIGHT_API_KEY: options.apiKey,
      FORESIGHT_PROMETHEUS_URL: urls.prometheus,
      FORESIGHT_LOG_LEVEL: 'warn',
      // The correlator's clock ticks every 0.5 s instead of 10 s, so no incident waits for a tick.
      FORESIGHT_INCIDENT_TICK_MS: '500',
    });
    processes.push(be);

    const sim = new StackProcess(
      'simulator',
      join(REPO, 'node_modules', '.bin', 'tsx'),
      [
        'demo/simulator/main.ts',
        '--host',
        '127.0.0.1',
        '--port',
        String(simulator),
        '--acceleration',
        String(options.acceleration),
        '--seed',
        String(options.seed),
        '--schedule',
        'none',
        '--start',
        options.simStart,
        '--log-file',
        join(dir, 'sim', 'app.log'),
      ],
      { ...process.env, SIM_API_KEY: options.apiKey }
    );
    processes.push(sim);

    await Promise.all([
      waitReady(am, `${urls.alertmanager}/-/ready`, 30_000),
      waitReady(be, `${urls.backend}/health`, 30_000),
      waitReady(sim, `${urls.simulator}/health`, 30_000),
    ]);

    const promConfig = join(dir, 'prometheus.yml');
    writeFileSync(
      promConfig,
      renderPrometheusConfig(readFileSync(join(REPO, 'demo/prometheus/prometheus.yml'), 'utf8'), {
        configDir: join(REPO, 'demo/prometheus'),
        ports,
        scrapeInterval: options.scrapeInterval,
        evaluationInterval: options.evaluationInterval,
      })
    );
    const prom = new StackProcess('prometheus', 'prometheus', [
      `--config.file=${promConfig}`,
      `--storage.tsdb.path=${join(dir, 'prometheus')}`,
      `--web.listen-address=127.0.0.1:${prometheus}`,
      '--rules.alert.resend-delay=2s',
    ]);
    processes.push(prom);
    await waitReady(prom, `${urls.prometheus}/-/ready`, 30_000);
    return stack;
  } catch (error) {
    const logs = stack.logs();
    await stop();
    throw new Error(`${(error as Error).message}\n${logs}`);
  }
}
