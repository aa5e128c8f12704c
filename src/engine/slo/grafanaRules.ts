/**
 * The same burn-rate alerts as Grafana-managed alert rules (file provisioning, `apiVersion: 1`), for teams that
 * alert in Grafana rather than Prometheus. They query the recorded `slo:*` series, so the recording rules from
 * `prometheusRuleFile` must be loaded into Prometheus either way.
 *
 * Each rule returns 1 (burning) or 0 per SLO series with `> bool`, rather than filtering, so Grafana tells a
 * healthy SLO (0) from missing recording rules (no data).
 */
import { errorBudget } from './budget';
import { SLO_ALERT_NAMES, SLO_METRICS } from './rules';
import { BurnRateAlertWindow, SloSpec } from './types';
import { alertWindowsFor } from './windows';

export interface GrafanaRuleOptions {
  datasourceUid: string;
  folder: string;
  orgId?: number;
  /** Evaluation interval of each rule group. */
  interval?: string;
}

/** FNV-1a, so rule uids are stable, short (Grafana allows 40 characters) and differ per SLO id. */
function shortHash(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}

function num(value: number): string {
  return String(Number(value.toPrecision(12)));
}

function burningExpr(spec: SloSpec, alert: BurnRateAlertWindow): string {
  const threshold = `(${num(alert.burnFactor)} * ${num(errorBudget(spec.objective))})`;
  const sel = `{slo_id="${spec.id}"}`;
  const parts = [
    `(${SLO_METRICS.errorRatio(alert.longWindow)}${sel} > bool ${threshold})`,
    `(${SLO_METRICS.errorRatio(alert.shortWindow)}${sel} > bool ${threshold})`,
  ];
  if (spec.alerting.minTrafficPerSecond !== undefined) {
    parts.push(`(${SLO_METRICS.totalRate(alert.longWindow)}${sel} >= bool ${num(spec.alerting.minTrafficPerSecond)})`);
  }
  return parts.join('\n* ignoring (slo_window)\n');
}

function grafanaRule(spec: SloSpec, alert: BurnRateAlertWindow, options: GrafanaRuleOptions) {
  return {
    uid: `slo-${shortHash(spec.id)}-${alert.severity}-${alert.speed}`,
    title: `${SLO_ALERT_NAMES[alert.severity]} ${spec.id} ${alert.longWindow}/${alert.shortWindow}`,
    condition: 'C',
    data: [
      {
        refId: 'A',
        relativeTimeRange: { from: 600, to: 0 },
        datasourceUid: options.datasourceUid,
        model: { refId: 'A', expr: burningExpr(spec, alert), instant: true, range: false },
      },
      {
        refId: 'B',
        relativeTimeRange: { from: 0, to: 0 },
        datasourceUid: '__expr__',
        model: { refId: 'B', type: 'reduce', expression: 'A', reducer: 'last' },
      },
      {
        refId: 'C',
        relativeTimeRange: { from: 0, to: 0 },
        datasourceUid: '__expr__',
        model: {
          refId: 'C',
          type: 'threshold',
          expression: 'B',
          conditions: [{ evaluator: { type: 'gt', params: [0.5] } }],
        },
      },
    ],
    noDataState: 'NoData',
    execErrState: 'Error',
    for: '0s',
    labels: {
      service: spec.service,
      ...spec.labels,
      ...(spec.alerting.labels ?? {}),
      slo_id: spec.id,
      slo_service: spec.service,
      severity: alert.severity,
      slo_long_window: alert.longWindow,
      slo_short_window: alert.shortWindow,
    },
    annotations: {
      summary: `${spec.name} (${spec.service}) burns its error budget more than ${num(alert.burnFactor)}× too fast over ${alert.longWindow} and ${alert.shortWindow}`,
    },
  };
}

/** Grafana alerting provisioning document: one rule group per SLO, one rule per enabled burn-rate window pair. */
export function grafanaAlertProvisioning(specs: SloSpec[], options: GrafanaRuleOptions) {
  return {
    apiVersion: 1,
    groups: specs
      .map((spec) => ({
        orgId: options.orgId ?? 1,
        name: `slo-${spec.id}`,
        folder: options.folder,
        interval: options.interval ?? '1m',
        rules: alertWindowsFor(spec.window)
          .filter((w) => spec.alerting[w.severity])
          .map((w) => grafanaRule(spec, w, options)),
      }))
      .filter((group) => group.rules.length > 0),
  };
}
