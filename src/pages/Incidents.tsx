import React, { useCallback, useEffect, useState } from 'react';
import { Route, Routes, useParams } from 'react-router-dom';
import { PluginPage } from '@grafana/runtime';
import { Alert, LinkButton, LoadingPlaceholder, Stack } from '@grafana/ui';
import { EmptyState } from '../components/EmptyState/EmptyState';
import { testIds } from '../components/testIds';
import { IncidentDetail, type IncidentUserAction } from '../components/IncidentDetail/IncidentDetail';
import { IncidentKpis } from '../components/IncidentKpis/IncidentKpis';
import { IncidentList, PAGE_SIZE } from '../components/IncidentList/IncidentList';
import {
  incidentApi,
  type IncidentDetailResponse,
  type IncidentFilters,
  type IncidentKpiResponse,
  type IncidentListResponse,
} from '../components/IncidentShared/incidentApi';
import { formatTime } from '../components/IncidentShared/format';
import { incidentTestIds } from '../components/IncidentShared/testIds';
import { prefixRoute } from '../utils/utils.routing';

/** Live refresh of the list and the open detail (the backend correlates as webhooks arrive). */
export const REFRESH_MS = 15_000;

/** Loads on every `key` change and every `refreshMs`; an answer for an older key never shows. */
function usePolled<T>(load: () => Promise<T>, key: string, refreshMs: number) {
  const [state, setState] = useState<{ key?: string; data?: T; error?: string; at?: number }>({});
  const [tick, setTick] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => setTick((t) => t + 1), refreshMs);
    return () => clearInterval(timer);
  }, [refreshMs]);
  useEffect(() => {
    let live = true;
    load().then(
      (data) => live && setState({ key, data, at: Date.now() }),
      (err: Error) => live && setState((previous) => ({ ...previous, key, error: err.message }))
    );
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { ...(state.key === key ? state : {}), reload };
}

const ACTIVE: IncidentFilters = {
  status: ['open', 'acknowledged'],
  sort: 'priority',
  order: 'desc',
  limit: PAGE_SIZE,
  offset: 0,
};

function ListView() {
  const [filters, setFilters] = useState<IncidentFilters>(ACTIVE);
  const list = usePolled<IncidentListResponse>(() => incidentApi.list(filters), JSON.stringify(filters), REFRESH_MS);
  const kpis = usePolled<IncidentKpiResponse>(incidentApi.kpis, 'kpis', REFRESH_MS);
  const everything = usePolled<IncidentListResponse>(() => incidentApi.list({ limit: 1 }), 'any', REFRESH_MS);

  if (list.error && !list.data) {
    return (
      <Alert severity="error" title="Could not load incidents">
        {list.error}
      </Alert>
    );
  }
  if (!list.data || !everything.data) {
    return <LoadingPlaceholder text="Loading incidents…" />;
  }
  if (everything.data.total === 0) {
    return (
      <EmptyState
        docsAnchor="incidents"
        description="Alerts from Grafana Alerting and Alertmanager, grouped into incidents with priority, status, affected services and MTTA/MTTR figures."
        requirement="Incidents appear once the Foresight backend is configured and your alerting sends its webhooks to it."
      />
    );
  }
  return (
    <Stack direction="column" gap={2}>
      {kpis.data && (
        <IncidentKpis
          kpis={kpis.data.kpis}
          periodLabel={`Incidents that started ${formatTime(kpis.data.from)} – ${formatTime(kpis.data.to)}: ${kpis.data.incidents} incidents from ${kpis.data.distinctAlerts} distinct alerts.`}
        />
      )}
      {list.error && (
        <Alert severity="warning" title="Refresh failed; showing the last answer">
          {list.error}
        </Alert>
      )}
      <IncidentList
        items={list.data.items}
        total={list.data.total}
        filters={filters}
        onFiltersChange={setFilters}
        now={list.at ?? 0}
      />
      <div data-testid={incidentTestIds.list.refreshed}>
        <small>
          Updated {formatTime(list.at)} · refreshes every {REFRESH_MS / 1000} s
        </small>
      </div>
    </Stack>
  );
}

function DetailView() {
  const { id = '' } = useParams();
  const detail = usePolled<IncidentDetailResponse>(() => incidentApi.get(id), id, REFRESH_MS);
  const onAction = async (action: IncidentUserAction) => {
    switch (action.kind) {
      case 'acknowledge':
        await incidentApi.acknowledge(id);
        break;
      case 'resolve':
        await incidentApi.resolve(id);
        break;
      case 'reopen':
        await incidentApi.reopen(id);
        break;
      case 'merge':
        await incidentApi.merge(id, action.into);
        break;
      case 'note':
        await incidentApi.note(id, action.text);
        break;
      case 'feedback':
        await incidentApi.feedback(id, action.label);
        break;
    }
    detail.reload();
  };
  if (detail.error && !detail.data) {
    return (
      <Alert severity="error" title={`Could not load incident ${id}`}>
        {detail.error}
      </Alert>
    );
  }
  if (!detail.data) {
    return <LoadingPlaceholder text="Loading incident…" />;
  }
  return (
    <Stack direction="column" gap={2}>
      <div>
        <LinkButton variant="secondary" fill="text" icon="arrow-left" href={prefixRoute('incidents')}>
          All incidents
        </LinkButton>
      </div>
      <IncidentDetail detail={detail.data} onAction={onAction} now={detail.at ?? 0} />
    </Stack>
  );
}

function Incidents() {
  return (
    <PluginPage>
      <div data-testid={testIds.pages.incidents}>
        <Routes>
          <Route index element={<ListView />} />
          <Route path=":id" element={<DetailView />} />
        </Routes>
      </div>
    </PluginPage>
  );
}

export default Incidents;
