/** An SLI counted as good/total (or bad/total) events, or as requests faster than a latency threshold. */
export type SliSpec =
  | { kind: 'ratio'; goodQuery?: string; badQuery?: string; totalQuery: string }
  | { kind: 'latency'; histogramMetric: string; thresholdSeconds: number; selector?: string };

export interface SloAlerting {
  page: boolean;
  ticket: boolean;
  /** Minimum events per second over the long window before a burn-rate alert may fire. */
  minTrafficPerSecond?: number;
}

export interface SloSpec {
  id: string;
  name: string;
  service: string;
  description?: string;
  sli: SliSpec;
  /** Target fraction of good events, e.g. 0.999. */
  objective: number;
  /** Rolling window as a Prometheus duration, e.g. `30d`. */
  window: string;
  labels: Record<string, string>;
  /** Optional label to split the SLO into one per value. */
  groupBy?: string[];
  alerting: SloAlerting;
}
