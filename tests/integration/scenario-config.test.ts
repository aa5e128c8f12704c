/**
 * The configs the fault scenario renders from the committed demo files: every loopback target moved to its test
 * port, rule files absolute, short intervals, the key and backend URL in Alertmanager's webhook, and the rendered
 * files accepted by promtool and amtool (the Debian binaries). Fast: no server is started.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { renderAlertmanagerConfig, renderPrometheusConfig, type StackPorts } from './support/scenarioConfig';
import { REPO } from './support/scenarioStack';

const PORTS: StackPorts = { backend: 41001, simulator: 41002, prometheus: 41003, alertmanager: 41004 };
const committedProm = readFileSync(join(REPO, 'demo/prometheus/prometheus.yml'), 'utf8');
const committedAm = readFileSync(join(REPO, 'demo/alertmanager/alertmanager.yml'), 'utf8');
const renderOptions = {
  configDir: join(REPO, 'demo/prometheus'),
  ports: PORTS,
  scrapeInterval: '500ms',
  evaluationInterval: '1s',
};

interface PromConfig {
  global: Record<string, string>;
  rule_files: string[];
  alerting: { alertmanagers: Array<{ static_configs: Array<{ targets: string[] }> }> };
  scrape_configs: Array<{ job_name: string; static_configs: Array<{ targets: string[] }> }>;
}

describe('scenario config rendering', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'foresight-scenario-config-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('moves every demo target to its test port, keeps the jobs, makes rule files absolute', () => {
    const rendered = parse(renderPrometheusConfig(committedProm, renderOptions)) as PromConfig;
    const committed = parse(committedProm) as PromConfig;
    expect(rendered.global).toMatchObject({
      scrape_interval: '500ms',
      scrape_timeout: '500ms',
      evaluation_interval: '1s',
    });
    expect(rendered.global.external_labels).toEqual(committed.global.external_labels);
    expect(rendered.alerting.alertmanagers[0].static_configs[0].targets).toEqual(['127.0.0.1:41004']);
    const targets = Object.fromEntries(rendered.scrape_configs.map((s) => [s.job_name, s.static_configs[0].targets]));
    expect(targets).toEqual({
      'foresight-demo': ['127.0.0.1:41002'],
      'foresight-backend': ['127.0.0.1:41001'],
      prometheus: ['127.0.0.1:41003'],
    });
    expect(rendered.rule_files).toHaveLength(committed.rule_files.length);
    expect(rendered.rule_files[0]).toBe(join(REPO, 'demo/prometheus/rules/demo-alerts.yml'));
    expect(existsSync(rendered.rule_files[0])).toBe(true);
  });

  it('names the target it cannot map instead of leaving a demo port in place', () => {
    const foreign = committedProm.replace("'127.0.0.1:9464'", "'127.0.0.1:9999'");
    expect(() => renderPrometheusConfig(foreign, renderOptions)).toThrow(
      /scrape_configs\[0\]\.static_configs\[0\]\.targets\[0\].*"127\.0\.0\.1:9999"/
    );
    expect(() => renderPrometheusConfig('global: {}\n', renderOptions)).toThrow(/rule_files is empty/);
  });

  it('puts the key and the backend port into the Alertmanager webhook; refuses a file without the placeholder', () => {
    const rendered = renderAlertmanagerConfig(committedAm, 'k-123', PORTS.backend);
    const config = parse(rendered) as {
      receivers: Array<{
        webhook_configs: Array<{ url: string; http_config: { authorization: { credentials: string } } }>;
      }>;
    };
    const webhook = config.receivers[0].webhook_configs[0];
    expect(webhook.url).toBe('http://127.0.0.1:41001/api/alerts/alertmanager');
    expect(webhook.http_config.authorization.credentials).toBe('k-123');
    expect(rendered).not.toContain('__FORESIGHT_API_KEY__');
    expect(() => renderAlertmanagerConfig(rendered, 'k-123', PORTS.backend)).toThrow(/__FORESIGHT_API_KEY__/);
  });

  it('the rendered files pass promtool check config and amtool check-config', () => {
    const prom = join(dir, 'prometheus.yml');
    const am = join(dir, 'alertmanager.yml');
    writeFileSync(prom, renderPrometheusConfig(committedProm, renderOptions));
    writeFileSync(am, renderAlertmanagerConfig(committedAm, 'k-123', PORTS.backend));
    const promtool = spawnSync('promtool', ['check', 'config', prom], { encoding: 'utf8' });
    expect({ status: promtool.status, output: `${promtool.stdout}${promtool.stderr}` }).toMatchObject({ status: 0 });
    const amtool = spawnSync('amtool', ['check-config', am], { encoding: 'utf8' });
    expect({ status: amtool.status, output: `${amtool.stdout}${amtool.stderr}` }).toMatchObject({ status: 0 });
  });
});
