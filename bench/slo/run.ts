/**
 * `npm run bench:slo`: generate and validate Prometheus rules for 1,000 SLOs (a mix of ratio/latency SLIs,
 * 30d/28d/7d windows, grouped and guarded SLOs), then `promtool check rules` the file. Prints times and sizes.
 * Then evaluates 100 SLOs against a real Prometheus (bench/slo/evaluate.ts) and prints the latency.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { grafanaAlertProvisioning } from '../../src/engine/slo/grafanaRules';
import { importSlos } from '../../src/engine/slo/importSlos';
import { toNativeYaml } from '../../src/engine/slo/nativeFormat';
import { GENERATED_HEADER, toYaml } from '../../src/engine/slo/ruleYaml';
import { prometheusRuleFile } from '../../src/engine/slo/rules';
import { formatValidationErrors, parseSloList } from '../../src/engine/slo/validate';
import { evaluationBench } from './evaluate';

const COUNT = Number(process.argv[2] ?? 1000);
const WINDOWS = ['30d', '28d', '7d'];

function rawSpec(i: number) {
  const service = `svc-${i % 50}`;
  const window = WINDOWS[i % WINDOWS.length];
  if (i % 3 === 2) {
    return {
      id: `latency-${i}`,
      service,
      objective: 0.99,
      window,
      sli: {
        kind: 'latency',
        histogramMetric: 'http_request_duration_seconds',
        thresholdSeconds: 0.5,
        selector: `job="${service}",handler="/h${i}"`,
      },
      ...(i % 2 === 0 ? { groupBy: ['route'] } : {}),
    };
  }
  return {
    id: `availability-${i}`,
    service,
    objective: 0.999,
    window,
    labels: { team: `team-${i % 7}` },
    sli: {
      kind: 'ratio',
      badQuery: `sum(rate(http_requests_total{job="${service}",handler="/h${i}",code=~"5.."}[{{.window}}]))`,
      totalQuery: `sum(rate(http_requests_total{job="${service}",handler="/h${i}"}[{{.window}}]))`,
    },
    alerting: { minTrafficPerSecond: i % 2 === 0 ? 0.5 : 0 },
  };
}

function time<T>(fn: () => T): [T, number] {
  const start = performance.now();
  const value = fn();
  return [value, performance.now() - start];
}

const raws = Array.from({ length: COUNT }, (_, i) => rawSpec(i));
const [parsed, validateMs] = time(() => parseSloList(raws));
if (parsed.errors.length > 0) {
  throw new Error(formatValidationErrors(parsed.errors));
}
const specYaml = toNativeYaml(parsed.specs);
const [imported, importMs] = time(() => importSlos(specYaml));
const [ruleFile, generateMs] = time(() => prometheusRuleFile(imported.specs));
const [yaml, serialiseMs] = time(() => toYaml(ruleFile, GENERATED_HEADER));
const [grafanaYaml, grafanaMs] = time(() =>
  toYaml(grafanaAlertProvisioning(imported.specs, { datasourceUid: 'prometheus', folder: 'SLOs' }))
);

const dir = mkdtempSync(join(tmpdir(), 'bench-slo-'));
try {
  const rulesPath = join(dir, 'slos.rules.yaml');
  writeFileSync(rulesPath, yaml);
  const [check, promtoolMs] = time(() => spawnSync('promtool', ['check', 'rules', rulesPath], { encoding: 'utf8' }));
  const rules = ruleFile.groups.reduce((n, g) => n + g.rules.length, 0);
  const alerts = ruleFile.groups.reduce((n, g) => n + g.rules.filter((r) => 'alert' in r).length, 0);
  const kb = (text: string) => (Buffer.byteLength(text) / 1024).toFixed(1);
  console.log(`SLOs: ${COUNT} (spec file ${kb(specYaml)} KiB)`);
  console.log(`validate (objects): ${validateMs.toFixed(1)} ms; import YAML + validate: ${importMs.toFixed(1)} ms`);
  console.log(`generate rules: ${generateMs.toFixed(1)} ms; serialise YAML: ${serialiseMs.toFixed(1)} ms`);
  console.log(`rule file: ${ruleFile.groups.length} groups, ${rules} rules (${alerts} alerts), ${kb(yaml)} KiB`);
  console.log(`Grafana alert provisioning: ${grafanaMs.toFixed(1)} ms, ${kb(grafanaYaml)} KiB`);
  console.log(
    `promtool check rules: ${check.status === 0 ? 'SUCCESS' : `FAILED (exit ${check.status})`} in ${promtoolMs.toFixed(0)} ms`
  );
  if (check.status !== 0) {
    console.log(check.stdout.slice(0, 2000), check.stderr.slice(0, 2000));
    process.exitCode = 1;
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

evaluationBench().catch((err: Error) => {
  console.error(`evaluation bench failed: ${err.message}`);
  process.exitCode = 1;
});
