/**
 * Prometheus recording and alerting rules for SLOs (the same naming as Sloth: `slo:sli_error:ratio_rate<window>`).
 *
 * Cost: the raw metrics are read once, over the shortest window (5m for 30d/28d/7d). Every longer window is a
 * ratio of sums over that recorded 5m series — `sum_over_time(errors5m[W]) / sum_over_time(total5m[W])` — so a
 * 30d SLI reads one recorded series, never a 30-day raw `rate()` over every scraped series. Ratio of sums, not the
 * average of ratios, so busy minutes weigh more than idle ones, as events do.
 */
import { errorBudget } from './budget';
import { parseDuration } from './duration';
import { sliEventQueries } from './promql';
import { BurnRateAlertWindow, SloSpec } from './types';
import { alertWindowsFor, recordedWindowsFor } from './windows';

export interface RecordingRule {
  record: string;
  expr: string;
  labels?: Record<string, string>;
}

export interface AlertingRule {
  alert: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

export interface RuleGroup {
  name: string;
  interval?: string;
  rules: Array<RecordingRule | AlertingRule>;
}

export interface PrometheusRuleFile {
  groups: RuleGroup[];
}

/** Names of the recorded series, for the backend, the dashboard and the tests. */
export const SLO_METRICS = {
  errorRate: (w: string) => `slo:sli_error:rate${w}`,
  totalRate: (w: string) => `slo:sli_total:rate${w}`,
  errorRatio: (w: string) => `slo:sli_error:ratio_rate${w}`,
  objective: 'slo:objective:ratio',
  errorBudget: 'slo:error_budget:ratio',
  periodDays: 'slo:time_period:days',
  currentBurnRate: 'slo:current_burn_rate:ratio',
  periodBurnRate: 'slo:period_burn_rate:ratio',
  budgetRemaining: 'slo:period_error_budget_remaining:ratio',
  info: 'slo_info',
} as const;

export const SLO_ALERT_NAMES = { page: 'SLOBurnRatePage', ticket: 'SLOBurnRateTicket' } as const;

/** Window whose burn rate counts as "current" for time-left figures: long enough not to flap, short enough to react. */
export const CURRENT_BURN_WINDOW = '1h';

/** Interval of the group holding whole-period figures: a 30-day ratio moves slowly, so evaluate it less often. */
export const PERIOD_GROUP_INTERVAL = '5m';

function identity(spec: SloSpec): Record<string, string> {
  return { ...spec.labels, slo_id: spec.id, slo_name: spec.name, slo_service: spec.service };
}

function byId(spec: SloSpec): string {
  return `{slo_id="${spec.id}"}`;
}

function number(value: number): string {
  return String(Number(value.toPrecision(12)));
}

function sliGroup(spec: SloSpec, windows: string[]): RuleGroup {
  const base = windows[0];
  const labels = identity(spec);
  const events = sliEventQueries(spec.sli, spec.groupBy, base);
  const rules: RecordingRule[] = [
    { record: SLO_METRICS.errorRate(base), expr: events.errors, labels: { ...labels, slo_window: base } },
    { record: SLO_METRICS.totalRate(base), expr: events.total, labels: { ...labels, slo_window: base } },
    {
      record: SLO_METRICS.errorRatio(base),
      expr: `${SLO_METRICS.errorRate(base)}${byId(spec)}\n/\n${SLO_METRICS.totalRate(base)}${byId(spec)}`,
      labels: { ...labels, slo_window: base },
    },
  ];
  const periodSeconds = parseDuration(spec.window)!;
  for (const w of windows.slice(1)) {
    if (parseDuration(w) === periodSeconds) {
      continue; // recorded in the period group
    }
    rules.push(
      {
        record: SLO_METRICS.errorRatio(w),
        expr: `sum_over_time(${SLO_METRICS.errorRate(base)}${byId(spec)}[${w}])\n/\nsum_over_time(${SLO_METRICS.totalRate(base)}${byId(spec)}[${w}])`,
        labels: { ...labels, slo_window: w },
      },
      {
        record: SLO_METRICS.totalRate(w),
        expr: `avg_over_time(${SLO_METRICS.totalRate(base)}${byId(spec)}[${w}])`,
        labels: { ...labels, slo_window: w },
      }
    );
  }
  rules.push({
    record: SLO_METRICS.currentBurnRate,
    expr: `${SLO_METRICS.errorRatio(CURRENT_BURN_WINDOW)}${byId(spec)}\n/ ${number(errorBudget(spec.objective))}`,
    labels: { ...labels, slo_window: CURRENT_BURN_WINDOW },
  });
  return { name: `slo:${spec.id}:sli`, rules };
}

export interface RuleOptions {
  /** Evaluation interval of the whole-period group (default 5m; tests use seconds). */
  periodGroupInterval?: string;
}

function periodGroup(spec: SloSpec, base: string, interval: string): RuleGroup {
  const labels = identity(spec);
  const budget = number(errorBudget(spec.objective));
  const w = spec.window;
  const periodDays = number(parseDuration(w)! / 86400);
  const constant = (value: string) => `vector(${value})`;
  return {
    name: `slo:${spec.id}:period`,
    interval,
    rules: [
      {
        record: SLO_METRICS.errorRatio(w),
        expr: `sum_over_time(${SLO_METRICS.errorRate(base)}${byId(spec)}[${w}])\n/\nsum_over_time(${SLO_METRICS.totalRate(base)}${byId(spec)}[${w}])`,
        labels: { ...labels, slo_window: w },
      },
      {
        record: SLO_METRICS.totalRate(w),
        expr: `avg_over_time(${SLO_METRICS.totalRate(base)}${byId(spec)}[${w}])`,
        labels: { ...labels, slo_window: w },
      },
      {
        record: SLO_METRICS.periodBurnRate,
        expr: `${SLO_METRICS.errorRatio(w)}${byId(spec)}\n/ ${budget}`,
        labels: { ...labels, slo_window: w },
      },
      {
        record: SLO_METRICS.budgetRemaining,
        expr: `1 - ${SLO_METRICS.periodBurnRate}${byId(spec)}`,
        labels: { ...labels, slo_window: w },
      },
      { record: SLO_METRICS.objective, expr: constant(number(spec.objective)), labels },
      { record: SLO_METRICS.errorBudget, expr: constant(budget), labels },
      { record: SLO_METRICS.periodDays, expr: constant(periodDays), labels },
      {
        record: SLO_METRICS.info,
        expr: constant('1'),
        labels: { ...labels, slo_objective: number(spec.objective), slo_window: w, slo_sli_kind: spec.sli.kind },
      },
    ],
  };
}

function burnCondition(spec: SloSpec, window: string, alert: BurnRateAlertWindow): string {
  return `${SLO_METRICS.errorRatio(window)}${byId(spec)} > (${number(alert.burnFactor)} * ${number(errorBudget(spec.objective))})`;
}

/** The long window's burn rate, in words, for alert annotations (30d / 14.4 = 50h: how long the budget lasts). */
function lastsFor(spec: SloSpec, alert: BurnRateAlertWindow): string {
  const hours = parseDuration(spec.window)! / 3600 / alert.burnFactor;
  return hours >= 48 ? `${number(Number((hours / 24).toFixed(1)))}d` : `${number(Number(hours.toFixed(1)))}h`;
}

function alertRule(spec: SloSpec, alert: BurnRateAlertWindow): AlertingRule {
  const pair = `(\n  ${burnCondition(spec, alert.longWindow, alert)}\nand ignoring (slo_window)\n  ${burnCondition(spec, alert.shortWindow, alert)}\n)`;
  const min = spec.alerting.minTrafficPerSecond;
  // Minimum-traffic guard on the long window: a few failures on an idle service must not page at night.
  const expr =
    min !== undefined
      ? `${pair}\nand ignoring (slo_window)\n${SLO_METRICS.totalRate(alert.longWindow)}${byId(spec)} >= ${number(min)}`
      : pair;
  const percent = number(errorBudget(spec.objective) * 100);
  return {
    alert: SLO_ALERT_NAMES[alert.severity],
    expr,
    labels: {
      // `service` routes and correlates the alert like any other service alert (Alertmanager, Foresight incidents).
      service: spec.service,
      ...(spec.alerting.labels ?? {}),
      // slo_id repeats the series label on purpose: it keeps every alert rule unique for promtool's lint.
      slo_id: spec.id,
      severity: alert.severity,
      slo_long_window: alert.longWindow,
      slo_short_window: alert.shortWindow,
    },
    annotations: {
      summary: `{{ $labels.slo_name }} (${spec.service}) burns its error budget more than ${number(alert.burnFactor)}× too fast`,
      description:
        `Error ratio over ${alert.longWindow} is {{ $value | humanizePercentage }} and over ${alert.shortWindow} also above ` +
        `${number(alert.burnFactor)}× the ${percent}% budget. At this burn the ${spec.window} budget lasts at most ${lastsFor(spec, alert)}; ` +
        `${number(alert.budgetFraction * 100)}% of it is gone within ${alert.longWindow}.`,
    },
  };
}

function alertGroup(spec: SloSpec): RuleGroup | null {
  const alerts = alertWindowsFor(spec.window).filter((w) => spec.alerting[w.severity]);
  if (alerts.length === 0) {
    return null;
  }
  return { name: `slo:${spec.id}:alerts`, rules: alerts.map((a) => alertRule(spec, a)) };
}

/** Rule groups for one SLO: raw-metric SLI recordings, whole-period figures, burn-rate alerts. */
export function sloRuleGroups(spec: SloSpec, options: RuleOptions = {}): RuleGroup[] {
  const windows = recordedWindowsFor(spec.window);
  const groups = [
    sliGroup(spec, windows),
    periodGroup(spec, windows[0], options.periodGroupInterval ?? PERIOD_GROUP_INTERVAL),
  ];
  const alerts = alertGroup(spec);
  return alerts ? [...groups, alerts] : groups;
}

export function prometheusRuleFile(specs: SloSpec[], options: RuleOptions = {}): PrometheusRuleFile {
  return { groups: specs.flatMap((spec) => sloRuleGroups(spec, options)) };
}
