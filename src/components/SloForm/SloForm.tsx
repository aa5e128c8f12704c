import React, { useEffect, useMemo, useState } from 'react';
import { Alert, Button, Stack, Text, TextArea, useStyles2 } from '@grafana/ui';
import { importSlos } from '../../engine/slo/importSlos';
import { prometheusRuleFile } from '../../engine/slo/rules';
import { GENERATED_HEADER, toYaml } from '../../engine/slo/ruleYaml';
import type { SloSpec, SloStatus } from '../../engine/slo/types';
import { formatBurn, formatPercent } from '../SloShared/format';
import { getSloStyles } from '../SloShared/styles';
import { sloTestIds } from '../SloShared/testIds';

export const NEW_SLO_TEMPLATE = `apiVersion: foresight/v1
slos:
  - id: checkout-availability
    name: Checkout availability
    service: checkout
    objective: 0.999
    window: 30d
    sli:
      kind: ratio
      badQuery: sum(rate(http_requests_total{service="checkout",status=~"5.."}[{{.window}}]))
      totalQuery: sum(rate(http_requests_total{service="checkout"}[{{.window}}]))
`;

interface Props {
  initialYaml: string;
  /** Editing keeps the id; creating may import many SLOs (Foresight, Sloth or OpenSLO YAML). */
  mode: 'create' | 'edit';
  onSave: (specs: SloSpec[], yaml: string) => Promise<void>;
  onPreview: (spec: SloSpec) => Promise<SloStatus[]>;
}

/** YAML editor with instant validation in the browser (the engine is shared) and a preview against Prometheus. */
export function SloForm({ initialYaml, mode, onSave, onPreview }: Props) {
  const styles = useStyles2(getSloStyles);
  const [yaml, setYaml] = useState(initialYaml);
  const [preview, setPreview] = useState<{ statuses?: SloStatus[]; error?: string; loading?: boolean }>({});
  const [saveError, setSaveError] = useState<string>();
  const parsed = useMemo(() => importSlos(yaml), [yaml]);
  const valid =
    parsed.errors.length === 0 && parsed.specs.length > 0 && (mode === 'create' || parsed.specs.length === 1);
  const rules = useMemo(
    () => (valid ? toYaml(prometheusRuleFile(parsed.specs), GENERATED_HEADER) : ''),
    [valid, parsed]
  );

  // Live preview: re-evaluate the first SLO a moment after the text stops changing.
  useEffect(() => {
    if (!valid) {
      return;
    }
    const timer = setTimeout(() => {
      setPreview({ loading: true });
      onPreview(parsed.specs[0]).then(
        (statuses) => setPreview({ statuses }),
        (err: Error) => setPreview({ error: err.message })
      );
    }, 800);
    return () => clearTimeout(timer);
  }, [valid, parsed, onPreview]);

  const status = preview.statuses?.[0];
  return (
    <Stack direction="column" gap={2}>
      <Text color="secondary">
        Foresight, Sloth (prometheus/v1) or OpenSLO v1 YAML. Queries use {'{{.window}}'} for the range; objectives are
        fractions (0.999) in Foresight and OpenSLO, percentages in Sloth.
      </Text>
      <TextArea
        rows={18}
        value={yaml}
        onChange={(e) => setYaml(e.currentTarget.value)}
        data-testid={sloTestIds.form.yaml}
        className={styles.code}
      />
      {parsed.errors.length > 0 && (
        <Alert severity="error" title="Fix these fields" data-testid={sloTestIds.form.errors}>
          <ul>
            {parsed.errors.map((e, i) => (
              <li key={i}>
                <code>{e.path}</code>: {e.message}
              </li>
            ))}
          </ul>
        </Alert>
      )}
      {mode === 'edit' && parsed.specs.length > 1 && <Alert severity="error" title="Edit one SLO at a time" />}
      <div data-testid={sloTestIds.form.preview}>
        <Text element="h4">Preview over the last windows {parsed.specs[0] ? `(${parsed.specs[0].id})` : ''}</Text>
        {preview.loading && <Text color="secondary">Querying Prometheus…</Text>}
        {preview.error && <Text color="warning">{preview.error}</Text>}
        {status && (
          <div className={styles.muted}>
            SLI {formatPercent(status.sli, 3)} · budget remaining {formatPercent(status.budgetRemaining, 1)} · burn{' '}
            {status.burnRates.map((b) => `${b.window} ${formatBurn(b.burnRate)}`).join(', ')}
          </div>
        )}
      </div>
      {saveError && (
        <Alert severity="error" title="Not saved">
          {saveError}
        </Alert>
      )}
      <Stack direction="row" gap={1}>
        <Button
          disabled={!valid}
          data-testid={sloTestIds.form.save}
          onClick={() => onSave(parsed.specs, yaml).catch((err: Error) => setSaveError(err.message))}
        >
          {mode === 'create'
            ? `Save ${parsed.specs.length} SLO${parsed.specs.length === 1 ? '' : 's'}`
            : 'Save changes'}
        </Button>
      </Stack>
      {rules && (
        <>
          <Text element="h4">Rules that will be generated</Text>
          <pre className={styles.code}>{rules}</pre>
        </>
      )}
    </Stack>
  );
}
