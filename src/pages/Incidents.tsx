import React from 'react';
import { PluginPage } from '@grafana/runtime';
import { EmptyState } from '../components/EmptyState/EmptyState';
import { testIds } from '../components/testIds';

function Incidents() {
  return (
    <PluginPage>
      <div data-testid={testIds.pages.incidents}>
        <EmptyState
          docsAnchor="incidents"
          description="Alerts from Grafana Alerting and Alertmanager, grouped into incidents with priority, status, affected services and MTTA/MTTR figures."
          requirement="Incidents appear once the Foresight backend is configured and your alerting sends its webhooks to it."
        />
      </div>
    </PluginPage>
  );
}

export default Incidents;
