import React from 'react';
import { PluginPage } from '@grafana/runtime';
import { EmptyState } from '../components/EmptyState/EmptyState';
import { testIds } from '../components/testIds';

function Rca() {
  return (
    <PluginPage>
      <div data-testid={testIds.pages.rca}>
        <EmptyState
          docsAnchor="root-cause"
          description="A dependency graph of your services coloured by anomaly score, with ranked root-cause candidates and the evidence behind each."
          requirement="Root-cause analysis runs on an incident and needs the service catalogue configured on the Configuration page."
        />
      </div>
    </PluginPage>
  );
}

export default Rca;
