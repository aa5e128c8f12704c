import React from 'react';
import { createRoot } from 'react-dom/client';
import { of } from 'rxjs';
import { createTheme, ThemeContext, type AppPlugin, type AppPluginMeta } from '@grafana/data';
import {
  locationService,
  setBackendSrv,
  setDataSourceSrv,
  setPluginComponentHook,
  setPluginComponentsHook,
  setPluginFunctionsHook,
  setPluginLinksHook,
  setTemplateSrv,
  type LocationService,
  type PluginPageType,
} from '@grafana/runtime';
import { Alert, GlobalStyles } from '@grafana/ui';
// Grafana's own internal entry points (not in @grafana/runtime's package exports): same module instance as the index.
// @ts-expect-error -- the .mjs has no declaration file next to it; typed by the casts below
import * as pluginPageModule from '../../../node_modules/@grafana/runtime/dist/esm/components/PluginPage.mjs';
// @ts-expect-error -- idem
import * as observableLinksModule from '../../../node_modules/@grafana/runtime/dist/esm/services/pluginExtensions/getObservablePluginLinks.mjs';
// @ts-expect-error -- idem
import * as observableComponentsModule from '../../../node_modules/@grafana/runtime/dist/esm/services/pluginExtensions/getObservablePluginComponents.mjs';
import { sharedModules } from 'host:shared';
import { HostApp } from './HostApp';
import { HostBackendSrv } from './backendSrv';
import { HostDataSourceSrv, type HostDataSourceContext } from './datasources/registry';
import { hostDataSourceFactories } from './datasources';
import { HostPluginPage, setHostNavPages } from './HostPluginPage';
import { appNavPages } from './navigation';
import { importPluginModule, registerSharedModules } from './systemjs';
import { HostTemplateSrv } from './templateSrv';

const setPluginPage = (pluginPageModule as { setPluginPage(component: PluginPageType): void }).setPluginPage;
const setGetObservablePluginLinks = (observableLinksModule as { setGetObservablePluginLinks(fn: unknown): void })
  .setGetObservablePluginLinks;
const setGetObservablePluginComponents = (
  observableComponentsModule as { setGetObservablePluginComponents(fn: unknown): void }
).setGetObservablePluginComponents;

/** What the page exposes for tests (window.foresightHost). */
export interface HostHandle {
  start(root: HTMLElement): Promise<void>;
  ready?: boolean;
  shared?: string[];
  dataSourceSrv?: HostDataSourceSrv;
  appMeta?: AppPluginMeta;
  error?: string;
}

/** Installs Grafana's runtime services, the way Grafana's app.ts does before any plugin code runs. */
function installRuntimeServices(): LocationService {
  setBackendSrv(new HostBackendSrv());
  // @grafana/runtime's own locationService already wraps the browser history (setLocationService is test-only).
  setTemplateSrv(new HostTemplateSrv());
  setPluginPage(HostPluginPage);
  // No other plugin registers extensions in this host: every extension point is empty, and says so at once.
  setPluginLinksHook(() => ({ links: [], isLoading: false }));
  setPluginComponentsHook(() => ({ components: [], isLoading: false }));
  setPluginComponentHook(() => ({ component: null, isLoading: false }));
  setPluginFunctionsHook(() => ({ functions: [], isLoading: false }));
  setGetObservablePluginLinks(() => of([]));
  setGetObservablePluginComponents(() => of([]));
  return locationService;
}

async function fetchAppMeta(pluginId: string): Promise<AppPluginMeta> {
  const response = await fetch(`/api/plugins/${pluginId}/settings`);
  if (!response.ok) {
    throw new Error(`GET /api/plugins/${pluginId}/settings answered HTTP ${response.status}`);
  }
  return (await response.json()) as AppPluginMeta;
}

function appPluginId(): string {
  const apps = (window as unknown as { grafanaBootData: { settings: { apps: Record<string, unknown> } } })
    .grafanaBootData.settings.apps;
  const [id] = Object.keys(apps);
  if (!id) {
    throw new Error('grafanaBootData.settings.apps is empty: the host serves no app');
  }
  return id;
}

export async function start(handle: HostHandle, root: HTMLElement): Promise<void> {
  const reactRoot = createRoot(root);
  const theme = createTheme({ colors: { mode: 'dark' } });
  const render = (content: React.ReactNode) =>
    reactRoot.render(
      <ThemeContext.Provider value={theme}>
        <GlobalStyles />
        {content}
      </ThemeContext.Provider>
    );
  try {
    const locationService = installRuntimeServices();
    handle.shared = registerSharedModules(sharedModules);
    const meta = await fetchAppMeta(appPluginId());
    handle.appMeta = meta;
    setHostNavPages(appNavPages(meta));

    const context: HostDataSourceContext = { appMeta: meta, importModule: importPluginModule };
    const definitions = (await Promise.all(hostDataSourceFactories.map((factory) => factory(context)))).flat();
    const dataSourceSrv = new HostDataSourceSrv(definitions);
    setDataSourceSrv(dataSourceSrv);
    handle.dataSourceSrv = dataSourceSrv;

    // Grafana's importAppPlugin: import the module, then init(meta) and attach meta.
    const exports = await importPluginModule(`/${meta.module}`);
    const plugin = exports.plugin as AppPlugin | undefined;
    if (!plugin) {
      throw new Error(`${meta.module} does not export an AppPlugin named "plugin"`);
    }
    plugin.init(meta);
    plugin.meta = meta;
    render(<HostApp plugin={plugin} meta={meta} locationService={locationService} />);
    handle.ready = true;
  } catch (error) {
    handle.error = error instanceof Error ? error.message : String(error);
    console.error('Foresight host failed to start:', error);
    render(
      <Alert severity="error" title="The host could not load the plugin">
        {handle.error}
      </Alert>
    );
  }
}
