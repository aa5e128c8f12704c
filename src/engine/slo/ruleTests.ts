/**
 * `promtool test rules` files that prove the generated burn-rate alerts behave: on synthetic request counters
 * the page alert fires within the time the math predicts for a fast burn, the ticket alert for a slow burn,
 * neither fires just under its threshold, and the minimum-traffic guard holds a burning alert back.
 *
 * Expected detection time for a step from no errors to burn B: the long window's error ratio grows linearly,
 * crossing `factor × budget` after `longWindow × factor / B`, plus half the 5m base window the rates ramp over.
 */
import { stringify } from 'yaml';
import { errorBudget } from './budget';
import { formatDuration, parseDuration } from './duration';
import { SLO_ALERT_NAMES } from './rules';
import { BurnRateAlertWindow, SloSpec } from './types';
import { alertWindowsFor, recordedWindowsFor } from './windows';

export const SYNTHETIC_METRIC = 'slo_test_requests_total';
const MINUTE = 60;

/** The SLO the scenarios run against: 99.9% of requests without a 5xx over 30d, guarded at 1 request/s. */
export function syntheticSloSpec(overrides: Partial<SloSpec> = {}): SloSpec {
  return {
    id: 'synthetic-availability',
    name: 'Synthetic availability',
    service: 'synthetic',
    objective: 0.999,
    window: '30d',
    sli: {
      kind: 'ratio',
      badQuery: `sum(rate(${SYNTHETIC_METRIC}{code=~"5.."}[{{.window}}]))`,
      totalQuery: `sum(rate(${SYNTHETIC_METRIC}[{{.window}}]))`,
    },
    labels: {},
    alerting: { page: true, ticket: true, minTrafficPerSecond: 1 },
    ...overrides,
  };
}

/** A phase of constant traffic: `minutes` long, `requestsPerSecond`, of which `burnRate × budget` fail. */
export interface TrafficPhase {
  minutes: number;
  requestsPerSecond: number;
  burnRate: number;
}

/** promtool expanding notation for a counter over consecutive phases, one sample per minute. */
export function counterSeriesValues(perMinute: number[][]): string {
  // perMinute: [[increment, minutes], ...]
  const parts: string[] = [];
  let value = 0;
  let first = true;
  for (const [increment, minutes] of perMinute) {
    if (minutes <= 0) {
      continue;
    }
    const start = first ? value : value + increment;
    const steps = first ? minutes : minutes - 1;
    parts.push(`${round(start)}+${round(increment)}x${steps}`);
    value = start + increment * steps;
    first = false;
  }
  return parts.join(' ');
}

function round(value: number): string {
  return String(Number(value.toFixed(6)));
}

function seriesFor(phases: TrafficPhase[], objective: number) {
  const budget = errorBudget(objective);
  const errors = phases.map((p) => [p.requestsPerSecond * MINUTE * p.burnRate * budget, p.minutes]);
  const good = phases.map((p) => [p.requestsPerSecond * MINUTE * (1 - p.burnRate * budget), p.minutes]);
  return [
    { series: `${SYNTHETIC_METRIC}{code="500"}`, values: counterSeriesValues(errors) },
    { series: `${SYNTHETIC_METRIC}{code="200"}`, values: counterSeriesValues(good) },
  ];
}

/** Minutes after a step to burn B until `window` fires (see the module comment). */
export function expectedDetectionMinutes(window: BurnRateAlertWindow, burnRate: number, baseWindow = '5m'): number {
  return (
    (parseDuration(window.longWindow)! / MINUTE) * (window.burnFactor / burnRate) +
    parseDuration(baseWindow)! / MINUTE / 2
  );
}

interface AlertExpectation {
  atMinute: number;
  /** Alerts expected firing, as `<severity>/<longWindow>`; empty means none for the checked severities. */
  firing: string[];
  /** Severities checked at this time. */
  severities: Array<'page' | 'ticket'>;
}

export interface BurnScenario {
  name: string;
  /** Rule evaluation interval of the test file this scenario goes in. */
  evaluationMinutes: number;
  phases: TrafficPhase[];
  expectations: AlertExpectation[];
}

/**
 * The scenarios, with times derived from the SLO's own windows and factors. Each runs after a clean prefix as
 * long as the longest window it checks, so no window starts half-empty. `evaluationMinutes` keeps the multi-day
 * scenarios affordable: 5m rule evaluation (series still sampled every minute) for the ticket windows.
 */
export function burnScenarios(spec: SloSpec): BurnScenario[] {
  const [pageQuick, pageSlow, ticketQuick, ticketSlow] = alertWindowsFor(spec.window);
  const base = recordedWindowsFor(spec.window)[0];
  const minTraffic = spec.alerting.minTrafficPerSecond ?? 0;
  const busy = Math.max(10, minTraffic * 10);
  const minutesOf = (w: string) => parseDuration(w)! / MINUTE;
  const pagePrefix = minutesOf(pageSlow.longWindow);
  const ticketPrefix = minutesOf(ticketSlow.longWindow);
  const tag = (w: BurnRateAlertWindow) => `${w.severity}/${w.longWindow}`;

  const fastBurn = 100;
  const fastAt = expectedDetectionMinutes(pageQuick, fastBurn, base);
  const pageSlowAt = expectedDetectionMinutes(pageSlow, fastBurn, base);
  const slowBurn = 4;
  const ticketQuickAt = expectedDetectionMinutes(ticketQuick, slowBurn, base);
  const ticketSlowAt = expectedDetectionMinutes(ticketSlow, slowBurn, base);
  const slowAt = Math.max(ticketQuickAt, ticketSlowAt);
  const justUnderPage = Number((Math.min(pageQuick.burnFactor, pageSlow.burnFactor) * 0.98).toFixed(3));
  const justUnderTicket = Number((Math.min(ticketQuick.burnFactor, ticketSlow.burnFactor) * 0.95).toFixed(3));

  const scenarios: BurnScenario[] = [
    {
      name: `fast burn ${fastBurn}× pages after ~${fastAt.toFixed(1)}m (${pageQuick.longWindow}&${pageQuick.shortWindow} > ${pageQuick.burnFactor}×)`,
      evaluationMinutes: 1,
      phases: [
        { minutes: pagePrefix, requestsPerSecond: busy, burnRate: 0 },
        { minutes: Math.ceil(pageSlowAt) + 10, requestsPerSecond: busy, burnRate: fastBurn },
      ],
      expectations: [
        { atMinute: pagePrefix + Math.floor(fastAt) - 3, firing: [], severities: ['page'] },
        { atMinute: pagePrefix + Math.ceil(fastAt) + 3, firing: [tag(pageQuick)], severities: ['page'] },
        {
          atMinute: pagePrefix + Math.ceil(pageSlowAt) + 3,
          firing: [tag(pageQuick), tag(pageSlow)],
          severities: ['page'],
        },
      ],
    },
    {
      name: `steady burn ${justUnderPage}× (just under the page factors) never pages`,
      evaluationMinutes: 1,
      phases: [{ minutes: pagePrefix + 60, requestsPerSecond: busy, burnRate: justUnderPage }],
      expectations: [
        { atMinute: 60, firing: [], severities: ['page'] },
        { atMinute: pagePrefix + 59, firing: [], severities: ['page'] },
      ],
    },
    {
      name: `slow burn ${slowBurn}× opens tickets after ~${(slowAt / 60).toFixed(1)}h and never pages`,
      evaluationMinutes: 5,
      phases: [
        { minutes: ticketPrefix, requestsPerSecond: busy, burnRate: 0 },
        { minutes: Math.ceil(slowAt) + 60, requestsPerSecond: busy, burnRate: slowBurn },
      ],
      expectations: [
        {
          atMinute: ticketPrefix + roundTo(Math.min(ticketQuickAt, ticketSlowAt) - 30, 5),
          firing: [],
          severities: ['page', 'ticket'],
        },
        {
          atMinute: ticketPrefix + roundTo(slowAt + 30, 5),
          firing: [tag(ticketQuick), tag(ticketSlow)],
          severities: ['page', 'ticket'],
        },
      ],
    },
    {
      name: `steady burn ${justUnderTicket}× (just under the ticket factors) never alerts`,
      evaluationMinutes: 5,
      phases: [{ minutes: ticketPrefix + 12 * 60, requestsPerSecond: busy, burnRate: justUnderTicket }],
      expectations: [
        { atMinute: 6 * 60, firing: [], severities: ['page', 'ticket'] },
        { atMinute: ticketPrefix + 12 * 60 - 5, firing: [], severities: ['page', 'ticket'] },
      ],
    },
  ];
  if (minTraffic > 0) {
    scenarios.push({
      name: `fast burn ${fastBurn}× at ${minTraffic / 2} req/s (under the ${minTraffic}/s guard) does not alert`,
      evaluationMinutes: 1,
      phases: [
        { minutes: pagePrefix, requestsPerSecond: minTraffic / 2, burnRate: 0 },
        { minutes: 90, requestsPerSecond: minTraffic / 2, burnRate: fastBurn },
      ],
      expectations: [{ atMinute: pagePrefix + 60, firing: [], severities: ['page', 'ticket'] }],
    });
  }
  return scenarios;
}

function roundTo(value: number, step: number): number {
  return Math.round(value / step) * step;
}

function promqlChecks(spec: SloSpec, expectation: AlertExpectation) {
  const evalTime = formatDuration(expectation.atMinute * MINUTE);
  const selector = `alertstate="firing",slo_id="${spec.id}",severity=~"${expectation.severities.join('|')}"`;
  return {
    expr: `count by (alertname, severity, slo_long_window) (ALERTS{${selector}})`,
    eval_time: evalTime,
    exp_samples: expectation.firing.map((tag) => {
      const [severity, longWindow] = tag.split('/') as ['page' | 'ticket', string];
      return {
        labels: `{alertname="${SLO_ALERT_NAMES[severity]}",severity="${severity}",slo_long_window="${longWindow}"}`,
        value: 1,
      };
    }),
  };
}

/**
 * promtool test files for `ruleFile` (path as promtool will see it): one per evaluation interval, since
 * `evaluation_interval` is per file. Keys are the interval in minutes.
 */
export function promtoolTestFiles(spec: SloSpec, ruleFile: string): Array<{ evaluationMinutes: number; yaml: string }> {
  const scenarios = burnScenarios(spec);
  const intervals = [...new Set(scenarios.map((s) => s.evaluationMinutes))].sort((a, b) => a - b);
  return intervals.map((minutes) => {
    const tests = scenarios
      .filter((s) => s.evaluationMinutes === minutes)
      .map((scenario) => ({
        name: scenario.name,
        interval: '1m',
        input_series: seriesFor(scenario.phases, spec.objective),
        promql_expr_test: scenario.expectations.map((e) => promqlChecks(spec, e)),
      }));
    return {
      evaluationMinutes: minutes,
      yaml: stringify({ rule_files: [ruleFile], evaluation_interval: `${minutes}m`, tests }, { lineWidth: 0 }),
    };
  });
}
