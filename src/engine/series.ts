/** A numeric time series as plain arrays: the engine's input shape (no DataFrames here). */
export interface Series {
  /** Milliseconds since the Unix epoch, one per value. */
  timestamps: ArrayLike<number>;
  /** Observed values; null or NaN marks a missing sample. */
  values: ArrayLike<number | null>;
}

export type Labels = Record<string, string>;

/** Stable identity of a series: its name plus sorted labels, e.g. `http_requests{job="api",status="500"}`. */
export function seriesKey(name: string, labels: Labels = {}): string {
  const parts = Object.keys(labels)
    .sort()
    .map((key) => `${key}=${JSON.stringify(labels[key])}`);
  return `${name}{${parts.join(',')}}`;
}
