/**
 * The golden-file table: each committed input under tests/golden/slo/ and the committed output generated from it.
 * `golden.test.ts` compares, `tests/golden/slo/regenerate.ts` rewrites (review the diff like code).
 */
import { grafanaAlertProvisioning } from './grafanaRules';
import { importSlos } from './importSlos';
import { toOpenSloYaml } from './openslo';
import { GENERATED_HEADER, toYaml } from './ruleYaml';
import { prometheusRuleFile } from './rules';
import { toSlothYaml } from './sloth';
import { formatValidationErrors } from './validate';
import { SloSpec } from './types';

export interface GoldenCase {
  input: string;
  output: string;
  render: (inputText: string) => string;
}

function specsOf(text: string): SloSpec[] {
  const { specs, errors } = importSlos(text);
  if (errors.length > 0) {
    throw new Error(formatValidationErrors(errors));
  }
  return specs;
}

export const GOLDEN_GRAFANA_OPTIONS = { datasourceUid: 'prometheus', folder: 'SLOs' };

const rules = (text: string) => toYaml(prometheusRuleFile(specsOf(text)), GENERATED_HEADER);

export const GOLDEN_CASES: GoldenCase[] = [
  { input: 'checkout.slo.yaml', output: 'checkout.rules.yaml', render: rules },
  {
    input: 'checkout.slo.yaml',
    output: 'checkout.grafana-alerts.yaml',
    render: (text) => toYaml(grafanaAlertProvisioning(specsOf(text), GOLDEN_GRAFANA_OPTIONS), GENERATED_HEADER),
  },
  { input: 'checkout.slo.yaml', output: 'checkout.openslo.yaml', render: (text) => toOpenSloYaml(specsOf(text)) },
  {
    input: 'checkout.slo.yaml',
    output: 'checkout.sloth.yaml',
    render: (text) => {
      const { yaml, warnings } = toSlothYaml(specsOf(text));
      return `${warnings.map((w) => `# warning: ${w}\n`).join('')}${yaml}`;
    },
  },
  { input: 'sloth-getting-started.yaml', output: 'sloth-getting-started.rules.yaml', render: rules },
  { input: 'openslo-search.yaml', output: 'openslo-search.rules.yaml', render: rules },
];
