import React, { useEffect, useMemo, useState } from 'react';
import { css } from '@emotion/css';
import {
  DataFrame,
  DataQueryRequest,
  DataQueryResponse,
  DataTopic,
  GrafanaTheme2,
  LoadingState,
  rangeUtil,
  ScopedVars,
  TimeRange,
} from '@grafana/data';
import { getDataSourceSrv, getTemplateSrv } from '@grafana/runtime';
import { Alert, ErrorBoundaryAlert, PanelChrome, useStyles2, useTheme2 } from '@grafana/ui';
import { lastValueFrom } from 'rxjs';
import { useMeasure } from 'react-use';
import {
  GRID_CELL_HEIGHT,
  GRID_COLUMNS,
  GRID_MARGIN,
  initialSelection,
  layoutPanels,
  loadDashboard,
  prometheusScopedVars,
  variableScopedVars,
  type AnnotationModel,
  type DashboardModel,
  type PanelModel,
  type PanelTarget,
  type PlacedPanel,
  type ResolvedVariable,
  type VariableModel,
} from '../dashboard/model';
import { annotationMarks, PANEL_BODIES, type AnnotationMark } from '../dashboard/panels';
import type { HostView } from './index';

interface Params {
  file: string;
  range: TimeRange;
  urlVars: Map<string, string[]>;
}

function readParams(): Params {
  const search = new URLSearchParams(window.location.search);
  const raw = { from: search.get('from') ?? 'now-1h', to: search.get('to') ?? 'now' };
  const urlVars = new Map<string, string[]>();
  for (const [key, value] of search.entries()) {
    if (key.startsWith('var-')) {
      urlVars.set(key.slice(4), [...(urlVars.get(key.slice(4)) ?? []), value]);
    }
  }
  return { file: search.get('file') ?? '', range: rangeUtil.convertRawToRange(raw, 'utc'), urlVars };
}

const queryText = (model: VariableModel) =>
  typeof model.query === 'string' ? model.query : (model.query?.query ?? '');

/** Resolves the variables in order (a later query may use an earlier variable), as Grafana's variable system does. */
async function resolveVariables(dashboard: DashboardModel, params: Params): Promise<ResolvedVariable[]> {
  const resolved: ResolvedVariable[] = [];
  for (const model of dashboard.templating?.list ?? []) {
    let values: string[];
    if (model.type === 'query') {
      const scoped = prometheusScopedVars(variableScopedVars(resolved), resolved);
      const text = getTemplateSrv().replace(queryText(model), scoped);
      const datasource = await getDataSourceSrv().get(model.datasource ?? null);
      if (!datasource.metricFindQuery) {
        throw new Error(`variable "${model.name}": datasource ${datasource.name} cannot run variable queries`);
      }
      const found = await datasource.metricFindQuery(text, { range: params.range, scopedVars: scoped });
      values = found.map((v) => String(v.value ?? v.text));
      if (model.regex) {
        const regex = new RegExp(model.regex.replace(/^\/|\/$/g, ''));
        values = values.filter((v) => regex.test(v));
      }
    } else if (model.type === 'custom') {
      values = queryText(model)
        .split(',')
        .map((v) => v.trim())
        .filter(Boolean);
    } else if (model.type === 'constant' || model.type === 'textbox') {
      values = [queryText(model)];
    } else {
      values = (model.options ?? []).map((o) => o.value);
    }
    values = [...new Set(values)];
    resolved.push({ model, values, ...initialSelection(model, values, params.urlVars.get(model.name) ?? []) });
  }
  return resolved;
}

/** Runs a panel's (or an annotation's) targets through their datasources with a real DataQueryRequest. */
async function runTargets(
  targets: PanelTarget[],
  defaultRef: PanelModel['datasource'],
  request: Omit<DataQueryRequest, 'targets' | 'requestId'>,
  variables: ResolvedVariable[],
  requestId: string
): Promise<{ frames: DataFrame[]; errors: string[] }> {
  const groups = new Map<string, PanelTarget[]>();
  const refs = new Map<string, PanelModel['datasource']>();
  for (const target of targets.filter((t) => !t.hide)) {
    const ref = target.datasource ?? defaultRef ?? null;
    const key = ref?.uid ?? 'default';
    groups.set(key, [...(groups.get(key) ?? []), target]);
    refs.set(key, ref);
  }
  const frames: DataFrame[] = [];
  const errors: string[] = [];
  for (const [key, group] of groups) {
    const datasource = await getDataSourceSrv().get(refs.get(key) ?? null, request.scopedVars);
    // Grafana's Prometheus datasource interpolates multi-value variables as regexes; the host's does not, so a
    // request that reaches Prometheus (directly, or wrapped by the overlay's `source`) carries them pre-formatted.
    const reachesPrometheus =
      datasource.type === 'prometheus' ||
      group.some((t) => (t.source as { type?: string } | undefined)?.type === 'prometheus');
    const scopedVars = reachesPrometheus ? prometheusScopedVars(request.scopedVars, variables) : request.scopedVars;
    const response: DataQueryResponse = await lastValueFrom(
      datasource.query({
        ...request,
        scopedVars,
        targets: group,
        requestId: `${requestId}-${key}`,
      } as DataQueryRequest) as never
    );
    frames.push(...((response.data ?? []) as DataFrame[]));
    for (const error of [response.error, ...(response.errors ?? [])]) {
      if (error) {
        errors.push(error.message ?? 'query error');
      }
    }
  }
  return { frames, errors };
}

function baseRequest(range: TimeRange, maxDataPoints: number, scopedVars: ScopedVars, panelId?: number) {
  const { interval, intervalMs } = rangeUtil.calculateInterval(range, maxDataPoints);
  return {
    app: 'dashboard',
    panelId,
    interval,
    intervalMs,
    maxDataPoints,
    range,
    rangeRaw: range.raw,
    timezone: 'utc',
    startTime: Date.now(),
    scopedVars: {
      ...scopedVars,
      __interval: { text: interval, value: interval },
      __interval_ms: { text: String(intervalMs), value: intervalMs },
    },
  };
}

interface PanelRun {
  frames: DataFrame[];
  marks: AnnotationMark[];
  errors: string[];
}

function DashboardPanel(props: {
  placed: PlacedPanel;
  width: number;
  height: number;
  range: TimeRange;
  variables: ResolvedVariable[];
  dashboardMarks: AnnotationMark[];
}) {
  const { placed, width, height, range, variables, dashboardMarks } = props;
  const { panel } = placed;
  const theme = useTheme2();
  const styles = useStyles2(getStyles);
  const [run, setRun] = useState<PanelRun>();
  const scopedVars = useMemo(
    () => ({ ...variableScopedVars(variables), ...placed.scopedVars }),
    [variables, placed.scopedVars]
  );
  const replaceVariables = useMemo(
    () => (value: string, extra?: ScopedVars) => getTemplateSrv().replace(value, { ...scopedVars, ...extra }),
    [scopedVars]
  );
  const Body = PANEL_BODIES[panel.type];
  // dashboard annotations and the panel's own annotation frames, drawn on time series panels
  const marks = useMemo(
    () => (panel.type === 'timeseries' && run ? [...dashboardMarks, ...run.marks] : []),
    [panel.type, run, dashboardMarks]
  );

  useEffect(() => {
    if (!Body || !panel.targets?.length) {
      return;
    }
    let cancelled = false;
    const request = baseRequest(range, panel.maxDataPoints ?? Math.max(100, Math.round(width)), scopedVars, panel.id);
    runTargets(panel.targets, panel.datasource, request, variables, `panel-${placed.key}`)
      .then(({ frames, errors }) => {
        // What runRequest does: annotation frames go to panelData.annotations, the rest to series.
        const annotations = frames.filter((f) => f.meta?.dataTopic === DataTopic.Annotations);
        const series = frames.filter((f) => f.meta?.dataTopic !== DataTopic.Annotations);
        !cancelled && setRun({ frames: series, marks: annotationMarks(annotations, 'red'), errors });
      })
      .catch(
        (e) => !cancelled && setRun({ frames: [], marks: [], errors: [e instanceof Error ? e.message : String(e)] })
      );
    return () => {
      cancelled = true;
    };
  }, [Body, panel, range, scopedVars, variables, width, placed.key]);

  const title = replaceVariables(panel.title ?? '');
  if (panel.type === 'row') {
    return (
      <div className={styles.row} data-testid="dashboard-row">
        {panel.collapsed ? '▸ ' : '▾ '}
        {title}
      </div>
    );
  }
  const noData = run && run.errors.length === 0 && run.frames.length === 0;
  const state =
    !Body || !panel.targets?.length
      ? 'unsupported'
      : run
        ? run.errors.length
          ? 'error'
          : noData
            ? 'nodata'
            : 'done'
        : 'loading';
  return (
    <div
      data-testid="dashboard-panel"
      data-title={title}
      data-panel-type={panel.type}
      data-state={state}
      data-repeat={Object.entries(placed.scopedVars)
        .map(([name, v]) => `${name}=${v?.value}`)
        .join(',')}
    >
      <PanelChrome
        title={title}
        description={panel.description}
        width={width}
        height={height}
        loadingState={state === 'loading' ? LoadingState.Loading : LoadingState.Done}
        statusMessage={run?.errors.join('; ') || undefined}
      >
        {(innerWidth, innerHeight) =>
          !Body ? (
            <div className={styles.note}>{`panel type ${panel.type} is not rendered by the test host`}</div>
          ) : !panel.targets?.length ? (
            <div className={styles.note}>{`panel has no queries`}</div>
          ) : noData ? (
            <div className={styles.note}>No data</div>
          ) : run && run.frames.length > 0 ? (
            // as Grafana's panel renderer: a panel that throws shows its error, the dashboard stays
            <ErrorBoundaryAlert>
              <Body
                panel={panel}
                frames={run.frames}
                marks={marks}
                width={innerWidth}
                height={innerHeight}
                range={range}
                theme={theme}
                replaceVariables={replaceVariables}
              />
            </ErrorBoundaryAlert>
          ) : null
        }
      </PanelChrome>
    </div>
  );
}

/** Dashboard-level annotation queries (annotations.list), run once with the dashboard's variables. */
async function runAnnotations(
  list: AnnotationModel[],
  range: TimeRange,
  variables: ResolvedVariable[]
): Promise<{ marks: AnnotationMark[]; skipped: string[]; errors: string[] }> {
  const marks: AnnotationMark[] = [];
  const skipped: string[] = [];
  const errors: string[] = [];
  for (const annotation of list) {
    if (annotation.builtIn || annotation.datasource?.uid === '-- Grafana --') {
      skipped.push(`${annotation.name} (built-in Grafana annotations: the host has no annotation store)`);
      continue;
    }
    if (annotation.enable === false) {
      skipped.push(`${annotation.name} (disabled in the dashboard)`);
      continue;
    }
    if (!annotation.target) {
      skipped.push(`${annotation.name} (no target)`);
      continue;
    }
    const request = baseRequest(range, 1000, variableScopedVars(variables));
    const result = await runTargets(
      [annotation.target],
      annotation.datasource,
      request,
      variables,
      `anno-${annotation.name}`
    );
    errors.push(...result.errors.map((e) => `${annotation.name}: ${e}`));
    const frames = result.frames.filter(
      (f) => f.meta?.dataTopic === DataTopic.Annotations || f.fields.some((x) => x.name === 'text')
    );
    marks.push(...annotationMarks(frames, annotation.iconColor ?? 'red'));
  }
  return { marks, skipped, errors };
}

interface Loaded {
  dashboard: DashboardModel;
  variables: ResolvedVariable[];
  placed: PlacedPanel[];
  marks: AnnotationMark[];
  skippedAnnotations: string[];
  annotationErrors: string[];
}

/**
 * A provisioned dashboard (provisioning/dashboards/<file>) rendered in the host: variables resolved through the
 * datasources, rows repeated, panels on Grafana's 24-column grid, each in PanelChrome with a @grafana/ui component.
 */
function DashboardView() {
  const styles = useStyles2(getStyles);
  const params = useMemo(readParams, []);
  const [measureRef, { width: measured }] = useMeasure<HTMLDivElement>();
  const [loaded, setLoaded] = useState<Loaded>();
  const [error, setError] = useState<string>();

  useEffect(() => {
    (async () => {
      const dashboard = await loadDashboard(params.file);
      const variables = await resolveVariables(dashboard, params);
      const placed = layoutPanels(dashboard.panels, variables);
      const annotations = await runAnnotations(dashboard.annotations?.list ?? [], params.range, variables);
      setLoaded({
        dashboard,
        variables,
        placed,
        marks: annotations.marks,
        skippedAnnotations: annotations.skipped,
        annotationErrors: annotations.errors,
      });
    })().catch((e) => setError(e instanceof Error ? e.message : String(e)));
  }, [params]);

  const width = Math.max(600, measured);
  const column = (width + GRID_MARGIN) / GRID_COLUMNS;
  const rows = loaded ? Math.max(0, ...loaded.placed.map((p) => p.gridPos.y + p.gridPos.h)) : 0;

  return (
    <div className={styles.page}>
      <div className={styles.header}>
        <h1 className={styles.title} data-testid="dashboard-title">
          {loaded?.dashboard.title ?? params.file}
        </h1>
        <span className={styles.meta}>
          {`${params.range.raw.from} → ${params.range.raw.to} (UTC)`}
          {loaded?.variables
            .map((v) => ` · ${v.model.name} = ${v.all ? 'All' : v.selected.join(', ') || '(none)'}`)
            .join('')}
        </span>
      </div>
      {error && <Alert title={error} severity="error" data-testid="dashboard-error" />}
      {loaded?.annotationErrors.map((e) => (
        <Alert key={e} title={e} severity="error" />
      ))}
      <div
        ref={measureRef}
        className={styles.grid}
        data-testid="dashboard-grid"
        data-annotations={loaded ? loaded.marks.length : undefined}
        style={{ height: rows * (GRID_CELL_HEIGHT + GRID_MARGIN) }}
      >
        {measured > 0 &&
          loaded?.placed.map((placed) => (
            <div
              key={placed.key}
              className={styles.cell}
              style={{
                left: placed.gridPos.x * column,
                top: placed.gridPos.y * (GRID_CELL_HEIGHT + GRID_MARGIN),
                width: placed.gridPos.w * column - GRID_MARGIN,
              }}
            >
              <DashboardPanel
                placed={placed}
                width={placed.gridPos.w * column - GRID_MARGIN}
                height={placed.gridPos.h * GRID_CELL_HEIGHT + (placed.gridPos.h - 1) * GRID_MARGIN}
                range={params.range}
                variables={loaded.variables}
                dashboardMarks={loaded.marks}
              />
            </div>
          ))}
      </div>
      {loaded && loaded.skippedAnnotations.length > 0 && (
        <div className={styles.meta} data-testid="dashboard-skipped-annotations">
          {`Annotation queries not drawn: ${loaded.skippedAnnotations.join('; ')}`}
        </div>
      )}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  page: css({ padding: theme.spacing(2), display: 'flex', flexDirection: 'column', gap: theme.spacing(1) }),
  header: css({ display: 'flex', alignItems: 'baseline', gap: theme.spacing(2) }),
  title: css({ margin: 0, fontSize: theme.typography.h3.fontSize }),
  meta: css({ color: theme.colors.text.secondary, fontSize: theme.typography.bodySmall.fontSize }),
  grid: css({ position: 'relative', width: '100%' }),
  cell: css({ position: 'absolute' }),
  row: css({
    display: 'flex',
    alignItems: 'center',
    height: GRID_CELL_HEIGHT,
    fontSize: theme.typography.h5.fontSize,
    fontWeight: theme.typography.fontWeightMedium,
    color: theme.colors.text.primary,
  }),
  note: css({
    display: 'flex',
    height: '100%',
    alignItems: 'center',
    justifyContent: 'center',
    color: theme.colors.text.secondary,
    textAlign: 'center',
  }),
});

export const dashboardView: HostView = { path: 'dashboard', title: 'Provisioned dashboard', component: DashboardView };
