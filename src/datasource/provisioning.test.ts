import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pluginJson from './plugin.json';
import { trainingWindow } from './trainingRange';
import { DETECTOR_CHOICES, OverlayQuery, resolveQuery } from './types';

const root = join(__dirname, '../..');
const read = (path: string) => readFileSync(join(root, path), 'utf8');

interface ProvisionedDatasource {
  uid: string;
  type: string;
}

/**
 * uid and type of each `- name:` entry of a provisioning file. (A regex reader: jsdom resolves the `yaml` package to
 * its browser ESM build, which this Jest project does not transform.)
 */
function provisionedIn(file: string): ProvisionedDatasource[] {
  return read(file)
    .split(/^\s*- name:/m)
    .slice(1)
    .map((entry) => ({
      uid: /^\s*uid:\s*(\S+)/m.exec(entry)?.[1] ?? '',
      type: /^\s*type:\s*(\S+)/m.exec(entry)?.[1] ?? '',
    }));
}

const provisioned = ['provisioning/datasources/foresight.yaml', 'provisioning/datasources/prometheus.yaml'].flatMap(
  provisionedIn
);
const dashboard = JSON.parse(read('provisioning/dashboards/anomaly-overlay.json'));
const serviceOverview = JSON.parse(read('provisioning/dashboards/service-overview.json'));
const overlayTargetsOf = (d: typeof dashboard): OverlayQuery[] => [
  ...d.panels.flatMap((p: { targets: OverlayQuery[] }) => p.targets),
  ...d.annotations.list
    .filter((a: { target?: OverlayQuery }) => a.target?.source)
    .map((a: { target: OverlayQuery }) => a.target),
];
const overlayTargets = [...overlayTargetsOf(dashboard), ...overlayTargetsOf(serviceOverview)];

describe('provisioned overlay datasource and dashboard', () => {
  it('provisions the overlay with uid foresight-anomalies and the plugin id, and TestData with uid testdata', () => {
    expect(provisioned).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ uid: 'foresight-anomalies', type: pluginJson.id }),
        expect.objectContaining({ uid: 'testdata', type: 'grafana-testdata-datasource' }),
      ])
    );
  });

  it('has a multi-series panel, a table of current anomalies and an annotation layer', () => {
    expect(dashboard.uid).toBe('foresight-anomaly-overlay');
    const types = dashboard.panels.map((p: { type: string }) => p.type);
    expect(types).toEqual(expect.arrayContaining(['timeseries', 'table']));
    expect(overlayTargets.some((t) => (t.inner as { seriesCount?: number }).seriesCount! > 1)).toBe(true);
    expect(overlayTargets.some((t) => t.outputs?.anomalyTable && !t.outputs.original)).toBe(true);
    expect(
      dashboard.annotations.list.some(
        (a: { datasource?: { uid: string } }) => a.datasource?.uid === 'foresight-anomalies'
      )
    ).toBe(true);
  });

  it.each(overlayTargets.map((t, i) => [i, t] as const))(
    'target %i wraps a provisioned datasource with valid settings',
    (_, target) => {
      const source = provisioned.find((d) => d.uid === target.source?.uid);
      expect(source).toBeDefined();
      expect(target.source?.type).toBe(source!.type);
      expect(target.inner?.refId).toBe(target.refId);
      const { detector } = resolveQuery(target);
      expect(DETECTOR_CHOICES.map((c) => c.kind)).toContain(detector.kind);
      expect(() => trainingWindow({ from: 0, to: 3_600_000 }, detector)).not.toThrow();
    }
  );

  it('has a Service overview with the overlay on traffic, errors and latency and incidents as annotations', () => {
    expect(serviceOverview.uid).toBe('foresight-service-overview');
    const exprs = serviceOverview.panels.flatMap((p: { targets: OverlayQuery[] }) =>
      p.targets.map((t) => (t.inner as { expr?: string }).expr ?? '')
    );
    expect(exprs.some((e: string) => /rate\(http_requests_total/.test(e) && !/status/.test(e))).toBe(true);
    expect(exprs.some((e: string) => /status=~"5\.\."/.test(e) && / \/ /.test(e))).toBe(true);
    expect(
      exprs.some((e: string) =>
        /histogram_quantile\(0\.95, sum by \(le, service\) \(rate\(http_request_duration_seconds_bucket/.test(e)
      )
    ).toBe(true);
    const incidentLayer = serviceOverview.annotations.list.find(
      (a: { target?: OverlayQuery }) => a.target?.queryType === 'incidents'
    );
    expect(incidentLayer?.datasource.uid).toBe('foresight-anomalies');
    expect(incidentLayer?.enable).toBe(true);
  });
});
