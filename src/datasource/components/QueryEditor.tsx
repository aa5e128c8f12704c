import React, { useEffect, useState } from 'react';
import { DataSourceApi, QueryEditorProps } from '@grafana/data';
import { DataSourcePicker, getDataSourceSrv } from '@grafana/runtime';
import { Alert, Field, Stack } from '@grafana/ui';
import type { OverlayDataSource } from '../datasource';
import { OverlayOptions, OverlayQuery } from '../types';

type Props = QueryEditorProps<OverlayDataSource, OverlayQuery, OverlayOptions>;

/** Picks the wrapped datasource and embeds its own query editor, so users keep the editor they know. */
export function QueryEditor({ query, onChange, onRunQuery, range, data }: Props) {
  const [inner, setInner] = useState<DataSourceApi>();
  const [error, setError] = useState<string>();

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

  const InnerEditor = query.source ? inner?.components?.QueryEditor : undefined;
  return (
    <Stack direction="column" gap={1}>
      <Field label="Datasource to overlay" description="Its query results get an expected band and anomaly markers.">
        <DataSourcePicker
          current={query.source ?? null}
          metrics
          filter={(ds) => ds.type !== 'foresight-aiops-datasource'}
          onChange={(ds) =>
            onChange({ ...query, source: { uid: ds.uid, type: ds.type }, inner: { refId: query.refId } })
          }
        />
      </Field>
      {error && <Alert title={error} severity="error" />}
      {inner && InnerEditor && (
        <InnerEditor
          datasource={inner}
          query={query.inner ?? { refId: query.refId }}
          onChange={(innerQuery) => onChange({ ...query, inner: innerQuery })}
          onRunQuery={onRunQuery}
          range={range}
          data={data}
        />
      )}
    </Stack>
  );
}
