import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
export { freePort } from '../support/freePort';

export interface StartedProcess {
  name: string;
  child: ChildProcess;
  logFile: string;
  stop(): Promise<void>;
}

/** Spawns a process with its output in `logFile`, and waits until `readyUrl` answers 2xx. */
export async function startProcess(options: {
  name: string;
  command: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  cwd: string;
  logFile: string;
  readyUrl: string;
  readyTimeoutMs: number;
}): Promise<StartedProcess> {
  const log = createWriteStream(options.logFile);
  const child = spawn(options.command, options.args, {
    cwd: options.cwd,
    env: options.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.pipe(log);
  child.stderr!.pipe(log);
  let exitCode: number | null = null;
  const exited = new Promise<void>((resolveExit) =>
    child.once('exit', (code) => {
      exitCode = code ?? -1;
      resolveExit();
    })
  );
  const stop = async () => {
    if (exitCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
    log.end();
  };
  const deadline = Date.now() + options.readyTimeoutMs;
  for (;;) {
    if (exitCode !== null) {
      throw new Error(`${options.name} exited with code ${exitCode} before it was ready; see ${options.logFile}`);
    }
    try {
      const response = await fetch(options.readyUrl);
      if (response.ok) {
        return { name: options.name, child, logFile: options.logFile, stop };
      }
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(
        `${options.name} did not answer ${options.readyUrl} within ${options.readyTimeoutMs} ms; see ${options.logFile}`
      );
    }
    await new Promise((resolveWait) => setTimeout(resolveWait, 200));
  }
}

/** Starts the built backend (`<distDir>/backend/server.js`) on a loopback port with its own SQLite file under
 * `workDir`, and waits for /health. `env` adds capability settings (Prometheus URL, incident timings…). */
export function startBuiltBackend(options: {
  name: string;
  distDir: string;
  workDir: string;
  port: number;
  apiKey: string;
  logFile: string;
  env?: Record<string, string>;
}): Promise<StartedProcess> {
  return startProcess({
    name: options.name,
    command: process.execPath,
    args: [join(options.distDir, 'backend', 'server.js')],
    cwd: options.workDir,
    env: {
      PATH: process.env.PATH,
      FORESIGHT_HOST: '127.0.0.1',
      FORESIGHT_PORT: String(options.port),
      FORESIGHT_API_KEY: options.apiKey,
      FORESIGHT_DB: join(options.workDir, 'db', 'foresight.db'),
      FORESIGHT_LOG_LEVEL: 'warn',
      ...options.env,
    },
    logFile: options.logFile,
    readyUrl: `http://127.0.0.1:${options.port}/health`,
    readyTimeoutMs: 20_000,
  });
}
