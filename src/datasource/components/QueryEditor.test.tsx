import React from 'react';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { DataSourceApi, DataSourceInstanceSettings, PluginType, QueryEditorProps } from '@grafana/data';
import { DataSourceSrv, setDataSourceSrv } from '@grafana/runtime';
import type { DataQuery } from '@grafana/schema';
import { of } from 'rxjs';
import { OverlayDataSource } from '../datasource';
import { InlineRunner } from '../detection/runner';
import type { OverlayQuery } from '../types';
import { parseSeasonality, QueryEditor } from './QueryEditor';
import { testIds } from './testIds';

type TextQuery = DataQuery & { expr?: string };

// jsdom has no canvas; Combobox measures option labels with one. Width ≈ 7 px per character is enough here.
HTMLCanvasElement.prototype.getContext = (() => ({
  measureText: (text: string) => ({ width: text.length * 7 }),
  font: '',
})) as never;

/** The wrapped datasource's own editor: a text box, like a minimal PromQL field. */
function TextQueryEditor({ query, onChange }: QueryEditorProps<DataSourceApi<TextQuery>, TextQuery>) {
  return (
    <input
      aria-label="inner expr"
      value={query.expr ?? ''}
      onChange={(e) => onChange({ ...query, expr: e.currentTarget.value })}
    />
  );
}

const innerSettings = {
  uid: 'prom',
  type: 'prometheus',
  name: 'Prometheus',
  access: 'proxy',
  readOnly: false,
  jsonData: {},
  meta: {
    id: 'prometheus',
    name: 'Prometheus',
    type: PluginType.datasource,
    info: { logos: { small: '', large: '' } } as never,
    module: '',
    baseUrl: '',
    metrics: true,
  },
} as unknown as DataSourceInstanceSettings;

class TextDataSource extends DataSourceApi<TextQuery> {
  constructor() {
    super(innerSettings);
    this.components = { QueryEditor: TextQueryEditor };
  }
  query() {
    return of({ data: [] });
  }
  async testDatasource() {
    return { status: 'success', message: 'ok' };
  }
}

const inner = new TextDataSource();
setDataSourceSrv({
  get: async () => inner,
  getList: () => [innerSettings],
  getInstanceSettings: () => innerSettings,
  reload: async () => {},
  registerRuntimeDataSource: () => {},
} as DataSourceSrv);

const overlay = new OverlayDataSource(
  { ...innerSettings, uid: 'o', type: 'foresight-aiops-datasource', name: 'Foresight anomalies' } as never,
  new InlineRunner()
);

describe('QueryEditor', () => {
  it('embeds the wrapped datasource editor and explains the selected detector', async () => {
    const onChange = jest.fn();
    const onRunQuery = jest.fn();
    const query: OverlayQuery = {
      refId: 'A',
      source: { uid: 'prom', type: 'prometheus' },
      inner: { refId: 'A', expr: 'up' } as TextQuery,
      detector: { kind: 'seasonal' },
    };
    render(<QueryEditor datasource={overlay} query={query} onChange={onChange} onRunQuery={onRunQuery} />);
    expect(await screen.findByTestId(testIds.queryEditor.innerEditor)).toBeInTheDocument();
    const box = screen.getByLabelText('inner expr') as HTMLInputElement;
    expect(box.value).toBe('up');
    fireEvent.change(box, { target: { value: 'rate(x[5m])' } });
    expect(onChange).toHaveBeenLastCalledWith(expect.objectContaining({ inner: { refId: 'A', expr: 'rate(x[5m])' } }));
    expect(screen.getByText(/same time one period earlier/)).toBeInTheDocument();
  });

  it('changes the training range and re-runs the query', async () => {
    const onChange = jest.fn();
    const onRunQuery = jest.fn();
    render(
      <QueryEditor
        datasource={overlay}
        query={{ refId: 'A', source: { uid: 'prom' }, inner: { refId: 'A' } }}
        onChange={onChange}
        onRunQuery={onRunQuery}
      />
    );
    await waitFor(() => screen.getByTestId(testIds.queryEditor.innerEditor));
    fireEvent.click(screen.getByLabelText('10×'));
    expect(onChange).toHaveBeenLastCalledWith(
      expect.objectContaining({ detector: expect.objectContaining({ trainingRange: '10x' }) })
    );
    expect(onRunQuery).toHaveBeenCalled();
  });

  it('switches to incidents and shows their filters instead of the wrapped editor', async () => {
    const onChange = jest.fn();
    const onRunQuery = jest.fn();
    const { rerender } = render(
      <QueryEditor
        datasource={overlay}
        query={{ refId: 'A', source: { uid: 'prom' }, inner: { refId: 'A' } }}
        onChange={onChange}
        onRunQuery={onRunQuery}
      />
    );
    await waitFor(() => screen.getByTestId(testIds.queryEditor.innerEditor));
    fireEvent.click(screen.getByLabelText('Incidents'));
    expect(onChange).toHaveBeenLastCalledWith(expect.objectContaining({ queryType: 'incidents' }));
    rerender(
      <QueryEditor
        datasource={overlay}
        query={{ refId: 'A', queryType: 'incidents' }}
        onChange={onChange}
        onRunQuery={onRunQuery}
      />
    );
    expect(screen.getByTestId(testIds.queryEditor.incidents)).toBeInTheDocument();
    expect(screen.queryByTestId(testIds.queryEditor.innerEditor)).not.toBeInTheDocument();
    fireEvent.change(screen.getByPlaceholderText('any service'), { target: { value: 'payment' } });
    expect(onChange).toHaveBeenLastCalledWith(expect.objectContaining({ incidents: { service: 'payment' } }));
  });
});

describe('parseSeasonality', () => {
  it.each([
    ['auto', 'auto'],
    ['', 'auto'],
    [' none ', 'none'],
    ['1440', 1440],
  ])('parses %p', (text, expected) => expect(parseSeasonality(text)).toBe(expected));

  it('names the bad value', () => {
    expect((parseSeasonality('1.5') as Error).message).toBe(
      'Seasonality must be auto, none or a period in samples (an integer ≥ 2), got "1.5"'
    );
  });
});
