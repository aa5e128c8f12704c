import type {
  DataSourceApi,
  DataSourceInstanceSettings,
  DataSourcePluginMeta,
  DataSourceRef,
  ScopedVars,
} from '@grafana/data';
import {
  getTemplateSrv,
  type DataSourceSrv,
  type GetDataSourceListFilters,
  type RuntimeDataSourceRegistration,
} from '@grafana/runtime';

/** What a datasource definition gets from the host when it is set up. */
export interface HostDataSourceContext {
  /** The app plugin's settings DTO (GET /api/plugins/<id>/settings): includes, baseUrl, jsonData… */
  appMeta: { id: string; baseUrl: string; includes?: Array<{ type: string; name: string; path?: string }> };
  /** Imports a plugin module the way Grafana does (SystemJS, shared packages provided by the host). */
  importModule(url: string): Promise<Record<string, unknown>>;
}

/** One datasource instance offered by the host: its settings (sync, for pickers) and how to build it (async). */
export interface HostDataSourceDefinition {
  settings: DataSourceInstanceSettings;
  create(settings: DataSourceInstanceSettings): Promise<DataSourceApi>;
}

/** A file under datasources/ exports one of these; datasources/index.ts lists them. */
export type HostDataSourceFactory = (context: HostDataSourceContext) => Promise<HostDataSourceDefinition[]>;

/**
 * The host's DataSourceSrv: a registry of instance settings and lazily created instances, resolving references the
 * way Grafana's DatasourceSrv does (uid, then name, template variables interpolated, null → the default datasource).
 */
export class HostDataSourceSrv implements DataSourceSrv {
  private readonly definitions = new Map<string, HostDataSourceDefinition>();
  private readonly instances = new Map<string, Promise<DataSourceApi>>();

  constructor(definitions: HostDataSourceDefinition[]) {
    for (const definition of definitions) {
      this.add(definition);
    }
  }

  private add(definition: HostDataSourceDefinition): void {
    const { uid, name } = definition.settings;
    if (this.definitions.has(uid)) {
      throw new Error(`datasource uid "${uid}" is registered twice (second one named "${name}")`);
    }
    this.definitions.set(uid, definition);
  }

  getInstanceSettings(
    ref?: DataSourceRef | string | null,
    scopedVars?: ScopedVars
  ): DataSourceInstanceSettings | undefined {
    const all = [...this.definitions.values()].map((definition) => definition.settings);
    if (ref === null || ref === undefined || ref === 'default') {
      return all.find((settings) => settings.isDefault) ?? all[0];
    }
    const key = typeof ref === 'string' ? ref : ref.uid;
    if (!key) {
      return typeof ref === 'object' && ref.type ? all.find((settings) => settings.type === ref.type) : undefined;
    }
    const resolved = getTemplateSrv().replace(key, scopedVars);
    return this.definitions.get(resolved)?.settings ?? all.find((settings) => settings.name === resolved);
  }

  get(ref?: DataSourceRef | string | null, scopedVars?: ScopedVars): Promise<DataSourceApi> {
    const settings = this.getInstanceSettings(ref, scopedVars);
    if (!settings) {
      const shown = typeof ref === 'object' && ref !== null ? (ref.uid ?? ref.type) : ref;
      return Promise.reject(new Error(`Datasource ${shown} was not found`));
    }
    let instance = this.instances.get(settings.uid);
    if (!instance) {
      instance = this.definitions.get(settings.uid)!.create(settings);
      // A failed creation is not cached: the next get() tries again (Grafana behaves the same).
      instance.catch(() => this.instances.delete(settings.uid));
      this.instances.set(settings.uid, instance);
    }
    return instance;
  }

  getList(filters: GetDataSourceListFilters = {}): DataSourceInstanceSettings[] {
    const types = filters.type === undefined ? undefined : Array.isArray(filters.type) ? filters.type : [filters.type];
    return [...this.definitions.values()]
      .map((definition) => definition.settings)
      .filter((settings) => {
        const meta = settings.meta as DataSourcePluginMeta;
        if (filters.all) {
          return true;
        }
        if (filters.metrics && !meta.metrics) {
          return false;
        }
        if (filters.tracing && !meta.tracing) {
          return false;
        }
        if (filters.logs && !meta.logs) {
          return false;
        }
        if (filters.annotations && !meta.annotations) {
          return false;
        }
        if (filters.alerting && !meta.alerting) {
          return false;
        }
        if (filters.pluginId && meta.id !== filters.pluginId) {
          return false;
        }
        if (types && !types.includes(settings.type)) {
          return false;
        }
        if (!filters.mixed && meta.mixed) {
          return false;
        }
        return filters.filter ? filters.filter(settings) : true;
      })
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  async reload(): Promise<void> {
    this.instances.clear();
  }

  registerRuntimeDataSource({ dataSource }: RuntimeDataSourceRegistration): void {
    const settings = dataSource.instanceSettings;
    this.add({ settings, create: async () => dataSource });
  }
}

/** Grafana's importDataSourcePlugin + loadDatasource: import the module, construct, attach components and meta. */
export async function instantiateDataSourcePlugin(
  context: HostDataSourceContext,
  settings: DataSourceInstanceSettings
): Promise<DataSourceApi> {
  const exports = await context.importModule(`/${settings.meta.module}`);
  const plugin = exports.plugin as
    | {
        DataSourceClass: new (s: DataSourceInstanceSettings) => DataSourceApi;
        components: DataSourceApi['components'];
        meta: unknown;
      }
    | undefined;
  if (!plugin?.DataSourceClass) {
    throw new Error(`${settings.meta.module} does not export a DataSourcePlugin named "plugin"`);
  }
  plugin.meta = settings.meta;
  const instance = new plugin.DataSourceClass(settings);
  instance.components = plugin.components;
  instance.meta = settings.meta as DataSourcePluginMeta;
  return instance;
}
