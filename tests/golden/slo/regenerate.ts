/** Rewrites the golden outputs from their inputs and the demo rules: `npx tsx tests/golden/slo/regenerate.ts`, then review the diff. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GOLDEN_CASES } from '../../../src/engine/slo/goldenCases';
import { importSlos } from '../../../src/engine/slo/importSlos';
import { prometheusRuleFile } from '../../../src/engine/slo/rules';
import { GENERATED_HEADER, toYaml } from '../../../src/engine/slo/ruleYaml';

for (const golden of GOLDEN_CASES) {
  const text = golden.render(readFileSync(join(__dirname, golden.input), 'utf8'));
  writeFileSync(join(__dirname, golden.output), text);
  console.log(`${golden.output}: ${text.length} bytes`);
}

// The demo shop's provisioned rules (loaded by the demo Prometheus) are generated the same way.
const demoSpecs = importSlos(readFileSync(join(__dirname, '../../../provisioning/slos/demo-shop.slo.yaml'), 'utf8'));
if (demoSpecs.errors.length > 0) {
  throw new Error(`provisioning/slos/demo-shop.slo.yaml: ${JSON.stringify(demoSpecs.errors)}`);
}
const demoRules = toYaml(prometheusRuleFile(demoSpecs.specs), GENERATED_HEADER);
writeFileSync(join(__dirname, '../../../provisioning/slos/demo-shop.rules.yaml'), demoRules);
console.log(`provisioning/slos/demo-shop.rules.yaml: ${demoRules.length} bytes`);
