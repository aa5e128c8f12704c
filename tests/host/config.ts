import { resolve } from 'node:path';
import { dataSourcesFromEnv, type HostDataSourceInstance } from './dataSources';

/** Everything the host reads from its environment (see tests/host/README.md). */
export interface HostConfig {
  /** Repository root: node_modules, tests/host, package-lock.json. */
  repoRoot: string;
  /** Loopback port; 0 picks a free one (the chosen URL is printed). */
  port: number;
  /** The BUILT plugin (plugin.json, module.js, datasource/…): served unmodified. */
  distDir: string;
  /** Where plugin settings are stored (a JSON file per plugin). */
  stateDir: string;
  /** When set, written into the app's jsonData.backendUrl at start (and the app enabled). */
  seedBackendUrl?: string;
  /** When set, written into the app's secureJsonData.apiKey at start. */
  seedApiKey?: string;
  /** Datasource instances besides the plugin's (HOST_PROMETHEUS_URL → uid `prometheus`). */
  dataSources: HostDataSourceInstance[];
}

export function readHostConfig(env: NodeJS.ProcessEnv, repoRoot: string): HostConfig {
  const portText = env.HOST_PORT ?? '3000';
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port > 65535) {
    throw new Error(`HOST_PORT must be an integer from 0 to 65535, got "${portText}"`);
  }
  const seedBackendUrl = env.HOST_BACKEND_URL || undefined;
  if (seedBackendUrl) {
    let parsed: URL;
    try {
      parsed = new URL(seedBackendUrl);
    } catch {
      throw new Error(`HOST_BACKEND_URL must be an http(s) URL, got "${seedBackendUrl}"`);
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
      throw new Error(`HOST_BACKEND_URL must be an http(s) URL, got "${seedBackendUrl}"`);
    }
  }
  return {
    repoRoot,
    port,
    distDir: resolve(repoRoot, env.HOST_DIST_DIR ?? 'dist'),
    stateDir: resolve(repoRoot, env.HOST_STATE_DIR ?? '.data/host'),
    seedBackendUrl,
    seedApiKey: env.HOST_API_KEY || undefined,
    dataSources: dataSourcesFromEnv(env),
  };
}
