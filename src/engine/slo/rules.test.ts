import { grafanaAlertProvisioning } from './grafanaRules';
import { AlertingRule, prometheusRuleFile, RecordingRule, sloRuleGroups } from './rules';
import { syntheticSloSpec } from './ruleTests';

const spec = syntheticSloSpec();
const rules = sloRuleGroups(spec).flatMap((g) => g.rules);
const recordings = rules.filter((r): r is RecordingRule => 'record' in r);
const alerts = rules.filter((r): r is AlertingRule => 'alert' in r);

describe('Prometheus rule generation', () => {
  it('reads raw metrics only over the 5m base window; longer windows come from recorded series', () => {
    const raw = recordings.filter((r) => r.expr.includes('slo_test_requests_total'));
    expect(raw.map((r) => r.record)).toEqual(['slo:sli_error:rate5m', 'slo:sli_total:rate5m']);
    expect(raw.every((r) => !/\[(?!5m\])[^\]]+\]/.test(r.expr))).toBe(true);
    const thirtyDays = recordings.find((r) => r.record === 'slo:sli_error:ratio_rate30d')!;
    expect(thirtyDays.expr).toBe(
      'sum_over_time(slo:sli_error:rate5m{slo_id="synthetic-availability"}[30d])\n/\nsum_over_time(slo:sli_total:rate5m{slo_id="synthetic-availability"}[30d])'
    );
  });

  it('records every standard burn window and the period with identifying labels', () => {
    const ratios = recordings.filter((r) => r.record.startsWith('slo:sli_error:ratio_rate'));
    expect(ratios.map((r) => r.labels?.slo_window)).toEqual(['5m', '30m', '1h', '2h', '6h', '1d', '3d', '30d']);
    expect(ratios[0].labels).toMatchObject({ slo_id: 'synthetic-availability', slo_service: 'synthetic' });
  });

  it('puts whole-period figures in a slower group', () => {
    expect(sloRuleGroups(spec).map((g) => [g.name, g.interval])).toEqual([
      ['slo:synthetic-availability:sli', undefined],
      ['slo:synthetic-availability:period', '5m'],
      ['slo:synthetic-availability:alerts', undefined],
    ]);
  });

  it('alerts on both windows of each pair and guards on long-window traffic', () => {
    expect(alerts.map((a) => `${a.alert} ${a.labels?.slo_long_window}/${a.labels?.slo_short_window}`)).toEqual([
      'SLOBurnRatePage 1h/5m',
      'SLOBurnRatePage 6h/30m',
      'SLOBurnRateTicket 1d/2h',
      'SLOBurnRateTicket 3d/6h',
    ]);
    expect(alerts[0].expr).toBe(
      [
        '(',
        '  slo:sli_error:ratio_rate1h{slo_id="synthetic-availability"} > (14.4 * 0.001)',
        'and ignoring (slo_window)',
        '  slo:sli_error:ratio_rate5m{slo_id="synthetic-availability"} > (14.4 * 0.001)',
        ')',
        'and ignoring (slo_window)',
        'slo:sli_total:rate1h{slo_id="synthetic-availability"} >= 1',
      ].join('\n')
    );
  });

  it('leaves out disabled severities and the guard when no minimum is set', () => {
    const ticketOnly = sloRuleGroups({ ...spec, alerting: { page: false, ticket: true } });
    const names = ticketOnly.flatMap((g) => g.rules).filter((r): r is AlertingRule => 'alert' in r);
    expect(names.map((a) => a.alert)).toEqual(['SLOBurnRateTicket', 'SLOBurnRateTicket']);
    expect(names[0].expr).not.toContain('sli_total');
    expect(sloRuleGroups({ ...spec, alerting: { page: false, ticket: false } })).toHaveLength(2);
  });

  it('generates one file for many SLOs', () => {
    const file = prometheusRuleFile([spec, { ...spec, id: 'other' }]);
    expect(file.groups).toHaveLength(6);
  });
});

describe('Grafana-managed alert rules', () => {
  const doc = grafanaAlertProvisioning([spec], { datasourceUid: 'prom', folder: 'SLOs' });

  it('provisions one group per SLO with a 0/1 burning query per window pair', () => {
    expect(doc.apiVersion).toBe(1);
    const rules = doc.groups[0].rules;
    expect(rules.map((r) => r.uid)).toEqual(rules.map((r) => r.uid).filter((u, i, all) => all.indexOf(u) === i));
    expect(rules.every((r) => r.uid.length <= 40)).toBe(true);
    expect(rules[0].data[0].model).toMatchObject({
      expr: [
        '(slo:sli_error:ratio_rate1h{slo_id="synthetic-availability"} > bool (14.4 * 0.001))',
        '* ignoring (slo_window)',
        '(slo:sli_error:ratio_rate5m{slo_id="synthetic-availability"} > bool (14.4 * 0.001))',
        '* ignoring (slo_window)',
        '(slo:sli_total:rate1h{slo_id="synthetic-availability"} >= bool 1)',
      ].join('\n'),
    });
    expect(rules[0].labels).toMatchObject({ severity: 'page', slo_id: 'synthetic-availability' });
  });
});
