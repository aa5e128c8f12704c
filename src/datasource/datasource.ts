import { Observable, from, of, mergeMap, map, catchError } from 'rxjs';
import {
  DataQueryRequest,
  DataQueryResponse,
  DataSourceApi,
  DataSourceInstanceSettings,
  LoadingState,
  LegacyMetricFindQueryOptions,
  MetricFindValue,
} from '@grafana/data';
import { getDataSourceSrv, toDataQueryError } from '@grafana/runtime';
import { OverlayOptions, OverlayQuery } from './types';

/**
 * The overlay datasource: runs each query's inner query on the wrapped datasource.
 * For now results pass through unchanged; detection is added on top of this (issue #5).
 */
export class OverlayDataSource extends DataSourceApi<OverlayQuery, OverlayOptions> {
  constructor(instanceSettings: DataSourceInstanceSettings<OverlayOptions>) {
    super(instanceSettings);
  }

  query(request: DataQueryRequest<OverlayQuery>): Observable<DataQueryResponse> {
    const targets = request.targets.filter((t) => !t.hide && t.source && t.inner);
    if (targets.length === 0) {
      return of({ data: [], state: LoadingState.Done });
    }
    return from(targets).pipe(
      mergeMap((target) =>
        from(getDataSourceSrv().get(target.source, request.scopedVars)).pipe(
          mergeMap((inner) => {
            const innerRequest: DataQueryRequest = {
              ...request,
              requestId: `${request.requestId}-overlay-${target.refId}`,
              targets: [{ ...target.inner!, refId: target.refId, datasource: target.source }],
            };
            return (inner.query(innerRequest) as Observable<DataQueryResponse>).pipe(
              catchError((error) => {
                const queryError = toDataQueryError(error);
                queryError.message = `${inner.name}: ${queryError.message ?? 'query failed'}`;
                return of<DataQueryResponse>({ data: [], error: queryError, state: LoadingState.Error });
              })
            );
          }),
          map((response) => ({ ...response, key: target.refId }))
        )
      )
    );
  }

  async metricFindQuery(query: unknown, options?: LegacyMetricFindQueryOptions): Promise<MetricFindValue[]> {
    const q = query as OverlayQuery;
    if (!q?.source) {
      return [];
    }
    const inner = await getDataSourceSrv().get(q.source);
    return inner.metricFindQuery ? inner.metricFindQuery(q.inner, options) : [];
  }

  async testDatasource() {
    return { status: 'success', message: 'Foresight anomalies is ready: pick a datasource and query in a panel.' };
  }
}
