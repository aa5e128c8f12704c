import { firstValueFrom, lastValueFrom, Observable, of, throwError } from 'rxjs';
import { toArray } from 'rxjs/operators';
import {
  createDataFrame,
  DataFrame,
  DataQueryRequest,
  DataQueryResponse,
  DataSourceApi,
  DataSourceInstanceSettings,
  DataTopic,
  dateTime,
  FieldType,
  LoadingState,
  MetricFindValue,
  PluginType,
} from '@grafana/data';
import {
  BackendSrv,
  DataSourceSrv,
  setBackendSrv,
  setDataSourceSrv,
  setTemplateSrv,
  TemplateSrv,
} from '@grafana/runtime';
import type { DataQuery } from '@grafana/schema';
import { annotationEvents, OverlayDataSource } from './datasource';
import { InlineRunner } from './detection/runner';
import type { OverlayQuery } from './types';

const T0 = Date.UTC(2026, 10, 22, 0, 0, 0);
const MIN = 60_000;

function settings<T extends object>(
  uid: string,
  type: string,
  name: string,
  jsonData = {} as T
): DataSourceInstanceSettings<T> {
  return {
    id: 1,
    uid,
    type,
    name,
    access: 'proxy',
    readOnly: false,
    jsonData,
    meta: { id: type, name, type: PluginType.datasource, info: {} as never, module: '', baseUrl: '' },
  } as DataSourceInstanceSettings<T>;
}

/**
 * A small real datasource: a seeded random walk per labelled series over exactly the requested range, with a spike
 * at a fixed time, or a failure when the query says so. It records the requests it receives.
 */
const walkSettings = settings('walk', 'walk', 'Walk DS');

class WalkDataSource extends DataSourceApi<DataQuery & { fail?: 'response' | 'throw'; series?: number }> {
  requests: DataQueryRequest[] = [];
  constructor() {
    super(walkSettings);
  }
  query(
    request: DataQueryRequest<DataQuery & { fail?: 'response' | 'throw'; series?: number }>
  ): Observable<DataQueryResponse> {
    this.requests.push(request);
    const target = request.targets[0];
    if (target.fail === 'throw') {
      return throwError(() => new Error('connection refused'));
    }
    if (target.fail === 'response') {
      return of({
        data: [],
        errors: [{ message: 'parse error at char 3', refId: target.refId }],
        state: LoadingState.Error,
      });
    }
    const from = request.range.from.valueOf();
    const to = request.range.to.valueOf();
    const frames: DataFrame[] = [];
    for (let s = 0; s < (target.series ?? 1); s++) {
      const time: number[] = [];
      const value: Array<number | null> = [];
      let seed = 7 + s;
      for (let t = from; t <= to; t += MIN) {
        seed = (seed * 16807) % 2147483647;
        time.push(t);
        value.push(t === T0 + 500 * MIN ? 100 : 10 + (seed / 2147483647 - 0.5));
      }
      value[3] = null;
      frames.push(
        createDataFrame({
          refId: target.refId,
          fields: [
            { name: 'time', type: FieldType.time, values: time },
            { name: 'value', type: FieldType.number, values: value, labels: { instance: `host-${s}` } },
          ],
        })
      );
    }
    return of({ data: frames, state: LoadingState.Done });
  }
  async metricFindQuery(query: unknown): Promise<MetricFindValue[]> {
    return [{ text: `values for ${JSON.stringify(query)}` }];
  }
  async testDatasource() {
    return { status: 'success', message: 'ok' };
  }
}

const walk = new WalkDataSource();
setDataSourceSrv({
  get: async (ref) => {
    const uid = typeof ref === 'string' ? ref : ref?.uid;
    if (uid === 'walk') {
      return walk;
    }
    throw new Error(`Datasource ${uid} was not found`);
  },
  getList: () => [walkSettings],
  getInstanceSettings: () => walkSettings,
  reload: async () => {},
  registerRuntimeDataSource: () => {},
} as DataSourceSrv);

function request(targets: OverlayQuery[], from = T0 + 400 * MIN, to = T0 + 600 * MIN): DataQueryRequest<OverlayQuery> {
  return {
    requestId: 'Q1',
    interval: '1m',
    intervalMs: MIN,
    maxDataPoints: 300,
    range: { from: dateTime(from), to: dateTime(to), raw: { from: 'now-200m', to: 'now' } },
    scopedVars: { __interval: { text: '1m', value: '1m' } },
    targets,
    timezone: 'utc',
    app: 'dashboard',
    startTime: Date.now(),
  };
}

const overlayTarget = (extra: Partial<OverlayQuery> = {}): OverlayQuery => ({
  refId: 'A',
  source: { uid: 'walk', type: 'walk' },
  inner: { refId: 'A', series: 2 } as DataQuery,
  detector: { kind: 'robust', sensitivity: 0.5, trainingRange: '4x' },
  ...extra,
});

const overlay = () =>
  new OverlayDataSource(
    settings('foresight-anomalies', 'foresight-aiops-datasource', 'Foresight anomalies'),
    new InlineRunner()
  );

describe('OverlayDataSource.query', () => {
  it('runs the inner query over the 4× training range and returns original, band and annotation frames for the panel range', async () => {
    walk.requests = [];
    const response = await lastValueFrom(overlay().query(request([overlayTarget()])));
    expect(response.state).toBe(LoadingState.Done);
    const inner = walk.requests[0];
    expect(inner.range.from.valueOf()).toBe(T0 + 600 * MIN - 4 * 200 * MIN);
    expect(inner.maxDataPoints).toBe(1200);
    expect(inner.intervalMs).toBe(MIN);
    expect(inner.scopedVars.__interval?.value).toBe('1m');
    expect(inner.targets[0]).toMatchObject({ refId: 'A', series: 2, datasource: { uid: 'walk' } });

    const frames = response.data as DataFrame[];
    const originals = frames.filter((f) => f.fields.some((x) => x.name === 'value'));
    const bands = frames.filter((f) => f.fields.some((x) => x.name === 'upper'));
    const annotations = frames.filter((f) => f.meta?.dataTopic === DataTopic.Annotations);
    expect(originals).toHaveLength(2);
    expect(bands).toHaveLength(2);
    expect(annotations).toHaveLength(1);
    expect(originals[0].fields[0].values[0]).toBeGreaterThanOrEqual(T0 + 400 * MIN);
    expect(bands[0].fields[0].values[0]).toBeGreaterThanOrEqual(T0 + 400 * MIN);
    expect(bands.map((b) => b.fields[1].labels)).toEqual([{ instance: 'host-0' }, { instance: 'host-1' }]);
    const upper = bands[0].fields.find((f) => f.name === 'upper')!;
    const lower = bands[0].fields.find((f) => f.name === 'lower')!;
    expect(upper.config.custom.fillBelowTo).toBe(lower.config.displayNameFromDS);

    // The spike at T0 + 500 min is flagged, as an annotation region and as a marker.
    const times = annotations[0].fields.find((f) => f.name === 'time')!.values as number[];
    const ends = annotations[0].fields.find((f) => f.name === 'timeEnd')!.values as number[];
    expect(times.some((t, i) => t <= T0 + 500 * MIN && ends[i] >= T0 + 500 * MIN)).toBe(true);
    const markers = bands[0].fields.find((f) => f.name === 'anomalies')!;
    expect(markers.values[bands[0].fields[0].values.indexOf(T0 + 500 * MIN)]).toBe(100);
  });

  it('surfaces inner errors with the wrapped datasource name, both as a response error and as a thrown error', async () => {
    const failing = await lastValueFrom(
      overlay().query(request([overlayTarget({ inner: { refId: 'A', fail: 'response' } as DataQuery })]))
    );
    expect(failing.state).toBe(LoadingState.Error);
    expect(failing.errors?.[0].message).toBe('Walk DS: parse error at char 3');

    const thrown = await lastValueFrom(
      overlay().query(request([overlayTarget({ inner: { refId: 'A', fail: 'throw' } as DataQuery })]))
    );
    expect(thrown.state).toBe(LoadingState.Error);
    expect(thrown.errors?.[0].message).toBe('Walk DS: connection refused');

    const missing = await lastValueFrom(overlay().query(request([overlayTarget({ source: { uid: 'nope' } })])));
    expect(missing.errors?.[0].message).toContain('Datasource nope was not found');

    const badRange = await lastValueFrom(
      overlay().query(
        request([overlayTarget({ detector: { kind: 'robust', trainingRange: 'fixed', trainingFixed: 'soon' } })])
      )
    );
    expect(badRange.errors?.[0].message).toBe('Training range "fixed" needs a duration such as 7d or 12h, got "soon"');
  });

  it('answers empty when no target names a datasource, and keeps one response per target', async () => {
    const empty = await lastValueFrom(overlay().query(request([{ refId: 'A' }])));
    expect(empty).toEqual({ data: [], state: LoadingState.Done });
    const two = await lastValueFrom(
      overlay()
        .query(
          request([overlayTarget(), overlayTarget({ refId: 'B', detector: { kind: 'robust', trainingRange: 'same' } })])
        )
        .pipe(toArray())
    );
    expect(two.map((r) => r.key).sort()).toEqual(['A', 'B']);
  });

  it('reports series too short to score as a notice and still passes the original through', async () => {
    const response = await lastValueFrom(
      overlay().query(
        request([overlayTarget({ detector: { kind: 'robust', trainingRange: 'same' } })], T0, T0 + 10 * MIN)
      )
    );
    const frames = response.data as DataFrame[];
    expect(frames.filter((f) => f.fields.some((x) => x.name === 'value'))).toHaveLength(2);
    expect(frames.some((f) => f.fields.some((x) => x.name === 'upper'))).toBe(false);
    expect(frames[0].meta?.notices?.[0].text).toMatch(/not scored/);
  });

  it('stops detection when the panel unsubscribes (re-query)', async () => {
    const runner = new InlineRunner();
    const signals: AbortSignal[] = [];
    const spy = jest.spyOn(runner, 'detect').mockImplementation((...args) => {
      signals.push(args[3]);
      return InlineRunner.prototype.detect.apply(runner, args);
    });
    const ds = new OverlayDataSource(settings('o', 'foresight-aiops-datasource', 'o'), runner);
    const emitted: DataQueryResponse[] = [];
    const subscription = ds.query(request([overlayTarget()])).subscribe((r) => emitted.push(r));
    await new Promise((resolve) => setTimeout(resolve, 0));
    subscription.unsubscribe();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(spy).toHaveBeenCalled();
    expect(signals[0].aborted).toBe(true);
    expect(emitted).toHaveLength(0);
  });

  it('reuses the cached detection when a refresh returns the same data', async () => {
    const runner = new InlineRunner();
    const ds = new OverlayDataSource(settings('o', 'foresight-aiops-datasource', 'o'), runner);
    // Series go to the runner frame by frame (pipelined), so count the cache hits per query.
    let fromCache = 0;
    const original = runner.detect.bind(runner);
    runner.detect = async (...args) => {
      const out = await original(...args);
      fromCache += out.stats.fromCache;
      return out;
    };
    const perQuery: number[] = [];
    for (let i = 0; i < 2; i++) {
      fromCache = 0;
      await lastValueFrom(ds.query(request([overlayTarget()])));
      perQuery.push(fromCache);
    }
    expect(perQuery).toEqual([0, 2]);
  });
});

describe('annotations and variables', () => {
  it('runs an annotation query as anomaly regions only and converts them to events', async () => {
    const ds = overlay();
    const prepared = ds.annotations!.prepareQuery!({
      name: 'Anomalies',
      enable: true,
      iconColor: 'red',
      target: overlayTarget(),
    } as never)!;
    expect(prepared.outputs).toMatchObject({ original: false, band: false, annotations: true });
    const response = await lastValueFrom(ds.query(request([prepared])));
    const frames = response.data as DataFrame[];
    expect(frames.every((f) => f.meta?.dataTopic === DataTopic.Annotations)).toBe(true);
    const events = await firstValueFrom(ds.annotations!.processEvents!({} as never, frames));
    expect(events!.length).toBeGreaterThan(0);
    expect(events![0]).toMatchObject({ isRegion: expect.any(Boolean), text: expect.stringContaining('expected') });
    expect(annotationEvents([createDataFrame({ fields: [] })])).toEqual([]);
  });

  it('passes metricFindQuery through to the wrapped datasource', async () => {
    const values = await overlay().metricFindQuery({
      refId: 'A',
      source: { uid: 'walk' },
      inner: { refId: 'A', q: 'up' },
    } as OverlayQuery);
    expect(values).toEqual([{ text: 'values for {"refId":"A","q":"up"}' }]);
    expect(await overlay().metricFindQuery({ refId: 'A' })).toEqual([]);
  });
});

describe('backend detectors', () => {
  it('says how to configure the backend when the app has no backend URL', async () => {
    setBackendSrv({
      fetch: () => of({ data: { enabled: true, jsonData: {} }, status: 200, ok: true }),
    } as unknown as BackendSrv);
    const response = await lastValueFrom(
      overlay().query(request([overlayTarget({ detector: { kind: 'backend-forecast' } })]))
    );
    expect(response.state).toBe(LoadingState.Error);
    expect(response.errors?.[0].message).toMatch(
      /^Backend detectors need the Foresight backend: set its URL and API key on the Foresight AIOps configuration page/
    );
  });
});

describe('incidents as annotations', () => {
  const incident = {
    id: 'INC-20261122-0640-abc123',
    title: 'HighLatency on payment (+1 service)',
    status: 'open',
    engineStatus: 'open',
    severity: 'high',
    priority: 70,
    priorityReasons: [],
    services: ['checkout', 'payment'],
    rootCauseCandidates: ['payment'],
    alertFingerprints: ['a', 'b'],
    alertCount: 2,
    firingCount: 2,
    onsetAt: T0 + 420 * MIN,
    detectedAt: T0 + 421 * MIN,
    lastEventAt: T0 + 430 * MIN,
    runbookUrls: [],
    timeline: [],
    closed: false,
    updatedAt: T0 + 430 * MIN,
  };

  function backendAnswering(answer: (url: string) => unknown) {
    const calls: Array<{ url: string; params?: Record<string, unknown> }> = [];
    setBackendSrv({
      fetch: (options: { url: string; params?: Record<string, unknown> }) => {
        calls.push(options);
        const data = answer(options.url);
        return data instanceof Error ? throwError(() => data) : of({ data, status: 200, ok: true });
      },
    } as unknown as BackendSrv);
    return calls;
  }

  it('asks the backend for incidents active in the panel range and returns them as annotation regions', async () => {
    const calls = backendAnswering(() => ({ items: [incident], total: 1, limit: 500, offset: 0 }));
    // Grafana's template service interpolates dashboard variables such as $service.
    setTemplateSrv({ replace: (text: string) => text.replace('$service', 'payment') } as unknown as TemplateSrv);
    const target: OverlayQuery = {
      refId: 'I',
      queryType: 'incidents',
      incidents: { service: '$service', minSeverity: 'high' },
    };
    const response = await lastValueFrom(overlay().query(request([target])));
    expect(calls).toHaveLength(1);
    expect(calls[0].url).toBe('api/plugin-proxy/foresight-aiops-app/backend/api/incidents');
    expect(calls[0].params).toMatchObject({
      from: T0 + 400 * MIN,
      to: T0 + 600 * MIN,
      service: 'payment',
      severity: 'high,critical',
      sort: 'onsetAt',
    });
    const frame = response.data[0] as DataFrame;
    expect(frame.meta?.dataTopic).toBe(DataTopic.Annotations);
    const events = annotationEvents([frame]);
    expect(events).toEqual([
      expect.objectContaining({
        time: T0 + 420 * MIN,
        timeEnd: T0 + 600 * MIN,
        isRegion: true,
        title: 'high incident: HighLatency on payment (+1 service)',
      }),
    ]);
  });

  it('works as a dashboard annotation source without a wrapped datasource', () => {
    const prepared = overlay().annotations!.prepareQuery!({
      name: 'Incidents',
      enable: true,
      iconColor: 'red',
      target: { refId: '', queryType: 'incidents' },
    } as never);
    expect(prepared).toEqual({ refId: 'Anno', queryType: 'incidents' });
  });

  it('reports a backend failure as the query error, with no data', async () => {
    backendAnswering(() => Object.assign(new Error('boom'), { status: 502, data: { message: 'Bad Gateway' } }));
    const response = await lastValueFrom(overlay().query(request([{ refId: 'I', queryType: 'incidents' }])));
    expect(response.state).toBe(LoadingState.Error);
    expect(response.data).toEqual([]);
    expect(response.errors?.[0].message).toMatch(/^Foresight incidents: /);
  });
});
