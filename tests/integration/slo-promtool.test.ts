/**
 * The generated rules against the real promtool (Debian prometheus package): every rule file passes
 * `promtool check rules`, and generated `promtool test rules` files prove the alert timing on synthetic series.
 * Negative controls run the same tests against deliberately broken rules and must fail.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promtoolTestFiles, syntheticSloSpec } from '../../src/engine/slo/ruleTests';
import { prometheusRuleFile } from '../../src/engine/slo/rules';
import { GENERATED_HEADER, toYaml } from '../../src/engine/slo/ruleYaml';
import { SloSpec } from '../../src/engine/slo/types';
import { importSlos } from '../../src/engine/slo/importSlos';

const GOLDEN_DIR = join(__dirname, '../golden/slo');
const PROVISIONING_DIR = join(__dirname, '../../provisioning/slos');

function promtool(args: string[], cwd: string): { code: number; output: string } {
  const run = spawnSync('promtool', args, { cwd, encoding: 'utf8', timeout: 120000 });
  return { code: run.status ?? -1, output: `${run.stdout}${run.stderr}` };
}

describe('generated SLO rules under promtool', () => {
  let dir: string;

  beforeAll(() => {
    execFileSync('promtool', ['--version']);
    dir = mkdtempSync(join(tmpdir(), 'slo-promtool-'));
  });

  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it.each(readdirSync(GOLDEN_DIR).filter((f) => f.endsWith('.rules.yaml')))('promtool check rules %s', (file) => {
    const result = promtool(['check', 'rules', join(GOLDEN_DIR, file)], dir);
    expect(result.output).toContain('SUCCESS');
    expect(result.code).toBe(0);
  });

  it('the provisioned demo rules are current and pass promtool', () => {
    const specs = importSlos(readFileSync(join(PROVISIONING_DIR, 'demo-shop.slo.yaml'), 'utf8'));
    expect(specs.errors).toEqual([]);
    const rulesPath = join(PROVISIONING_DIR, 'demo-shop.rules.yaml');
    expect(readFileSync(rulesPath, 'utf8')).toBe(toYaml(prometheusRuleFile(specs.specs), GENERATED_HEADER));
    expect(promtool(['check', 'rules', rulesPath], dir).code).toBe(0);
  });

  function writeRules(name: string, spec: SloSpec): string {
    const file = `${name}.rules.yaml`;
    writeFileSync(join(dir, file), toYaml(prometheusRuleFile([spec]), GENERATED_HEADER));
    return file;
  }

  function writeTests(name: string, spec: SloSpec, ruleFile: string): string[] {
    return promtoolTestFiles(spec, ruleFile).map(({ evaluationMinutes, yaml }) => {
      const file = `${name}.test-${evaluationMinutes}m.yaml`;
      writeFileSync(join(dir, file), yaml);
      return file;
    });
  }

  it.each([
    ['30d 99.9% with a 1/s traffic guard', syntheticSloSpec()],
    [
      '28d 99.5%',
      syntheticSloSpec({
        id: 'synthetic-28d',
        window: '28d',
        objective: 0.995,
        alerting: { page: true, ticket: true },
      }),
    ],
  ])(
    'promtool test rules: %s pages on a fast burn, tickets a slow one, stays quiet just under, guard holds',
    (_name, spec) => {
      const ruleFile = writeRules(spec.id, spec);
      expect(promtool(['check', 'rules', ruleFile], dir).code).toBe(0);
      for (const testFile of writeTests(spec.id, spec, ruleFile)) {
        const result = promtool(['test', 'rules', testFile], dir);
        expect(`${testFile}: ${result.output}`).toContain('SUCCESS');
        expect(result.code).toBe(0);
      }
    }
  );

  it('negative control: the same tests fail when the page alerts are missing', () => {
    const good = syntheticSloSpec();
    const broken = writeRules('no-page', { ...good, alerting: { ...good.alerting, page: false } });
    const [fastTests] = writeTests('no-page', good, broken);
    const result = promtool(['test', 'rules', fastTests], dir);
    expect(result.code).not.toBe(0);
    expect(result.output).toContain('SLOBurnRatePage');
  });

  it('negative control: the guard scenario fails when the rules have no minimum-traffic guard', () => {
    const good = syntheticSloSpec();
    const unguarded = writeRules('no-guard', { ...good, alerting: { page: true, ticket: true } });
    const [fastTests] = writeTests('no-guard', good, unguarded);
    const result = promtool(['test', 'rules', fastTests], dir);
    expect(result.code).not.toBe(0);
    expect(result.output).toContain('guard');
  });
});
