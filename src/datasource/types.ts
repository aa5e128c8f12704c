import { DataQuery, DataSourceJsonData, DataSourceRef } from '@grafana/data';

/** A query of the overlay datasource: the wrapped datasource, its own query, and what to add to the result. */
export interface OverlayQuery extends DataQuery {
  /** The datasource whose results are overlaid. */
  source?: DataSourceRef;
  /** The wrapped datasource's own query, passed through unchanged (template variables are interpolated by it). */
  inner?: DataQuery;
}

export interface OverlayOptions extends DataSourceJsonData {}
