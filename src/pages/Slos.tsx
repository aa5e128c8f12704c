import React from 'react';
import { PluginPage } from '@grafana/runtime';
import { EmptyState } from '../components/EmptyState/EmptyState';
import { testIds } from '../components/testIds';

function Slos() {
  return (
    <PluginPage>
      <div data-testid={testIds.pages.slos}>
        <EmptyState
          docsAnchor="slos"
          description="Your SLOs with objective, current SLI, error budget remaining, burn rate per window and alert state."
          requirement="SLOs appear once you define them (YAML, Sloth or OpenSLO import) and the backend can query Prometheus."
        />
      </div>
    </PluginPage>
  );
}

export default Slos;
