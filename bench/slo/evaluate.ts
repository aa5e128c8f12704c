/**
 * Evaluation latency: a real Prometheus (Debian package) scrapes a workload with one request counter per SLO and
 * evaluates the generated rules for 100 SLOs; we time the backend's evaluation (one instant query over the
 * recorded `slo:*` series for all SLOs) and, for contrast, the raw 30d error-ratio queries a page would otherwise run.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { evaluateRecorded } from '../../pkg/src/slo/sloEvaluator';
import { instantQuery } from '../../pkg/src/slo/prometheusClient';
import { rawErrorRatioQuery } from '../../src/engine/slo/promql';
import { prometheusRuleFile } from '../../src/engine/slo/rules';
import { toYaml } from '../../src/engine/slo/ruleYaml';
import { parseSloList } from '../../src/engine/slo/validate';
import { freePort } from '../../tests/support/freePort';

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

function percentile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

export async function evaluationBench(count = 100, repeats = 20): Promise<void> {
  const { specs, errors } = parseSloList(
    Array.from({ length: count }, (_, i) => ({
      id: `bench-${i}`,
      service: `svc-${i % 10}`,
      objective: 0.999,
      window: '30d',
      sli: {
        kind: 'ratio',
        badQuery: `sum(rate(bench_requests_total{slo="${i}",code="500"}[{{.window}}]))`,
        totalQuery: `sum(rate(bench_requests_total{slo="${i}"}[{{.window}}]))`,
      },
    }))
  );
  if (errors.length > 0) {
    throw new Error(errors[0].message);
  }
  const dir = mkdtempSync(join(tmpdir(), 'bench-slo-eval-'));
  const started = Date.now();
  const workload = createServer((_req, res) => {
    const seconds = (Date.now() - started) / 1000;
    const lines = ['# TYPE bench_requests_total counter'];
    for (let i = 0; i < count; i++) {
      const total = seconds * (10 + i);
      lines.push(`bench_requests_total{slo="${i}",code="200"} ${total * (1 - (i % 5) * 0.001)}`);
      lines.push(`bench_requests_total{slo="${i}",code="500"} ${total * (i % 5) * 0.001}`);
    }
    res.end(`${lines.join('\n')}\n`);
  });
  await new Promise<void>((done) => workload.listen(0, '127.0.0.1', done));
  const address = workload.address();
  const workloadPort = typeof address === 'object' && address ? address.port : 0;
  writeFileSync(join(dir, 'rules.yaml'), toYaml(prometheusRuleFile(specs)));
  writeFileSync(
    join(dir, 'prometheus.yml'),
    `global: { scrape_interval: 1s, evaluation_interval: 1s }\nrule_files: [rules.yaml]\nscrape_configs:\n  - job_name: bench\n    static_configs: [{ targets: ["127.0.0.1:${workloadPort}"] }]\n`
  );
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const prometheus = spawn(
    'prometheus',
    [
      `--config.file=${join(dir, 'prometheus.yml')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      `--storage.tsdb.path=${join(dir, 'tsdb')}`,
    ],
    { stdio: 'ignore' }
  );
  try {
    for (let i = 0; i < 60; i++) {
      const ready = await fetch(`${url}/-/ready`).then(
        (r) => r.ok,
        () => false
      );
      if (ready) {
        break;
      }
      await sleep(500);
    }
    // Let a few scrapes and rule evaluations happen.
    for (let i = 0; i < 60; i++) {
      const series = await instantQuery(url, 'count(slo:sli_error:ratio_rate1h)').catch(() => []);
      if (series[0]?.value === count) {
        break;
      }
      await sleep(1000);
    }
    const recorded: number[] = [];
    let statuses = 0;
    for (let r = 0; r < repeats; r++) {
      const t = performance.now();
      const result = await evaluateRecorded(url, specs, Date.now());
      recorded.push(performance.now() - t);
      statuses = [...result.values()].reduce((n, s) => n + s.length, 0);
    }
    const raw: number[] = [];
    for (let r = 0; r < Math.min(5, repeats); r++) {
      const t = performance.now();
      await Promise.all(specs.map((spec) => instantQuery(url, rawErrorRatioQuery(spec.sli, spec.groupBy, '30d'))));
      raw.push(performance.now() - t);
    }
    console.log(
      `evaluate ${count} SLOs from recording rules (1 query, ${statuses} statuses): p50 ${percentile(recorded, 0.5).toFixed(1)} ms, p95 ${percentile(recorded, 0.95).toFixed(1)} ms over ${repeats} runs`
    );
    console.log(
      `same ${count} SLOs with raw 30d rate() queries (${count} queries, on ~1 min of data): p50 ${percentile(raw, 0.5).toFixed(1)} ms over ${raw.length} runs`
    );
  } finally {
    prometheus.kill('SIGTERM');
    await new Promise((done) => prometheus.once('exit', done));
    await new Promise<void>((done) => workload.close(() => done()));
    rmSync(dir, { recursive: true, force: true });
  }
}
