/** Rewrites the golden outputs from their inputs: `npx tsx tests/golden/slo/regenerate.ts`, then review the diff. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GOLDEN_CASES } from '../../../src/engine/slo/goldenCases';

for (const golden of GOLDEN_CASES) {
  const text = golden.render(readFileSync(join(__dirname, golden.input), 'utf8'));
  writeFileSync(join(__dirname, golden.output), text);
  console.log(`${golden.output}: ${text.length} bytes`);
}
