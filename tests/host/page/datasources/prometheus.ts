import type { DataSourceApi, DataSourceInstanceSettings, DataSourcePluginMeta, PluginType } from '@grafana/data';
import { HostPrometheusDataSource } from './prometheusDataSource';
import type { HostDataSourceDefinition, HostDataSourceFactory } from './registry';

/** Core plugin meta, as Grafana lists the built-in Prometheus datasource. */
const PROMETHEUS_META = {
  id: 'prometheus',
  name: 'Prometheus',
  type: 'datasource' as PluginType,
  module: 'core:plugin/prometheus',
  baseUrl: 'public/plugins/prometheus',
  metrics: true,
  alerting: true,
  annotations: true,
  info: {
    author: { name: 'Grafana Labs' },
    description: 'Open source time series database & alerting',
    links: [],
    logos: { small: '', large: '' },
    screenshots: [],
    updated: '',
    version: '',
  },
} as DataSourcePluginMeta;

/** Prometheus instances the server put in bootData (HOST_PROMETHEUS_URL), queried through the datasource proxy. */
export const prometheusDataSources: HostDataSourceFactory = async () => {
  const boot = (
    window as unknown as { grafanaBootData: { settings: { datasources: Record<string, DataSourceInstanceSettings> } } }
  ).grafanaBootData;
  return Object.values(boot.settings.datasources)
    .filter((settings) => settings.type === 'prometheus')
    .map((settings): HostDataSourceDefinition => ({
      settings: { ...settings, meta: PROMETHEUS_META },
      // DataSourceApi is generic in its query type; the registry holds them all as DataSourceApi<DataQuery>.
      create: async (s) => new HostPrometheusDataSource(s) as unknown as DataSourceApi,
    }));
};
