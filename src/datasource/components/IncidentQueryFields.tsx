import React from 'react';
import { Combobox, ComboboxOption, Field, Input, Stack, Text } from '@grafana/ui';
import { SEVERITIES, Severity } from '../../engine/severity';
import type { IncidentQuerySettings } from '../types';
import { testIds } from './testIds';

interface Props {
  settings: IncidentQuerySettings;
  onChange: (next: IncidentQuerySettings) => void;
}

const SEVERITY_OPTIONS: Array<ComboboxOption<string>> = [
  { label: 'Any severity', value: '' },
  ...SEVERITIES.map((severity) => ({ label: `${severity} and above`, value: severity })),
];

/** The filters of an `incidents` query: the backend's incidents drawn as annotation regions on the panel. */
export function IncidentQueryFields({ settings, onChange }: Props) {
  return (
    <Stack direction="column" gap={1} data-testid={testIds.queryEditor.incidents}>
      <Text color="secondary" element="p">
        Incidents of the Foresight backend active in the panel&apos;s time range, as annotation regions from onset to
        resolution. Use this query in a dashboard&apos;s annotation settings, or in a panel next to its series.
      </Text>
      <Stack direction="row" gap={2}>
        <Field label="Service" description="Only incidents affecting this service; $variables allowed.">
          <Input
            width={30}
            value={settings.service ?? ''}
            placeholder="any service"
            onChange={(event) => onChange({ ...settings, service: event.currentTarget.value.trim() || undefined })}
          />
        </Field>
        <Field label="Severity">
          <Combobox
            width={24}
            options={SEVERITY_OPTIONS}
            value={settings.minSeverity ?? ''}
            onChange={(option) =>
              onChange({ ...settings, minSeverity: (option?.value || undefined) as Severity | undefined })
            }
          />
        </Field>
      </Stack>
    </Stack>
  );
}
