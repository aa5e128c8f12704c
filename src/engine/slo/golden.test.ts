/* Test-only file I/O: reads the committed golden files. Tests are never bundled, so the engine stays I/O-free. */
// eslint-disable-next-line no-restricted-imports
import { readFileSync } from 'fs';
// eslint-disable-next-line no-restricted-imports
import { join } from 'path';
import { GOLDEN_CASES } from './goldenCases';

const GOLDEN_DIR = join(__dirname, '../../../tests/golden/slo');

describe('generated files match tests/golden/slo (regenerate: npx tsx tests/golden/slo/regenerate.ts)', () => {
  it.each(GOLDEN_CASES.map((c) => [c.input, c.output, c]))('%s → %s', (_input, _output, golden) => {
    const input = readFileSync(join(GOLDEN_DIR, golden.input), 'utf8');
    const expected = readFileSync(join(GOLDEN_DIR, golden.output), 'utf8');
    expect(golden.render(input)).toBe(expected);
  });
});
