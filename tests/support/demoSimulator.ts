import { type ChildProcess, spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { until } from './until';

const REPO = resolve(__dirname, '..', '..');

export interface DemoSimulatorOptions {
  /** 0 = any free port (read back from the "listening on" line). */
  port?: number;
  logFile: string;
  /** More flags, e.g. ['--start', '2026-11-18T13:00:00Z'] or ['--scrape-interval', '1s']. */
  extraArgs?: string[];
  env?: NodeJS.ProcessEnv;
}

/**
 * The command line every test runs the demo simulator with: 60× accelerated time, seed 7, no fault schedule (a test
 * injects what it needs), logs to a file of the test's.
 */
export function demoSimulatorCommand({ port = 0, logFile, extraArgs = [] }: DemoSimulatorOptions): {
  command: string;
  args: string[];
  cwd: string;
} {
  return {
    command: join(REPO, 'node_modules', '.bin', 'tsx'),
    args: [
      'demo/simulator/main.ts',
      '--port',
      String(port),
      '--acceleration',
      '60',
      '--seed',
      '7',
      '--schedule',
      'none',
      ...extraArgs,
      '--log-file',
      logFile,
    ],
    cwd: REPO,
  };
}

export interface DemoSimulatorProcess {
  child: ChildProcess;
  /** http://127.0.0.1:<port> */
  url: string;
  /** stdout + stderr so far. */
  output(): string;
  stop(): Promise<void>;
}

/** Starts the simulator and resolves once it printed where it listens. */
export async function startDemoSimulatorProcess(options: DemoSimulatorOptions): Promise<DemoSimulatorProcess> {
  const { command, args, cwd } = demoSimulatorCommand(options);
  const child = spawn(command, args, { cwd, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((done) => child.once('exit', done));
      child.kill('SIGTERM');
      await exited;
    }
  };
  try {
    const url = await until(
      'the simulator to listen',
      30_000,
      async () => {
        if (child.exitCode !== null) {
          throw new Error(`exited with ${child.exitCode}`);
        }
        return /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1];
      },
      { intervalMs: 100 }
    );
    return { child, url, output: () => output, stop };
  } catch (error) {
    await stop();
    throw new Error(`simulator did not start: ${(error as Error).message}\n${output}`);
  }
}
