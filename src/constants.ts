import pluginJson from './plugin.json';

export const PLUGIN_ID = pluginJson.id;
export const PLUGIN_BASE_URL = `/a/${pluginJson.id}`;
export const DATASOURCE_ID = 'foresight-aiops-datasource';

/** Grafana's plugin proxy in front of the Foresight backend (plugin.json route `backend`). */
export const BACKEND_PROXY_URL = `api/plugin-proxy/${pluginJson.id}/backend`;

/** The README is rendered by Grafana on the plugin's page; sections are linked by anchor. */
export const DOCS_URL = `/plugins/${pluginJson.id}`;

export enum ROUTES {
  Incidents = 'incidents',
  Rca = 'rca',
  Slos = 'slos',
  Executive = 'executive',
  LogPatterns = 'log-patterns',
}
