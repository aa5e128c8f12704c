import React from 'react';
import { DataSourcePluginOptionsEditorProps } from '@grafana/data';
import { Text } from '@grafana/ui';
import { OverlayOptions } from '../types';

/** The overlay needs no connection settings: each panel query names the datasource it wraps. */
export function ConfigEditor(_props: DataSourcePluginOptionsEditorProps<OverlayOptions>) {
  return (
    <Text element="p" color="secondary">
      Nothing to configure here. In a panel, choose this datasource, then pick the datasource and query to overlay.
    </Text>
  );
}
