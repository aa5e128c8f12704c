import React from 'react';
import { PluginPage } from '@grafana/runtime';
import { EmptyState } from '../components/EmptyState/EmptyState';
import { testIds } from '../components/testIds';

function Executive() {
  return (
    <PluginPage>
      <div data-testid={testIds.pages.executive}>
        <EmptyState
          docsAnchor="executive-kpis"
          description="Business and reliability KPIs: availability, SLA compliance, incident counts, MTTR and revenue at risk, each with its target and trend."
          requirement="KPIs appear once KPI queries are defined and incidents or SLOs exist."
        />
      </div>
    </PluginPage>
  );
}

export default Executive;
