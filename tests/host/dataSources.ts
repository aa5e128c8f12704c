import type { IncomingMessage, ServerResponse } from 'node:http';
import { posix } from 'node:path';
import { forwardRequest, joinUrlFragments, proxyRequestHeaders, writeJsonError, type HostUser } from './pluginProxy';

/** A datasource instance the host provides besides the plugin's own (what provisioning gives a real Grafana). */
export interface HostDataSourceInstance {
  uid: string;
  name: string;
  type: string;
  /** Where Grafana's server reaches it (access: proxy). */
  url: string;
  isDefault: boolean;
  jsonData: Record<string, unknown>;
}

/**
 * `HOST_PROMETHEUS_URL` → the same instance as provisioning/datasources/prometheus.yaml (uid `prometheus`, so the
 * provisioned dashboards find it); `HOST_PROMETHEUS_NAME` renames it (e.g. when it is the simulator's query API).
 */
export function dataSourcesFromEnv(env: NodeJS.ProcessEnv): HostDataSourceInstance[] {
  const instances: HostDataSourceInstance[] = [];
  const prometheusUrl = env.HOST_PROMETHEUS_URL;
  if (prometheusUrl) {
    let parsed: URL;
    try {
      parsed = new URL(prometheusUrl);
    } catch {
      throw new Error(`HOST_PROMETHEUS_URL must be an http(s) URL, got "${prometheusUrl}"`);
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
      throw new Error(`HOST_PROMETHEUS_URL must be an http(s) URL, got "${prometheusUrl}"`);
    }
    instances.push({
      uid: 'prometheus',
      name: env.HOST_PROMETHEUS_NAME || 'Prometheus',
      type: 'prometheus',
      url: prometheusUrl,
      isDefault: true,
      jsonData: { timeInterval: '15s', httpMethod: 'POST' },
    });
  }
  return instances;
}

/** The instance settings Grafana's frontend gets (bootData.settings.datasources): url is the proxy path. */
export function frontendDataSourceSettings(instance: HostDataSourceInstance) {
  return {
    id: 0,
    uid: instance.uid,
    name: instance.name,
    type: instance.type,
    url: `/api/datasources/proxy/uid/${instance.uid}`,
    access: 'proxy',
    isDefault: instance.isDefault,
    readOnly: true,
    jsonData: instance.jsonData,
  };
}

// Grafana's ds_proxy.go lets only these read endpoints be POSTed to a Prometheus datasource.
const PROMETHEUS_POST_ALLOWED = [
  'api/v1/query',
  'api/v1/query_range',
  'api/v1/series',
  'api/v1/labels',
  'api/v1/query_exemplars',
];

/** Grafana's datasource proxy, `/api/datasources/proxy/uid/<uid>/<path>`, for the host's instances. */
export function proxyDataSourceRequest(
  req: IncomingMessage,
  res: ServerResponse,
  instances: HostDataSourceInstance[],
  user: HostUser
): void {
  const url = new URL(req.url ?? '/', 'http://host.invalid');
  const match = /^\/api\/datasources\/proxy\/uid\/([\w-]+)\/?(.*)$/.exec(url.pathname);
  const instance = match && instances.find((candidate) => candidate.uid === match[1]);
  if (!match || !instance) {
    writeJsonError(res, 404, 'Unable to find datasource');
    return;
  }
  const proxyPath = posix.join('/', match[2]).slice(1);
  const method = req.method ?? 'GET';
  if (instance.type === 'prometheus') {
    if (method === 'DELETE' || method === 'PUT') {
      writeJsonError(res, 403, `non allow-listed ${method}s not allowed on proxied Prometheus datasource`);
      return;
    }
    if (method === 'POST' && !PROMETHEUS_POST_ALLOWED.includes(proxyPath)) {
      writeJsonError(res, 403, 'non allow-listed POSTs not allowed on proxied Prometheus datasource');
      return;
    }
  }
  const target = new URL(instance.url);
  target.pathname = joinUrlFragments(target.pathname === '/' ? '' : target.pathname, proxyPath) || '/';
  target.search = url.search;
  const headers = proxyRequestHeaders({ headers: req.headers, remoteAddress: req.socket.remoteAddress }, user);
  forwardRequest(req, res, { url: target, headers });
}
