import type { HostUser } from './pluginProxy';

/** Grafana's index.html, reduced to what the plugin and @grafana/runtime read at start. */
export interface BootDataInput {
  appUrl: string;
  pluginId: string;
  pluginModule: string;
  pluginVersion: string;
  grafanaVersion: string;
  user: HostUser;
  /** bootData.settings.datasources entries, by name (see dataSources.ts frontendDataSourceSettings). */
  dataSources: Array<{ name: string; uid: string; isDefault: boolean }>;
}

/** window.grafanaBootData: @grafana/runtime's `config` reads it at import time (platform.md, Trap 2). */
export function bootData(input: BootDataInput) {
  return {
    assets: { dark: '', light: '' },
    navTree: [],
    user: {
      id: input.user.id,
      uid: 'host-admin',
      login: input.user.login,
      name: input.user.login,
      email: `${input.user.login}@localhost`,
      orgId: input.user.orgId,
      orgName: 'Main Org.',
      orgRole: input.user.orgRole,
      orgCount: 1,
      isGrafanaAdmin: true,
      isSignedIn: true,
      theme: 'dark',
      lightTheme: false,
      timezone: 'browser',
      weekStart: 'browser',
      locale: 'en-US',
      language: 'en-US',
      helpFlags1: 0,
      hasEditPermissionInFolders: true,
      permissions: {},
    },
    settings: {
      appUrl: input.appUrl,
      appSubUrl: '',
      buildInfo: {
        version: input.grafanaVersion,
        commit: 'foresight-host',
        env: 'production',
        edition: 'Open Source',
        latestVersion: '',
        hasUpdate: false,
        hideVersion: false,
      },
      featureToggles: {},
      datasources: Object.fromEntries(input.dataSources.map((settings) => [settings.name, settings])),
      defaultDatasource: input.dataSources.find((settings) => settings.isDefault)?.name ?? '',
      panels: {},
      apps: {
        [input.pluginId]: {
          id: input.pluginId,
          path: input.pluginModule,
          version: input.pluginVersion,
          preload: false,
        },
      },
      theme2: undefined,
      bootData: undefined,
    },
  };
}

function escapeScriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

/**
 * The order is the point (platform.md): boot data, then the host bundle with its own shared packages, and only
 * then SystemJS and its AMD extra — UMD code evaluated after the AMD extra would register with its `define`.
 */
export function pageHtml(title: string, data: ReturnType<typeof bootData>): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title.replace(/</g, '&lt;')} - Grafana</title>
<base href="/">
<link rel="icon" href="/favicon.ico">
<style>html, body { margin: 0; }</style>
<script>
window.__grafana_public_path__ = '/public/';
window.grafanaBootData = ${escapeScriptJson(data)};
</script>
<link rel="stylesheet" href="/host/host.css">
<script src="/host/host.js"></script>
<script src="/host/systemjs/system.min.js"></script>
<script src="/host/systemjs/extras/amd.min.js"></script>
</head>
<body class="theme-dark app-grafana">
<div id="reactRoot"></div>
<script>window.foresightHost.start(document.getElementById('reactRoot'));</script>
</body>
</html>
`;
}
