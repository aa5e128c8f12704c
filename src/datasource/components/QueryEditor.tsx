import React, { useEffect, useState } from 'react';
import { css } from '@emotion/css';
import { DataSourceApi, GrafanaTheme2, QueryEditorProps, SelectableValue } from '@grafana/data';
import { DataSourcePicker, getDataSourceSrv } from '@grafana/runtime';
import {
  Alert,
  Combobox,
  Field,
  InlineField,
  InlineSwitch,
  Input,
  RadioButtonGroup,
  Slider,
  Stack,
  Text,
  useStyles2,
} from '@grafana/ui';
import type { OverlayDataSource } from '../datasource';
import {
  DETECTOR_CHOICES,
  DetectorSettings,
  isBackendDetector,
  OverlayOptions,
  OverlayOutputs,
  OverlayQuery,
  OverlayQueryType,
  resolveQuery,
  TRAINING_RANGE_CHOICES,
  TrainingRangeMode,
} from '../types';
import type { DetectorKind } from '../../engine/detect/types';
import { testIds } from './testIds';
import { IncidentQueryFields } from './IncidentQueryFields';

const QUERY_MODES: Array<SelectableValue<OverlayQueryType>> = [
  { label: 'Anomaly overlay', value: 'overlay', description: 'Band and anomalies on the wrapped query' },
  { label: 'Incidents', value: 'incidents', description: 'Foresight incidents as annotation regions' },
];

type Props = QueryEditorProps<OverlayDataSource, OverlayQuery, OverlayOptions>;

const OUTPUT_SWITCHES: Array<{ key: keyof OverlayOutputs; label: string; tooltip: string }> = [
  { key: 'original', label: 'Original series', tooltip: 'The wrapped query’s own series.' },
  { key: 'band', label: 'Expected band', tooltip: 'Expected line and lower/upper band (fills between the two).' },
  { key: 'markers', label: 'Markers', tooltip: 'Red points on anomalous samples.' },
  { key: 'score', label: 'Score', tooltip: 'Anomaly score 0–1, shown in the tooltip only.' },
  { key: 'annotations', label: 'Annotations', tooltip: 'One region per anomalous interval, with its explanation.' },
  { key: 'anomalyTable', label: 'Anomaly table', tooltip: 'The anomalies as a table frame, for a table panel.' },
];

function seasonalityText(value: DetectorSettings['seasonality'] | undefined): string {
  return value === undefined ? 'auto' : String(value);
}

/** Parses the seasonality box: `auto`, `none`, or a period in samples (integer ≥ 2). */
export function parseSeasonality(text: string): 'auto' | 'none' | number | Error {
  const trimmed = text.trim().toLowerCase();
  if (trimmed === '' || trimmed === 'auto') {
    return 'auto';
  }
  if (trimmed === 'none') {
    return 'none';
  }
  const period = Number(trimmed);
  return Number.isInteger(period) && period >= 2
    ? period
    : new Error(`Seasonality must be auto, none or a period in samples (an integer ≥ 2), got "${text}"`);
}

/**
 * Picks the wrapped datasource and embeds ITS query editor (Prometheus users keep their PromQL editor), then the
 * detector, its sensitivity, the training range and which outputs to draw.
 */
export function QueryEditor({ query, onChange, onRunQuery, range, data, app }: Props) {
  const styles = useStyles2(getStyles);
  const [inner, setInner] = useState<DataSourceApi>();
  const [error, setError] = useState<string>();
  const [seasonalityDraft, setSeasonalityDraft] = useState(seasonalityText(query.detector?.seasonality));
  const [seasonalityError, setSeasonalityError] = useState<string>();
  const { detector, outputs } = resolveQuery(query);

  useEffect(() => {
    if (!query.source) {
      return;
    }
    let cancelled = false;
    getDataSourceSrv()
      .get(query.source)
      .then((ds) => {
        if (!cancelled) {
          setInner(ds);
          setError(undefined);
        }
      })
      .catch((e) => !cancelled && setError(`Datasource ${query.source?.uid} not found: ${e?.message ?? e}`));
    return () => {
      cancelled = true;
    };
  }, [query.source]);

  const update = (next: Partial<OverlayQuery>, run = true) => {
    onChange({ ...query, ...next });
    if (run) {
      onRunQuery();
    }
  };
  const updateDetector = (next: Partial<DetectorSettings>, run = true) =>
    update({ detector: { ...detector, ...next } }, run);
  const choice = DETECTOR_CHOICES.find((c) => c.kind === detector.kind);
  const trainingChoice = TRAINING_RANGE_CHOICES.find((c) => c.value === detector.trainingRange);
  const InnerEditor =
    query.source && inner && inner.uid === query.source.uid ? inner.components?.QueryEditor : undefined;

  const modeSwitch = (
    <Field label="Query" className={styles.noMargin}>
      <RadioButtonGroup<OverlayQueryType>
        data-testid={testIds.queryEditor.mode}
        options={QUERY_MODES}
        value={query.queryType ?? 'overlay'}
        onChange={(queryType) => update({ queryType })}
      />
    </Field>
  );
  if (query.queryType === 'incidents') {
    return (
      <Stack direction="column" gap={1} data-testid={testIds.queryEditor.container}>
        {modeSwitch}
        <IncidentQueryFields settings={query.incidents ?? {}} onChange={(incidents) => update({ incidents })} />
      </Stack>
    );
  }

  return (
    <Stack direction="column" gap={1} data-testid={testIds.queryEditor.container}>
      {modeSwitch}
      <Field
        label="Datasource to overlay"
        description="Its query results get an expected band, anomaly markers and annotations."
        className={styles.noMargin}
      >
        <DataSourcePicker
          current={query.source ?? null}
          metrics
          filter={(ds) => ds.type !== 'foresight-aiops-datasource'}
          onChange={(ds) => update({ source: { uid: ds.uid, type: ds.type }, inner: { refId: query.refId } }, false)}
        />
      </Field>
      {error && <Alert title={error} severity="error" />}
      {inner && InnerEditor && (
        <div className={styles.inner} data-testid={testIds.queryEditor.innerEditor}>
          <InnerEditor
            datasource={inner}
            query={query.inner ?? { refId: query.refId }}
            onChange={(innerQuery) => onChange({ ...query, inner: innerQuery })}
            onRunQuery={onRunQuery}
            range={range}
            data={data}
            app={app}
          />
        </div>
      )}
      {inner && query.source && inner.uid === query.source.uid && !inner.components?.QueryEditor && (
        <Alert severity="warning" title={`${inner.name} has no query editor`}>
          Edit the wrapped query in the panel JSON (`inner`).
        </Alert>
      )}
      <Stack direction="row" gap={2} wrap="wrap" alignItems="flex-start">
        <Field label="Detector" description={choice?.description} className={styles.detector}>
          <Combobox<DetectorKind>
            id={testIds.queryEditor.detector}
            options={DETECTOR_CHOICES.map((c) => ({ value: c.kind, label: c.label, description: c.description }))}
            value={detector.kind}
            onChange={(option) => updateDetector({ kind: option.value })}
          />
        </Field>
        <Field label="Sensitivity" description="Higher flags more points." className={styles.slider}>
          <Slider
            inputId={testIds.queryEditor.sensitivity}
            min={0}
            max={1}
            step={0.05}
            value={detector.sensitivity}
            onChange={(value) => updateDetector({ sensitivity: value }, false)}
            onAfterChange={(value) => value !== undefined && updateDetector({ sensitivity: value })}
          />
        </Field>
        <Field label="Training range" description={trainingChoice?.description}>
          <Stack direction="row" gap={1}>
            <RadioButtonGroup<TrainingRangeMode>
              options={TRAINING_RANGE_CHOICES.map((c): SelectableValue<TrainingRangeMode> => ({
                value: c.value,
                label: c.label,
                description: c.description,
              }))}
              value={detector.trainingRange}
              onChange={(value) => updateDetector({ trainingRange: value })}
            />
            {detector.trainingRange === 'fixed' && (
              <Input
                width={10}
                aria-label="Fixed training look-back"
                defaultValue={detector.trainingFixed}
                placeholder="7d"
                onBlur={(e) => updateDetector({ trainingFixed: e.currentTarget.value.trim() })}
              />
            )}
          </Stack>
        </Field>
        <Field
          label="Seasonality"
          description="auto, none, or a period in samples."
          invalid={!!seasonalityError}
          error={seasonalityError}
        >
          <Input
            width={12}
            value={seasonalityDraft}
            onChange={(e) => setSeasonalityDraft(e.currentTarget.value)}
            onBlur={() => {
              const parsed = parseSeasonality(seasonalityDraft);
              if (parsed instanceof Error) {
                setSeasonalityError(parsed.message);
                return;
              }
              setSeasonalityError(undefined);
              updateDetector({ seasonality: parsed });
            }}
          />
        </Field>
      </Stack>
      {isBackendDetector(detector.kind) && (
        <Text color="secondary" italic>
          Runs in the Foresight backend through Grafana’s plugin proxy; the backend URL and key are set on the Foresight
          AIOps configuration page.
        </Text>
      )}
      <Stack direction="row" gap={0} wrap="wrap">
        {OUTPUT_SWITCHES.map(({ key, label, tooltip }) => (
          <InlineField key={key} label={label} tooltip={tooltip}>
            <InlineSwitch
              value={outputs[key] !== false}
              onChange={(e) => update({ outputs: { ...outputs, [key]: e.currentTarget.checked } })}
            />
          </InlineField>
        ))}
      </Stack>
    </Stack>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  noMargin: css({ marginBottom: 0 }),
  inner: css({ borderLeft: `2px solid ${theme.colors.border.medium}`, paddingLeft: theme.spacing(1) }),
  detector: css({ minWidth: 260, maxWidth: 420 }),
  slider: css({ minWidth: 220 }),
});
