import React, { useCallback, useEffect, useState } from 'react';
import { Route, Routes, useNavigate, useParams } from 'react-router-dom';
import { PluginPage } from '@grafana/runtime';
import { Alert, LinkButton, LoadingPlaceholder, Stack } from '@grafana/ui';
import { EmptyState } from '../components/EmptyState/EmptyState';
import { testIds } from '../components/testIds';
import { SloDetail } from '../components/SloDetail/SloDetail';
import { NEW_SLO_TEMPLATE, SloForm } from '../components/SloForm/SloForm';
import { SloList } from '../components/SloList/SloList';
import {
  sloApi,
  sloHistoryApi,
  type SloDetailResponse,
  type SloHistoryResponse,
  type SloListResponse,
} from '../components/SloShared/sloApi';
import { toNativeYaml } from '../engine/slo/nativeFormat';
import type { SloSpec } from '../engine/slo/types';
import { prefixRoute } from '../utils/utils.routing';

/** Loads once per `key` change; results of an older key are ignored, so a stale answer never shows. */
function useLoad<T>(load: () => Promise<T>, key: string): { data?: T; error?: string } {
  const [state, setState] = useState<{ key?: string; data?: T; error?: string }>({});
  useEffect(() => {
    let live = true;
    load().then(
      (data) => live && setState({ key, data }),
      (err: Error) => live && setState({ key, error: err.message })
    );
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);
  return state.key === key ? state : {};
}

function ListView() {
  const { data, error } = useLoad<SloListResponse>(sloApi.list, 'list');
  if (error) {
    return (
      <Alert severity="error" title="Could not load SLOs">
        {error}
      </Alert>
    );
  }
  if (!data) {
    return <LoadingPlaceholder text="Loading SLOs…" />;
  }
  if (data.slos.length === 0) {
    return (
      <Stack direction="column" gap={2}>
        <EmptyState
          docsAnchor="slos"
          description="Your SLOs with objective, current SLI, error budget remaining, burn rate per window and alert state."
          requirement="SLOs appear once you define them (YAML, Sloth or OpenSLO import) and the backend can query Prometheus."
        />
        <div>
          <LinkButton icon="plus" href={prefixRoute('slos/new')}>
            New SLO
          </LinkButton>
        </div>
      </Stack>
    );
  }
  return <SloList items={data.slos} evaluation={data.evaluation} />;
}

function DetailView() {
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const { data, error } = useLoad<SloDetailResponse>(() => sloApi.get(id), id);
  const history = useLoad<SloHistoryResponse>(() => sloHistoryApi.get(id), `history-${id}`);
  const [deleteError, setDeleteError] = useState<string>();
  if (error) {
    return (
      <Alert severity="error" title={`Could not load SLO ${id}`}>
        {error}
      </Alert>
    );
  }
  if (!data) {
    return <LoadingPlaceholder text="Loading SLO…" />;
  }
  const remove = () =>
    sloApi.remove(id).then(
      () => navigate(prefixRoute('slos')),
      (err: Error) => setDeleteError(err.message)
    );
  return (
    <>
      {deleteError && (
        <Alert severity="error" title="Not deleted">
          {deleteError}
        </Alert>
      )}
      <SloDetail detail={data} history={history.error ?? history.data} onDelete={remove} />
    </>
  );
}

function FormView({ mode }: { mode: 'create' | 'edit' }) {
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const existing = useLoad<SloDetailResponse | null>(
    () => (mode === 'edit' ? sloApi.get(id) : Promise.resolve(null)),
    `${mode}-${id}`
  );
  const preview = useCallback((spec: SloSpec) => sloApi.preview(spec).then((answer) => answer.statuses), []);
  if (mode === 'edit' && existing.error) {
    return (
      <Alert severity="error" title={`Could not load SLO ${id}`}>
        {existing.error}
      </Alert>
    );
  }
  if (mode === 'edit' && !existing.data) {
    return <LoadingPlaceholder text="Loading SLO…" />;
  }
  const save = async (specs: SloSpec[], yaml: string) => {
    if (mode === 'edit') {
      await sloApi.update({ ...specs[0], id });
      navigate(prefixRoute(`slos/${id}`));
    } else {
      await sloApi.importYaml(yaml);
      navigate(specs.length === 1 ? prefixRoute(`slos/${specs[0].id}`) : prefixRoute('slos'));
    }
  };
  const initial = mode === 'edit' && existing.data ? toNativeYaml([existing.data.spec]) : NEW_SLO_TEMPLATE;
  return <SloForm initialYaml={initial} mode={mode} onSave={save} onPreview={preview} />;
}

function Slos() {
  return (
    <PluginPage>
      <div data-testid={testIds.pages.slos}>
        <Routes>
          <Route index element={<ListView />} />
          <Route path="new" element={<FormView mode="create" />} />
          <Route path=":id/edit" element={<FormView mode="edit" />} />
          <Route path=":id" element={<DetailView />} />
        </Routes>
      </div>
    </PluginPage>
  );
}

export default Slos;
