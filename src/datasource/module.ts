import { DataSourcePlugin } from '@grafana/data';
import { OverlayDataSource } from './datasource';
import { ConfigEditor } from './components/ConfigEditor';
import { QueryEditor } from './components/QueryEditor';
import { OverlayOptions, OverlayQuery } from './types';

declare let __webpack_public_path__: string;

// Grafana sets the public path of a nested plugin to its own folder (…/foresight-aiops-app/datasource/), but webpack
// emits this module's lazy chunks — the detection Web Worker among them — at the app's root folder.
__webpack_public_path__ = __webpack_public_path__.replace(/datasource\/$/, '');

export const plugin = new DataSourcePlugin<OverlayDataSource, OverlayQuery, OverlayOptions>(OverlayDataSource)
  .setConfigEditor(ConfigEditor)
  .setQueryEditor(QueryEditor);
