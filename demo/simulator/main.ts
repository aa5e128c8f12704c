// Entry point: `npm run sim -- [flags]`. Starts the demo shop simulator on loopback.
import { existsSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { createSimClock } from './clock';
import { parseConfig, usage } from './config';
import { FileLogSink, type LogSink, LokiLogSink } from './logSinks';
import { DEFAULT_LOG_SAMPLING } from './model';
import { SelfScraper } from './promql/selfScraper';
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

  let instance = `${config.host}:${config.port}`;
  const scraper = new SelfScraper({
    registry: runtime.metrics.registry,
    advance: () => runtime.advance(),
    intervalMs: config.scrapeIntervalMs,
    retentionMs: config.retentionMs,
    job: config.scrapeJob,
    instance: () => instance,
    onError: (err) => say(`self-scrape failed: ${err.message}`),
  });
  const app = buildServer(runtime, shop, config.apiKey, () => scraper.store);
  await app.listen({ host: config.host, port: config.port });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  instance = `${config.host}:${port}`;
  runtime.start();
  await scraper.scrapeOnce();
  scraper.start();
  say(
    `listening on http://${config.host}:${port} (GET /metrics, GET /health, GET /topology, GET|POST /faults, DELETE /faults/:id)`
  );
  const mib = (bytes: number): string => (bytes / 1024 / 1024).toFixed(1);
  say(
    `Prometheus-compatible read API at http://${config.host}:${port}/api/v1 (query, query_range, series, labels, ` +
      `metadata): self-scrape every ${config.scrapeIntervalMs / 1000}s, job="${config.scrapeJob}", ` +
      `${scraper.store.seriesCount} series, ${mib(scraper.bytesPerHour())} MiB per hour of retention, ` +
      `retention ${config.retentionMs / 3_600_000}h`
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
    await scraper.stop();
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
