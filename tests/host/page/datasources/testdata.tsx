import {
  createDataFrame,
  DataFrame,
  DataQueryRequest,
  DataQueryResponse,
  DataSourceApi,
  DataSourceInstanceSettings,
  DataSourcePluginMeta,
  FieldType,
  LoadingState,
  PluginType,
  QueryEditorProps,
} from '@grafana/data';
import type { DataQuery } from '@grafana/schema';
import { Field, Input, Stack } from '@grafana/ui';
import React from 'react';
import { Observable, of } from 'rxjs';
import type { HostDataSourceFactory } from './registry';
import { createRng } from '../../../../src/engine/stats/random';

/** Same uid and type as the TestData instance in provisioning/datasources/foresight.yaml. */
export const TESTDATA_UID = 'testdata';

/**
 * The part of Grafana TestData's query model the host implements: the `random_walk` scenario with its options
 * (seriesCount, startValue, spread, noise, min, max, labels with `$seriesIndex`, seed), plus one host-demo option,
 * `anomalies`, that adds known deviations so a demo or test has something to find (real TestData has no such option).
 */
export interface TestDataQuery extends DataQuery {
  scenarioId?: string;
  seriesCount?: number;
  startValue?: number;
  spread?: number;
  noise?: number;
  min?: number;
  max?: number;
  labels?: string;
  seed?: number;
  alias?: string;
  anomalies?: Array<{ at: number; add: number; points?: number }>;
}

function parseLabels(text: string | undefined, seriesIndex: number): Record<string, string> | undefined {
  if (!text?.trim()) {
    return undefined;
  }
  const labels: Record<string, string> = {};
  for (const pair of text.replace(/[{}]/g, '').split(',')) {
    const [key, value] = pair.split('=').map((part) => part?.trim().replace(/^"|"$/g, ''));
    if (key) {
      labels[key] = (value ?? '').replace(/\$seriesIndex/g, String(seriesIndex));
    }
  }
  return labels;
}

/**
 * TestData's random walk (grafana pkg/tsdb/grafana-testdata-datasource/scenarios.go): one point per interval from
 * `from` to `to`, value = walker + noise, walker += (rand − 0.5) × spread, clamped to min/max.
 */
export function randomWalkFrames(query: TestDataQuery, from: number, to: number, intervalMs: number): DataFrame[] {
  const random = createRng(query.seed ?? 1);
  const frames: DataFrame[] = [];
  const step = Math.max(1, intervalMs);
  const first = Math.ceil(from / step) * step;
  for (let s = 0; s < (query.seriesCount ?? 1); s++) {
    let walker = query.startValue ?? random() * 100;
    const time: number[] = [];
    const value: number[] = [];
    for (let t = first; t <= to && time.length < 10_000; t += step) {
      time.push(t);
      value.push(walker + (random() - 0.5) * (query.noise ?? 0));
      walker += (random() - 0.5) * (query.spread ?? 1);
      if (query.min !== undefined && walker < query.min) {
        walker = query.min;
      }
      if (query.max !== undefined && walker > query.max) {
        walker = query.max;
      }
    }
    for (const anomaly of query.anomalies ?? []) {
      const start = Math.floor(anomaly.at * time.length);
      for (let i = start; i < Math.min(time.length, start + (anomaly.points ?? 1)); i++) {
        value[i] += anomaly.add * (1 + 0.2 * s);
      }
    }
    const name = query.alias ?? `${query.refId}-series${(query.seriesCount ?? 1) > 1 ? `-${s}` : ''}`;
    frames.push(
      createDataFrame({
        refId: query.refId,
        name,
        fields: [
          { name: 'time', type: FieldType.time, values: time },
          { name: 'value', type: FieldType.number, values: value, labels: parseLabels(query.labels, s) },
        ],
      })
    );
  }
  return frames;
}

/** TestData's editor, reduced to what the host implements: the scenario, the number of series and the seed. */
function TestDataQueryEditor({
  query,
  onChange,
  onRunQuery,
}: QueryEditorProps<DataSourceApi<TestDataQuery>, TestDataQuery>) {
  const numberField = (label: string, key: 'seriesCount' | 'seed') => (
    <Field label={label}>
      <Input
        type="number"
        width={12}
        aria-label={label}
        defaultValue={query[key] ?? 1}
        onBlur={(e) => {
          onChange({ ...query, [key]: Number(e.currentTarget.value) });
          onRunQuery();
        }}
      />
    </Field>
  );
  return (
    <Stack direction="row" gap={2}>
      <Field label="Scenario">
        <Input width={20} value="Random Walk" readOnly />
      </Field>
      {numberField('Series count', 'seriesCount')}
      {numberField('Seed', 'seed')}
    </Stack>
  );
}

class HostTestDataSource extends DataSourceApi<TestDataQuery> {
  constructor(settings: DataSourceInstanceSettings) {
    super(settings);
    this.components = { QueryEditor: TestDataQueryEditor };
  }

  query(request: DataQueryRequest<TestDataQuery>): Observable<DataQueryResponse> {
    const data: DataFrame[] = [];
    for (const target of request.targets) {
      const scenario = target.scenarioId ?? 'random_walk';
      if (scenario !== 'random_walk') {
        return of({
          data: [],
          errors: [
            { refId: target.refId, message: `scenario "${scenario}" is not available in the host (random_walk is)` },
          ],
          state: LoadingState.Error,
        });
      }
      data.push(
        ...randomWalkFrames(target, request.range.from.valueOf(), request.range.to.valueOf(), request.intervalMs)
      );
    }
    return of({ data, state: LoadingState.Done });
  }

  async testDatasource() {
    return { status: 'success', message: 'Data source is working' };
  }
}

/** A TestData-like datasource (uid `testdata`), the demo source the overlay wraps in the host. */
export const testDataSources: HostDataSourceFactory = async () => {
  const meta = {
    id: 'grafana-testdata-datasource',
    name: 'TestData',
    type: PluginType.datasource,
    metrics: true,
    annotations: false,
    module: '',
    baseUrl: '',
    info: {
      author: { name: 'Grafana Labs' },
      description: 'Generates test data in different forms',
      links: [],
      logos: { small: '', large: '' },
      screenshots: [],
      updated: '',
      version: '',
    },
  } as DataSourcePluginMeta;
  const settings: DataSourceInstanceSettings = {
    id: 2,
    uid: TESTDATA_UID,
    name: 'TestData',
    type: meta.id,
    meta,
    jsonData: {},
    access: 'proxy',
    readOnly: false,
    isDefault: false,
  };
  return [{ settings, create: async (s) => new HostTestDataSource(s) }];
};
