import React from 'react';
import { PluginPage } from '@grafana/runtime';
import { EmptyState } from '../components/EmptyState/EmptyState';
import { testIds } from '../components/testIds';

function LogPatterns() {
  return (
    <PluginPage>
      <div data-testid={testIds.pages.logPatterns}>
        <EmptyState
          docsAnchor="log-patterns"
          description="Log templates mined from your logs, with counts over time, new and rare patterns and error spikes."
          requirement="Log patterns appear once the backend can read logs from Loki."
        />
      </div>
    </PluginPage>
  );
}

export default LogPatterns;
