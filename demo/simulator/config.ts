// Command-line flags and environment variables of the simulator (flags win over env).
import { parseDurationMs } from './durations';

export interface SimulatorConfig {
  host: string;
  port: number;
  acceleration: number;
  seed: number;
  /** Path of the YAML fault schedule, or undefined for none. */
  schedulePath?: string;
  /** Key required in X-Foresight-Key for /faults; undefined disables the fault API. */
  apiKey?: string;
  logFile: string;
  lokiUrl?: string;
  /** Simulated start time (ms since epoch); undefined = now. */
  simStartMs?: number;
  /** Simulated step length in ms. */
  stepMs: number;
  logSampleInfo: number;
  logSampleError: number;
  /** Wall-clock interval of the self-scrape behind the Prometheus-compatible /api/v1 read API. */
  scrapeIntervalMs: number;
  /** How long self-scraped samples are kept (in memory). */
  retentionMs: number;
  /** `job` label of the self-scraped series (Prometheus' scrape job name). */
  scrapeJob: string;
}

interface FlagSpec {
  env: string;
  help: string;
  defaultText: string;
}

export const FLAGS: Record<string, FlagSpec> = {
  host: { env: 'SIM_HOST', help: 'address to listen on', defaultText: '127.0.0.1' },
  port: { env: 'SIM_PORT', help: 'port to listen on (0 = any free port)', defaultText: '9464' },
  acceleration: {
    env: 'SIM_ACCELERATION',
    help: 'simulated seconds per real second (alias --accelerate)',
    defaultText: '1',
  },
  seed: { env: 'SIM_SEED', help: 'random seed (same seed + same faults = same metrics)', defaultText: '1' },
  schedule: {
    env: 'SIM_SCHEDULE',
    help: 'YAML fault schedule, or "none"; relative paths: current directory, then the repository root',
    defaultText: 'demo/schedules/default.yaml',
  },
  'api-key': {
    env: 'SIM_API_KEY',
    help: 'key for X-Foresight-Key on /faults (falls back to FORESIGHT_API_KEY)',
    defaultText: 'unset: fault API disabled',
  },
  'log-file': {
    env: 'SIM_LOG_FILE',
    help: 'JSON-lines application log file (when no Loki URL)',
    defaultText: '.data/sim/app.log',
  },
  'loki-url': {
    env: 'SIM_LOKI_URL',
    help: 'push logs to this Loki (e.g. http://127.0.0.1:3100) instead of the file',
    defaultText: 'unset',
  },
  start: { env: 'SIM_START', help: 'simulated start time, ISO 8601', defaultText: 'now' },
  step: {
    env: 'SIM_STEP',
    help: 'simulated step length ("1s", "15s")',
    defaultText: 'acceleration x 50ms, within 1s..60s',
  },
  'log-sample-info': { env: 'SIM_LOG_SAMPLE_INFO', help: 'share of successful requests logged', defaultText: '0.002' },
  'log-sample-error': { env: 'SIM_LOG_SAMPLE_ERROR', help: 'share of failed requests logged', defaultText: '0.2' },
  'scrape-interval': {
    env: 'SIM_SCRAPE_INTERVAL',
    help: 'wall-clock interval at which the simulator records its own metrics for /api/v1 (PromQL)',
    defaultText: '15s',
  },
  retention: { env: 'SIM_RETENTION', help: 'how long recorded samples are kept in memory', defaultText: '6h' },
  'scrape-job': { env: 'SIM_SCRAPE_JOB', help: 'job label of the recorded series', defaultText: 'foresight-demo' },
};

/** Alternative spellings (scripts/start.sh passes --accelerate). */
const FLAG_ALIASES: Record<string, string> = { accelerate: 'acceleration' };

export function usage(): string {
  const lines = Object.entries(FLAGS).map(
    ([name, f]) => `  --${name.padEnd(18)} ${f.env.padEnd(22)} ${f.help} (default: ${f.defaultText})`
  );
  return ['Usage: npm run sim -- [flags]   (flag, environment variable, meaning)', ...lines].join('\n');
}

/** Parses argv (without node and script) and env. Throws naming the flag and the value on bad input. */
export function parseConfig(argv: readonly string[], env: Record<string, string | undefined>): SimulatorConfig {
  const given = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const match = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    const name = match ? (FLAG_ALIASES[match[1]] ?? match[1]) : undefined;
    if (!match || name === undefined || !(name in FLAGS)) {
      throw new Error(`unknown argument ${JSON.stringify(arg)}\n${usage()}`);
    }
    let value = match[2];
    if (value === undefined) {
      value = argv[++i];
      if (value === undefined) {
        throw new Error(`--${match[1]}: missing value`);
      }
    }
    given.set(name, value);
  }
  const raw = (name: string): string | undefined => given.get(name) ?? env[FLAGS[name].env];
  const number = (name: string, fallback: number, check: (n: number) => boolean, expected: string): number => {
    const text = raw(name);
    if (text === undefined || text === '') {
      return fallback;
    }
    const n = Number(text);
    if (!Number.isFinite(n) || !check(n)) {
      throw new Error(`--${name} / ${FLAGS[name].env}: expected ${expected}, got ${JSON.stringify(text)}`);
    }
    return n;
  };

  const acceleration = number('acceleration', 1, (n) => n > 0 && n <= 10_000, 'a number in (0, 10000]');
  const port = number('port', 9464, (n) => Number.isInteger(n) && n >= 0 && n <= 65535, 'an integer port 0-65535');
  const seed = number('seed', 1, Number.isInteger, 'an integer');
  const logSampleInfo = number('log-sample-info', 0.002, (n) => n >= 0 && n <= 1, 'a ratio in [0, 1]');
  const logSampleError = number('log-sample-error', 0.2, (n) => n >= 0 && n <= 1, 'a ratio in [0, 1]');
  const host = raw('host') || '127.0.0.1';

  let simStartMs: number | undefined;
  const startText = raw('start');
  if (startText) {
    simStartMs = Date.parse(startText);
    if (Number.isNaN(simStartMs)) {
      throw new Error(
        `--start / SIM_START: expected an ISO 8601 time such as 2026-11-18T00:00:00Z, got ${JSON.stringify(startText)}`
      );
    }
  }
  const stepText = raw('step');
  const stepMs = stepText
    ? parseDurationMs(stepText, '--step / SIM_STEP')
    : Math.min(60_000, Math.max(1000, acceleration * 50));
  if (stepMs < 100) {
    throw new Error(`--step / SIM_STEP: must be at least 100ms, got ${JSON.stringify(stepText)}`);
  }
  const scrapeText = raw('scrape-interval');
  const scrapeIntervalMs = scrapeText ? parseDurationMs(scrapeText, '--scrape-interval / SIM_SCRAPE_INTERVAL') : 15_000;
  if (scrapeIntervalMs < 100) {
    throw new Error(
      `--scrape-interval / SIM_SCRAPE_INTERVAL: must be at least 100ms, got ${JSON.stringify(scrapeText)}`
    );
  }
  const retentionText = raw('retention');
  const retentionMs = retentionText ? parseDurationMs(retentionText, '--retention / SIM_RETENTION') : 6 * 3_600_000;
  if (retentionMs < 2 * scrapeIntervalMs) {
    throw new Error(
      `--retention / SIM_RETENTION: must hold at least two scrapes (${2 * scrapeIntervalMs} ms), got ${JSON.stringify(retentionText)}`
    );
  }
  const scheduleText = raw('schedule') ?? 'demo/schedules/default.yaml';
  const apiKey = raw('api-key') || env.FORESIGHT_API_KEY || undefined;
  return {
    host,
    port,
    acceleration,
    seed,
    schedulePath: scheduleText === 'none' || scheduleText === '' ? undefined : scheduleText,
    apiKey,
    logFile: raw('log-file') || '.data/sim/app.log',
    lokiUrl: raw('loki-url') || undefined,
    simStartMs,
    stepMs,
    logSampleInfo,
    logSampleError,
    scrapeIntervalMs,
    retentionMs,
    scrapeJob: raw('scrape-job') || 'foresight-demo',
  };
}
