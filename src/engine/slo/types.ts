/**
 * SLO domain types: the spec a user writes, and the figures the engine derives from it.
 *
 * PromQL in ratio SLIs uses the Sloth convention `{{.window}}` for the range selector, e.g.
 * `sum(rate(http_requests_total{job="api",code=~"5.."}[{{.window}}]))`.
 */

/** Good/total or bad/total event counts. Exactly one of `goodQuery` and `badQuery` is set. */
export interface RatioSli {
  kind: 'ratio';
  goodQuery?: string;
  badQuery?: string;
  totalQuery: string;
}

/**
 * Fraction of requests faster than a threshold, from a classic Prometheus histogram:
 * good = `<metric>_bucket{le="<threshold>"}`, total = `<metric>_count`.
 */
export interface LatencySli {
  kind: 'latency';
  /** Histogram base name without `_bucket`/`_count`, e.g. `http_request_duration_seconds`. */
  histogramMetric: string;
  /** Must equal one of the histogram's bucket bounds. */
  thresholdSeconds: number;
  /** Label matchers without braces, e.g. `job="api",route!="/health"`. */
  selector?: string;
}

/** An SLI counted as good/total (or bad/total) events, or as requests faster than a latency threshold. */
export type SliSpec = RatioSli | LatencySli;

export interface SloAlerting {
  page: boolean;
  ticket: boolean;
  /** Minimum events per second over an alert's long window before that burn-rate alert may fire. */
  minTrafficPerSecond?: number;
  /** Extra labels on every generated alert (e.g. team routing). */
  labels?: Record<string, string>;
}

export interface SloSpec {
  /** Stable id: lower-case letters, digits and dashes; used in rule labels and group names. */
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
  /** Optional labels to split the SLO into one per value (the SLI queries must aggregate by them). */
  groupBy?: string[];
  alerting: SloAlerting;
}

export type SloAlertSeverity = 'page' | 'ticket';

/** One multi-window multi-burn-rate alert: fires when both windows burn faster than `burnFactor`. */
export interface BurnRateAlertWindow {
  severity: SloAlertSeverity;
  /** `quick` detects fast burns, `slow` sustained ones. */
  speed: 'quick' | 'slow';
  longWindow: string;
  shortWindow: string;
  /** Fraction of the whole period's budget this alert lets burn before firing (0.02 = 2%). */
  budgetFraction: number;
  /** Burn-rate threshold: budgetFraction × period / longWindow (14.4 for 2% of 30d in 1h). */
  burnFactor: number;
}

/** A validation problem, pointing at the field, e.g. `slos[0].objective`. */
export interface SloValidationError {
  path: string;
  message: string;
}

/** Burn rate observed over one window (error ratio / error budget). */
export interface WindowBurnRate {
  window: string;
  errorRatio: number | null;
  burnRate: number | null;
}

export type SloAlertState = 'firing' | 'ok' | 'insufficient-traffic' | 'no-data';

export interface SloAlertStatus {
  window: BurnRateAlertWindow;
  state: SloAlertState;
}

/** Everything the pages show for one SLO (one group value when the SLO is grouped). */
export interface SloStatus {
  sloId: string;
  /** Values of the groupBy labels; empty for an ungrouped SLO. */
  group: Record<string, string>;
  objective: number;
  /** Good-event fraction over the whole window, null without traffic. */
  sli: number | null;
  /** 1 − objective. */
  errorBudget: number;
  /** 1 − consumed; negative once overspent, null without traffic. */
  budgetRemaining: number | null;
  /** Budget minutes for the whole window, e.g. 43.2 for 99.9% over 30d. */
  budgetMinutes: number;
  budgetRemainingMinutes: number | null;
  burnRates: WindowBurnRate[];
  /** Seconds until the budget is gone at the current (1h) burn; null when not burning. */
  timeLeftSeconds: number | null;
  /** ISO date of projected exhaustion, null when not burning. */
  exhaustionAt: string | null;
  alerts: SloAlertStatus[];
}
