import { foresightDataSources } from './foresight';
import { prometheusDataSources } from './prometheus';
import type { HostDataSourceFactory } from './registry';
import { testDataSources } from './testdata';

/** Every datasource the host offers. To add one: a file in this folder exporting a factory, and one line here. */
export const hostDataSourceFactories: HostDataSourceFactory[] = [
  foresightDataSources,
  prometheusDataSources,
  testDataSources,
];
