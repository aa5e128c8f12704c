/**
 * Ingest benchmark over loopback HTTP from a second process:
 * `npx tsx bench/storm/ingest.ts [--alerts 100000] [--batch 50] [--concurrency 4] [--seed 42]`.
 * Starts the real backend (pkg/src/main.ts) as a child process with a fresh SQLite file, replays the seeded storm
 * (bench/storm/storm.ts, shifted to end now) as Alertmanager v4 webhooks of `--batch` alerts, keeps `--concurrency`
 * requests in flight, and prints sustained alerts/s, request latency p50/p99/max, and the stored counts.
 */
import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { quantile } from '../../src/engine/stats/robust';
import { DEFAULT_STORM, generateStorm, StormNotification } from './storm';
import { webhook } from './webhook';
import { freePort } from '../../tests/support/freePort';

const KEY = 'bench-ingest-key-0123456789';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) {
    return fallback;
  }
  const value = Number(process.argv[i + 1]);
  if (!Number.isFinite(value) || value <= 0) {
    throw new Error(`--${name} must be a positive number, got ${JSON.stringify(process.argv[i + 1])}`);
  }
  return value;
}

/** user + system CPU seconds of a process, from /proc (Linux). */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  // Fields 14 and 15 (utime, stime) in clock ticks; after the ") " split they are at index 11 and 12.
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

async function main(): Promise<void> {
  const totalAlerts = arg('alerts', 100_000);
  const batchSize = arg('batch', 50);
  const concurrency = arg('concurrency', 4);
  const seed = arg('seed', DEFAULT_STORM.seed);

  // Build every request body first: the figures measure the backend, not payload generation.
  const notifications: StormNotification[] = [];
  for (const n of generateStorm({ seed, occurrences: Number.MAX_SAFE_INTEGER })) {
    if (notifications.length >= totalAlerts) {
      break;
    }
    notifications.push(n);
  }
  const shift = Date.now() - notifications[notifications.length - 1].alert.receivedAt;
  for (const n of notifications) {
    n.alert.startsAt += shift;
    if (n.alert.endsAt !== undefined) {
      n.alert.endsAt += shift;
    }
  }
  const bodies: string[] = [];
  for (let i = 0; i < notifications.length; i += batchSize) {
    bodies.push(webhook(notifications.slice(i, i + batchSize)));
  }

  const dir = mkdtempSync(join(tmpdir(), 'foresight-ingest-bench-'));
  const dbPath = join(dir, 'foresight.db');
  const port = await freePort();
  const repo = resolve(__dirname, '../..');
  // BENCH_BACKEND_NODE_ARGS (e.g. "--cpu-prof") profiles the backend.
  const nodeArgs = (process.env.BENCH_BACKEND_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const backend = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', join(repo, 'pkg/src/main.ts')], {
    cwd: repo,
    env: {
      PATH: process.env.PATH,
      FORESIGHT_HOST: '127.0.0.1',
      FORESIGHT_PORT: String(port),
      FORESIGHT_API_KEY: KEY,
      FORESIGHT_DB: dbPath,
      FORESIGHT_LOG_LEVEL: 'warn',
      FORESIGHT_BODY_LIMIT: String(16 * 1024 * 1024),
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}/api/alerts/alertmanager`;
  try {
    const deadline = Date.now() + 30_000;
    for (;;) {
      try {
        if ((await fetch(`http://127.0.0.1:${port}/health`)).ok) {
          break;
        }
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) {
        throw new Error('backend did not start within 30 s');
      }
      await new Promise((r) => setTimeout(r, 100));
    }

    const latencies: number[] = [];
    let failures = 0;
    let next = 0;
    const cpuBefore = cpuSeconds(backend.pid!);
    const started = performance.now();
    const worker = async () => {
      while (next < bodies.length) {
        const body = bodies[next++];
        const t0 = performance.now();
        const res = await fetch(url, {
          method: 'POST',
          headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
          body,
        });
        await res.arrayBuffer();
        latencies.push(performance.now() - t0);
        if (res.status !== 200) {
          failures++;
        }
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    const seconds = (performance.now() - started) / 1000;
    const backendCpuSeconds = cpuSeconds(backend.pid!) - cpuBefore;
    latencies.sort((a, b) => a - b);

    const db = new Database(dbPath, { readonly: true });
    const counts = db
      .prepare(
        'SELECT (SELECT count(*) FROM alert_payloads) AS payloads, (SELECT count(*) FROM alerts) AS alerts, (SELECT count(*) FROM incidents) AS incidents'
      )
      .get() as { payloads: number; alerts: number; incidents: number };
    db.close();

    console.log(
      `Ingest over loopback HTTP (Alertmanager v4 webhooks, ${batchSize} alerts per request, ${concurrency} in flight, SQLite WAL):`
    );
    console.log(
      `  ${notifications.length.toLocaleString('en-US')} alerts in ${bodies.length.toLocaleString('en-US')} requests, ${seconds.toFixed(2)} s → ` +
        `${Math.round(notifications.length / seconds).toLocaleString('en-US')} alerts/s   target ≥ 10,000: ${notifications.length / seconds >= 10_000 ? 'PASS' : 'FAIL'}`
    );
    const p99 = quantile(latencies, 0.99);
    console.log(
      `  request latency p50 ${quantile(latencies, 0.5).toFixed(1)} ms, p99 ${p99.toFixed(1)} ms, max ${latencies[latencies.length - 1].toFixed(1)} ms   ` +
        `target p99 < 50 ms: ${p99 < 50 ? 'PASS' : 'FAIL'}; non-200 answers: ${failures}`
    );
    // The machine is shared: CPU seconds the backend spent are a load-independent cost figure.
    console.log(
      `  backend CPU ${backendCpuSeconds.toFixed(2)} s (user+sys) → ${Math.round(notifications.length / backendCpuSeconds).toLocaleString('en-US')} alerts per backend CPU-second; ` +
        `load average during the run ${loadavg()[0].toFixed(1)} on ${cpus().length} cores`
    );
    console.log(
      `  stored: ${counts.payloads.toLocaleString('en-US')} payloads, ${counts.alerts.toLocaleString('en-US')} distinct alert occurrences, ${counts.incidents.toLocaleString('en-US')} incidents`
    );
  } finally {
    backend.kill('SIGTERM');
    await new Promise((r) => backend.once('exit', r));
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
