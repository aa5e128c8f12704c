import { defer, from, merge, Observable, of } from 'rxjs';
import { catchError, mergeMap, switchMap } from 'rxjs/operators';
import {
  AnnotationEvent,
  AnnotationQuery,
  DataFrame,
  DataQueryError,
  DataQueryRequest,
  DataQueryResponse,
  DataSourceApi,
  DataSourceInstanceSettings,
  DataTopic,
  dateTime,
  LegacyMetricFindQueryOptions,
  LoadingState,
  MetricFindValue,
  TimeRange,
} from '@grafana/data';
import { getDataSourceSrv, getTemplateSrv, toDataQueryError } from '@grafana/runtime';
import { detectInBackend } from './detection/backendDetection';
import type { DetectionOptions } from './detection/protocol';
import { DetectionCancelledError, DetectionRunner, InlineRunner } from './detection/runner';
import { PanelRange } from './frames';
import { DetectFn, overlayFrames } from './overlay';
import { Float64Pool } from '../engine/stats/float64Pool';
import { trainingWindow } from './trainingRange';
import { DEFAULT_OUTPUTS, isBackendDetector, OverlayOptions, OverlayQuery, resolveQuery } from './types';
import { backendRequest } from '../api/backendClient';
import type { IncidentListResponse } from '../components/IncidentShared/incidentApi';
import { SEVERITIES, severityRank } from '../engine/severity';
import { incidentAnnotationFrame } from './incidentAnnotations';

/** Most incidents one annotation query draws; the API sorts by onset so the earliest are kept. */
const MAX_INCIDENT_ANNOTATIONS = 500;

/** Fixed seed: the same data gives the same bands and anomalies on every refresh and for every viewer. */
const DETECTION_SEED = 42;

/** Creates the runner on first use; the webpack build loads the Web Worker pool, other environments run inline. */
async function loadRunner(): Promise<DetectionRunner> {
  if (typeof Worker === 'undefined') {
    return new InlineRunner();
  }
  const { createDetectionRunner } = await import('./detection/createRunner');
  return createDetectionRunner();
}

/**
 * The overlay datasource: runs each query's inner query on the wrapped datasource (over the training range when
 * asked), scores every numeric series in Web Workers and returns the original series plus expected band, anomaly
 * markers, score and annotation regions. A re-query cancels the previous run's inner request and detection.
 */
/** Doubles of typed arrays the datasource keeps between queries for extracting series (16 MB). */
const ARRAY_POOL_POINTS = 2_000_000;

export class OverlayDataSource extends DataSourceApi<OverlayQuery, OverlayOptions> {
  private runner?: Promise<DetectionRunner>;
  /** Recycled typed arrays for the series handed to detection: allocating them is slow in browsers. */
  private readonly arrays = new Float64Pool(ARRAY_POOL_POINTS);

  constructor(instanceSettings: DataSourceInstanceSettings<OverlayOptions>, runner?: DetectionRunner) {
    super(instanceSettings);
    this.runner = runner ? Promise.resolve(runner) : undefined;
    this.annotations = {
      prepareQuery: (anno: AnnotationQuery<OverlayQuery>) => {
        const target = anno.target;
        if (target?.queryType === 'incidents') {
          return { ...target, refId: target.refId || 'Anno' };
        }
        if (!target?.source || !target.inner) {
          return undefined;
        }
        // As an annotation source only the anomaly regions are wanted.
        return {
          ...target,
          refId: target.refId || 'Anno',
          outputs: {
            original: false,
            band: false,
            score: false,
            markers: false,
            annotations: true,
            anomalyTable: false,
          },
        };
      },
      processEvents: (_anno, frames) => of(annotationEvents(frames)),
    };
  }

  private getRunner(): Promise<DetectionRunner> {
    this.runner ??= loadRunner();
    return this.runner;
  }

  query(request: DataQueryRequest<OverlayQuery>): Observable<DataQueryResponse> {
    const visible = request.targets.filter((t) => !t.hide);
    const incidentTargets = visible.filter((t) => t.queryType === 'incidents');
    const targets = visible.filter((t) => t.queryType !== 'incidents' && t.source && t.inner);
    if (targets.length === 0 && incidentTargets.length === 0) {
      return of({ data: [], state: LoadingState.Done });
    }
    return merge(
      ...targets.map((target) => this.runTarget(request, target)),
      ...incidentTargets.map((target) => this.runIncidents(request, target))
    );
  }

  /** The backend's incidents active in the panel range, as annotation regions (through the app's plugin proxy). */
  private runIncidents(request: DataQueryRequest<OverlayQuery>, target: OverlayQuery): Observable<DataQueryResponse> {
    return defer(async (): Promise<DataQueryResponse> => {
      const service = target.incidents?.service
        ? getTemplateSrv().replace(target.incidents.service, request.scopedVars)
        : undefined;
      const minSeverity = target.incidents?.minSeverity;
      const severities = minSeverity ? SEVERITIES.filter((s) => severityRank(s) >= severityRank(minSeverity)) : [];
      const to = request.range.to.valueOf();
      try {
        const response = await backendRequest<IncidentListResponse>('/api/incidents', {
          params: {
            from: request.range.from.valueOf(),
            to,
            ...(service ? { service } : {}),
            ...(severities.length > 0 ? { severity: severities.join(',') } : {}),
            sort: 'onsetAt',
            order: 'asc',
            limit: MAX_INCIDENT_ANNOTATIONS,
          },
        });
        return {
          data: [incidentAnnotationFrame(response.items, to, target.refId)],
          key: target.refId,
          state: LoadingState.Done,
        };
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        return {
          data: [],
          key: target.refId,
          errors: [{ message: `Foresight incidents: ${message}`, refId: target.refId }],
          state: LoadingState.Error,
        };
      }
    });
  }

  private runTarget(request: DataQueryRequest<OverlayQuery>, target: OverlayQuery): Observable<DataQueryResponse> {
    const { detector, outputs } = resolveQuery(target);
    const panel: PanelRange = { from: request.range.from.valueOf(), to: request.range.to.valueOf() };
    let window: ReturnType<typeof trainingWindow>;
    try {
      window = trainingWindow(panel, detector);
    } catch (error) {
      // A bad training setting is the overlay's own error: no datasource name in front of it.
      const message = error instanceof Error ? error.message : String(error);
      return of({ data: [], key: target.refId, errors: [{ message, refId: target.refId }], state: LoadingState.Error });
    }
    let innerName = target.source?.uid ?? 'the wrapped datasource';
    return from(getDataSourceSrv().get(target.source, request.scopedVars)).pipe(
      mergeMap((inner) => {
        innerName = inner.name;
        const innerRequest = buildInnerRequest(request, target, window);
        return (inner.query(innerRequest) as Observable<DataQueryResponse>).pipe(
          // A newer inner response (streaming datasources) cancels detection still running on the older one.
          switchMap((response) => {
            const errors = collectErrors(response, inner.name);
            if (response.state === LoadingState.Loading && response.data.length === 0) {
              return of({ ...response, key: target.refId });
            }
            return this.detectOnResponse(response.data as DataFrame[], target, panel, detector, outputs).pipe(
              mergeMap((frames) =>
                of<DataQueryResponse>({
                  data: frames,
                  key: target.refId,
                  state: errors.length > 0 ? LoadingState.Error : (response.state ?? LoadingState.Done),
                  errors: errors.length > 0 ? errors : undefined,
                })
              ),
              // Detection's own failures (e.g. backend not configured) are not the wrapped datasource's: no prefix.
              catchError((error) =>
                of<DataQueryResponse>({
                  data: [],
                  key: target.refId,
                  errors: [{ message: toDataQueryError(error).message ?? 'detection failed', refId: target.refId }],
                  state: LoadingState.Error,
                })
              )
            );
          })
        );
      }),
      catchError((error) => {
        const queryError = toDataQueryError(error);
        queryError.message = `${innerName}: ${queryError.message ?? 'query failed'}`;
        queryError.refId = target.refId;
        return of<DataQueryResponse>({ data: [], key: target.refId, errors: [queryError], state: LoadingState.Error });
      })
    );
  }

  /** Detection as a cold Observable: unsubscribing (the panel re-queried or closed) aborts it. */
  private detectOnResponse(
    frames: DataFrame[],
    target: OverlayQuery,
    panel: PanelRange,
    detector: ReturnType<typeof resolveQuery>['detector'],
    outputs: ReturnType<typeof resolveQuery>['outputs']
  ): Observable<DataFrame[]> {
    return defer(
      () =>
        new Observable<DataFrame[]>((subscriber) => {
          const abort = new AbortController();
          const options: DetectionOptions = {
            kind: detector.kind,
            sensitivity: detector.sensitivity,
            seasonality: detector.seasonality,
            seed: DETECTION_SEED,
          };
          const cacheScope = `${target.source?.uid}|${JSON.stringify(target.inner)}`;
          const detect: DetectFn = isBackendDetector(detector.kind)
            ? (series, signal, onResult) => detectInBackend(series, options, signal, onResult)
            : async (series, signal, onResult) =>
                (await (await this.getRunner()).detect(series, cacheScope, options, signal, onResult)).outcomes;
          const pipeline = !isBackendDetector(detector.kind);
          overlayFrames(frames, {
            refId: target.refId,
            range: panel,
            outputs,
            detect,
            signal: abort.signal,
            pipeline,
            pool: this.arrays,
          })
            .then((result) => {
              subscriber.next(result.frames);
              subscriber.complete();
            })
            .catch((error) => {
              if (!(error instanceof DetectionCancelledError)) {
                subscriber.error(error);
              }
            });
          return () => abort.abort();
        })
    );
  }

  async metricFindQuery(query: unknown, options?: LegacyMetricFindQueryOptions): Promise<MetricFindValue[]> {
    const q = query as OverlayQuery;
    if (!q?.source) {
      return [];
    }
    const inner = await getDataSourceSrv().get(q.source, options?.scopedVars);
    return inner.metricFindQuery ? inner.metricFindQuery(q.inner ?? query, options) : [];
  }

  getDefaultQuery(): Partial<OverlayQuery> {
    return { outputs: { ...DEFAULT_OUTPUTS } };
  }

  async testDatasource() {
    return { status: 'success', message: 'Foresight anomalies is ready: pick a datasource and query in a panel.' };
  }
}

/** The wrapped request: same panel, interval and variables; longer range and proportionally more points to train. */
export function buildInnerRequest(
  request: DataQueryRequest<OverlayQuery>,
  target: OverlayQuery,
  window: PanelRange & { factor: number }
): DataQueryRequest {
  const range: TimeRange =
    window.factor === 1
      ? request.range
      : {
          from: dateTime(window.from),
          to: dateTime(window.to),
          raw: { from: dateTime(window.from), to: dateTime(window.to) },
        };
  return {
    ...request,
    requestId: `${request.requestId}-overlay-${target.refId}`,
    range,
    maxDataPoints: request.maxDataPoints ? Math.round(request.maxDataPoints * window.factor) : request.maxDataPoints,
    targets: [{ ...target.inner!, refId: target.refId, datasource: target.source }],
  };
}

/** Inner errors, each prefixed with the wrapped datasource's name so users know which query failed. */
function collectErrors(response: DataQueryResponse, innerName: string): DataQueryError[] {
  // eslint-disable-next-line @typescript-eslint/no-deprecated -- older datasources still set the single `error`
  const errors = response.errors ?? (response.error ? [response.error] : []);
  return errors.map((e) => ({ ...e, message: `${innerName}: ${e.message ?? 'query failed'}` }));
}

/** Annotation frames (time, timeEnd, title, text, tags, color) → dashboard annotation events. */
export function annotationEvents(frames: DataFrame[]): AnnotationEvent[] {
  const events: AnnotationEvent[] = [];
  for (const frame of frames) {
    if (frame.meta?.dataTopic !== DataTopic.Annotations) {
      continue;
    }
    const column = (name: string) => frame.fields.find((f) => f.name === name)?.values;
    const time = column('time') ?? [];
    const timeEnd = column('timeEnd');
    const title = column('title');
    const text = column('text');
    const tags = column('tags');
    const color = column('color');
    for (let i = 0; i < time.length; i++) {
      events.push({
        time: time[i],
        timeEnd: timeEnd?.[i],
        isRegion: timeEnd !== undefined && timeEnd[i] !== time[i],
        title: title?.[i],
        text: text?.[i],
        tags: tags?.[i],
        color: color?.[i],
      });
    }
  }
  return events;
}
