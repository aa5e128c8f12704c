import { type ChildProcess, spawn } from 'node:child_process';
import { until } from './until';

export interface ServiceProcessSpec {
  command: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  cwd?: string;
  /** Answers 200 once the service is up. */
  healthUrl: string;
  startTimeoutMs?: number;
}

/**
 * A service a test starts, restarts and signals (the backend, mostly): stdout and stderr are kept in `output` so a test
 * can assert on logs and a failure can show them; start() waits for the health URL and fails fast if the process exits.
 */
export class ServiceProcess {
  child?: ChildProcess;
  output = '';

  constructor(private readonly spec: ServiceProcessSpec) {}

  async start(): Promise<void> {
    const { command, args, env, cwd, healthUrl, startTimeoutMs = 30_000 } = this.spec;
    this.output = '';
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    child.stdout?.on('data', (chunk: Buffer) => (this.output += chunk.toString('utf8')));
    child.stderr?.on('data', (chunk: Buffer) => (this.output += chunk.toString('utf8')));
    await until(
      healthUrl,
      startTimeoutMs,
      async () => {
        if (child.exitCode !== null) {
          throw new Error(`exited with ${child.exitCode} during start:\n${this.output}`);
        }
        return (await fetch(healthUrl)).status === 200 ? true : undefined;
      },
      { intervalMs: 100 }
    ).catch((error: unknown) => {
      throw new Error(`${command} ${args.join(' ')}: ${(error as Error).message}\n${this.output}`);
    });
  }

  /** Sends a signal and resolves with the exit code once the process is gone (SIGKILL after 15 s). */
  stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) {
      return Promise.resolve(child?.exitCode ?? null);
    }
    return new Promise((done) => {
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      child.once('exit', (code) => {
        clearTimeout(timer);
        done(code);
      });
      child.kill(signal);
    });
  }
}
