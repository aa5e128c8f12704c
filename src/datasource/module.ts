import { DataSourcePlugin } from '@grafana/data';
import { OverlayDataSource } from './datasource';
import { ConfigEditor } from './components/ConfigEditor';
import { QueryEditor } from './components/QueryEditor';
import { OverlayOptions, OverlayQuery } from './types';

export const plugin = new DataSourcePlugin<OverlayDataSource, OverlayQuery, OverlayOptions>(OverlayDataSource)
  .setConfigEditor(ConfigEditor)
  .setQueryEditor(QueryEditor);
