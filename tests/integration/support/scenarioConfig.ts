/**
 * Renders temp copies of the committed demo configs for a stack on free loopback ports, the way scripts/start.sh
 * does with sed: the Prometheus config gets the real ports, absolute rule-file paths and short intervals; the
 * Alertmanager config gets the API key and the backend URL. The committed files are never modified.
 */
import { dirname, isAbsolute, resolve } from 'node:path';
import { parse, stringify } from 'yaml';

export interface StackPorts {
  backend: number;
  simulator: number;
  prometheus: number;
  alertmanager: number;
}

/** The loopback ports the committed demo/prometheus/prometheus.yml names, by component. */
const DEFAULT_PORTS: StackPorts = { backend: 8070, simulator: 9464, prometheus: 9090, alertmanager: 9093 };

export interface PrometheusRenderOptions {
  /** Directory of the committed config: its relative rule_files are resolved against it. */
  configDir: string;
  ports: StackPorts;
  /** e.g. "500ms": scrape interval and timeout (the demo's 5 s would give an accelerated test too few points). */
  scrapeInterval: string;
  /** e.g. "1s": rule evaluation interval. */
  evaluationInterval: string;
}

/** Maps a committed loopback target (`127.0.0.1:9464`) to the same component on its test port; unknown → error. */
function retarget(target: unknown, ports: StackPorts, where: string): string {
  const match = typeof target === 'string' ? /^127\.0\.0\.1:(\d+)$/.exec(target) : null;
  const component = match
    ? (Object.keys(DEFAULT_PORTS) as Array<keyof StackPorts>).find((k) => DEFAULT_PORTS[k] === Number(match[1]))
    : undefined;
  if (!component) {
    throw new Error(
      `${where}: expected a loopback target on one of the demo ports ${JSON.stringify(DEFAULT_PORTS)}, got ${JSON.stringify(target)}`
    );
  }
  return `127.0.0.1:${ports[component]}`;
}

interface StaticConfigHolder {
  static_configs?: Array<{ targets?: unknown[] }>;
}

function retargetAll(holders: StaticConfigHolder[] | undefined, ports: StackPorts, where: string): number {
  let count = 0;
  (holders ?? []).forEach((holder, h) =>
    (holder.static_configs ?? []).forEach((sc, s) => {
      sc.targets = (sc.targets ?? []).map((t, i) => {
        count++;
        return retarget(t, ports, `${where}[${h}].static_configs[${s}].targets[${i}]`);
      });
    })
  );
  return count;
}

/** The demo Prometheus config (YAML text) re-pointed at the test ports; throws when a part it must change is missing. */
export function renderPrometheusConfig(committedYaml: string, options: PrometheusRenderOptions): string {
  const config = parse(committedYaml) as {
    global?: Record<string, unknown>;
    rule_files?: string[];
    alerting?: { alertmanagers?: StaticConfigHolder[] };
    scrape_configs?: Array<StaticConfigHolder & { job_name: string }>;
  };
  if (!config?.rule_files?.length) {
    throw new Error('prometheus.yml: rule_files is empty; the scenario needs the demo alert rules');
  }
  config.global = {
    ...config.global,
    scrape_interval: options.scrapeInterval,
    // Prometheus rejects a scrape timeout longer than the interval (the default timeout is 10 s).
    scrape_timeout: options.scrapeInterval,
    evaluation_interval: options.evaluationInterval,
  };
  config.rule_files = config.rule_files.map((file) => (isAbsolute(file) ? file : resolve(options.configDir, file)));
  if (retargetAll(config.alerting?.alertmanagers, options.ports, 'alerting.alertmanagers') === 0) {
    throw new Error('prometheus.yml: alerting.alertmanagers names no target');
  }
  if (retargetAll(config.scrape_configs, options.ports, 'scrape_configs') === 0) {
    throw new Error('prometheus.yml: scrape_configs names no target');
  }
  return stringify(config);
}

/** The placeholder and the default webhook origin the committed alertmanager.yml holds (see its header). */
const KEY_PLACEHOLDER = '__FORESIGHT_API_KEY__';
const DEFAULT_BACKEND_ORIGIN = 'http://127.0.0.1:8070/';

/** start.sh's sed on demo/alertmanager/alertmanager.yml: the real key and backend URL; throws when either is absent. */
export function renderAlertmanagerConfig(committedYaml: string, apiKey: string, backendPort: number): string {
  if (!committedYaml.includes(KEY_PLACEHOLDER) || !committedYaml.includes(DEFAULT_BACKEND_ORIGIN)) {
    throw new Error(
      `alertmanager.yml: expected the placeholder ${KEY_PLACEHOLDER} and the webhook ${DEFAULT_BACKEND_ORIGIN}`
    );
  }
  return committedYaml
    .split(KEY_PLACEHOLDER)
    .join(apiKey)
    .split(DEFAULT_BACKEND_ORIGIN)
    .join(`http://127.0.0.1:${backendPort}/`);
}

/** Directory holding a config file (for resolving its relative paths). */
export const configDirOf = (path: string): string => dirname(resolve(path));
