// Entry point: `npm run sim -- [flags]`. Starts the demo shop simulator on loopback.
import { existsSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { createSimClock } from './clock';
import { parseConfig, usage } from './config';
import { FileLogSink, type LogSink, LokiLogSink } from './logSinks';
import { DEFAULT_LOG_SAMPLING } from './model';
import { SimulatorRuntime } from './runtime';
import { loadScheduleFile } from './schedule';
import { buildServer } from './server';
import { DEFAULT_SHOP } from './topology';

const REPO_ROOT = join(__dirname, '..', '..');

/** A relative path is looked up in the current directory, then in the repository root (npm run sim from anywhere). */
function locate(path: string): string {
  if (isAbsolute(path) || existsSync(path)) {
    return resolve(path);
  }
  return join(REPO_ROOT, path);
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`${usage()}\n`);
    return;
  }
  const config = parseConfig(argv, process.env);
  const shop = DEFAULT_SHOP;
  const services = shop.services.map((s) => s.name);
  const schedulePath = config.schedulePath && locate(config.schedulePath);
  const schedule = schedulePath ? loadScheduleFile(schedulePath, services) : [];
  const clock = createSimClock({ acceleration: config.acceleration, simStartMs: config.simStartMs });
  const say = (line: string): void => void process.stdout.write(`simulator: ${line}\n`);
  const logSink: LogSink = config.lokiUrl
    ? new LokiLogSink({ url: config.lokiUrl, onError: (m) => say(m) })
    : new FileLogSink(resolve(config.logFile));
  const runtime = new SimulatorRuntime({
    shop,
    clock,
    seed: config.seed,
    stepMs: config.stepMs,
    logSink,
    logSampling: { ...DEFAULT_LOG_SAMPLING, info: config.logSampleInfo, error: config.logSampleError },
    onEvent: say,
  });
  schedule.forEach((spec) => runtime.addFault(spec, 'schedule'));

  const app = buildServer(runtime, shop, config.apiKey);
  await app.listen({ host: config.host, port: config.port });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  runtime.start();
  say(
    `listening on http://${config.host}:${port} (GET /metrics, GET /health, GET /topology, GET|POST /faults, DELETE /faults/:id)`
  );
  say(
    `acceleration ${config.acceleration}x, step ${config.stepMs / 1000}s simulated, seed ${config.seed}, ` +
      `simulated start ${new Date(clock.simStartMs).toISOString()}, ${schedule.length} scheduled fault(s)` +
      (schedulePath ? ` from ${schedulePath}` : '')
  );
  say(config.lokiUrl ? `logs pushed to Loki at ${config.lokiUrl}` : `logs written to ${resolve(config.logFile)}`);
  say(
    config.apiKey
      ? 'fault API enabled (header X-Foresight-Key)'
      : 'fault API disabled: set --api-key or SIM_API_KEY to enable POST /faults'
  );

  let stopping = false;
  const stop = async (signal: string): Promise<void> => {
    if (stopping) {
      return;
    }
    stopping = true;
    say(`${signal}: stopping`);
    await app.close();
    await runtime.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((err: unknown) => {
  process.stderr.write(`simulator: ${(err as Error).message}\n`);
  process.exit(1);
});
