import type { DataSourceInstanceSettings, DataSourcePluginMeta } from '@grafana/data';
import { instantiateDataSourcePlugin, type HostDataSourceFactory } from './registry';

/** Same uid as provisioning/datasources/foresight.yaml, so links and dashboards resolve identically. */
export const FORESIGHT_DATASOURCE_UID = 'foresight-anomalies';

/**
 * The app's nested datasource, loaded from the BUILT plugin exactly as Grafana serves nested plugins:
 * plugin.json and module.js under /public/plugins/<app id>/<include dir>/.
 */
export const foresightDataSources: HostDataSourceFactory = async (context) => {
  const include = context.appMeta.includes?.find((item) => item.type === 'datasource' && item.path);
  if (!include?.path) {
    throw new Error(`the app's plugin.json has no datasource include: nothing to load`);
  }
  const dir = include.path.replace(/\/?plugin\.json$/, '');
  const baseUrl = `${context.appMeta.baseUrl}/${dir}`;
  const response = await fetch(`/${baseUrl}/plugin.json`);
  if (!response.ok) {
    throw new Error(`/${baseUrl}/plugin.json answered HTTP ${response.status}: is the plugin built?`);
  }
  const pluginJson = (await response.json()) as DataSourcePluginMeta;
  const logo = (path?: string) => (path ? `${baseUrl}/${path}` : '');
  const meta: DataSourcePluginMeta = {
    ...pluginJson,
    module: `${baseUrl}/module.js`,
    baseUrl,
    info: {
      ...pluginJson.info,
      logos: { small: logo(pluginJson.info.logos?.small), large: logo(pluginJson.info.logos?.large) },
    },
  };
  const settings: DataSourceInstanceSettings = {
    id: 1,
    uid: FORESIGHT_DATASOURCE_UID,
    name: pluginJson.name,
    type: pluginJson.id,
    meta,
    jsonData: {},
    access: 'proxy',
    readOnly: false,
    isDefault: false,
  };
  return [{ settings, create: (s) => instantiateDataSourcePlugin(context, s) }];
};
