import React, { ComponentType, useEffect, useMemo, useRef, useState } from 'react';
import { css } from '@emotion/css';
import {
  applyFieldOverrides,
  DataFrame,
  DataQueryRequest,
  DataQueryResponse,
  DataSourceApi,
  DataTopic,
  dateTime,
  FieldColorModeId,
  GrafanaTheme2,
  LoadingState,
  TimeRange,
} from '@grafana/data';
import { getDataSourceSrv } from '@grafana/runtime';
import { DataQuery, LegendDisplayMode } from '@grafana/schema';
import { Alert, PanelChrome, TimeSeries, UPlotConfigBuilder, useStyles2, useTheme2 } from '@grafana/ui';
import { lastValueFrom } from 'rxjs';
import { useMeasure } from 'react-use';
import { TIMESERIES_CUSTOM_DEFAULTS } from '../timeseriesDefaults';
import type { HostView } from './index';

/** The panel's time range: fixed, so the screenshot and the test see the same data on every run. */
const END = Date.UTC(2026, 10, 22, 12, 0, 0);
const HOURS = 6;
const MIN = 60_000;

/** Field defaults the time series panel plugin would supply (Grafana's timeseries fieldConfig defaults). */
const TIMESERIES_DEFAULTS = {
  color: { mode: FieldColorModeId.PaletteClassic },
  custom: TIMESERIES_CUSTOM_DEFAULTS,
};

/**
 * Grafana merges the panel plugin's field defaults through its option registry, which only Grafana's app fills;
 * the host merges them here the same way (field config wins, defaults fill the gaps).
 */
function withPanelDefaults(frame: DataFrame): DataFrame {
  return {
    ...frame,
    fields: frame.fields.map((field) => ({
      ...field,
      config: {
        ...field.config,
        color: field.config.color ?? TIMESERIES_DEFAULTS.color,
        custom: { ...TIMESERIES_DEFAULTS.custom, ...field.config.custom },
      },
    })),
  };
}

const detectorOf = (query: Record<string, unknown>) =>
  (query.detector ?? {}) as { kind?: string; trainingRange?: string };

interface Run {
  series: DataFrame[];
  annotations: DataFrame[];
  elapsedMs: number;
  errors: string[];
}

function params() {
  const search = new URLSearchParams(window.location.search);
  return {
    seriesCount: Number(search.get('series') ?? '3'),
    kind: search.get('kind') ?? 'robust',
    training: search.get('training') ?? '4x',
    showEditor: search.get('editor') === '1',
  };
}

/** The panel's overlay query: TestData's random walk with two injected deviations, wrapped by the overlay. */
function initialQuery({ seriesCount, kind, training }: ReturnType<typeof params>): DataQuery & Record<string, unknown> {
  return {
    refId: 'A',
    datasource: { uid: 'foresight-anomalies', type: 'foresight-aiops-datasource' },
    source: { uid: 'testdata', type: 'grafana-testdata-datasource' },
    inner: {
      refId: 'A',
      scenarioId: 'random_walk',
      seriesCount,
      startValue: 100,
      spread: 1.5,
      noise: 1,
      labels: 'instance=host-$seriesIndex',
      seed: 7,
      anomalies: [
        { at: 0.8, add: 25, points: 3 },
        { at: 0.93, add: -30, points: 2 },
      ],
    },
    detector: { kind, sensitivity: 0.5, trainingRange: training, seasonality: 'auto' },
  };
}

/** Draws each annotation region (time … timeEnd) as a translucent band over the plot, as Grafana's panel does. */
function AnomalyRegions({
  config,
  regions,
  theme,
}: {
  config: UPlotConfigBuilder;
  regions: DataFrame[];
  theme: GrafanaTheme2;
}) {
  useEffect(() => {
    config.addHook('draw', (u) => {
      const ctx = u.ctx;
      ctx.save();
      for (const frame of regions) {
        const time = frame.fields.find((f) => f.name === 'time')?.values ?? [];
        const timeEnd = frame.fields.find((f) => f.name === 'timeEnd')?.values ?? [];
        const color = frame.fields.find((f) => f.name === 'color')?.values ?? [];
        for (let i = 0; i < time.length; i++) {
          const x0 = u.valToPos(time[i], 'x', true);
          const x1 = u.valToPos(timeEnd[i] ?? time[i], 'x', true);
          const width = Math.max(x1 - x0, 3 * devicePixelRatio);
          ctx.fillStyle = theme.visualization.getColorByName(color[i] ?? 'red');
          ctx.globalAlpha = 0.18;
          ctx.fillRect(x0 - (x1 === x0 ? width / 2 : 0), u.bbox.top, width, u.bbox.height);
          ctx.globalAlpha = 0.9;
          ctx.fillRect(
            x0 - (x1 === x0 ? width / 2 : 0),
            u.bbox.top + u.bbox.height - 4 * devicePixelRatio,
            width,
            4 * devicePixelRatio
          );
        }
      }
      ctx.restore();
    });
  }, [config, regions, theme]);
  return null;
}

/**
 * A panel-like view: runs a query through the BUILT overlay datasource (uid foresight-anomalies) wrapping the host's
 * TestData, then renders the frames with @grafana/ui's TimeSeries inside PanelChrome — series, band (fillBelowTo),
 * red anomaly markers — with the annotation regions drawn over the plot and listed below it.
 */
function OverlayPanelView() {
  const styles = useStyles2(getStyles);
  const theme = useTheme2();
  const [measureRef, { width: measuredWidth }] = useMeasure<HTMLDivElement>();
  const width = Math.max(320, measuredWidth);
  const options = useMemo(params, []);
  const [overlay, setOverlay] = useState<DataSourceApi>();
  const [query, setQuery] = useState(() => initialQuery(options));
  const queryRef = useRef(query);
  const [runId, setRunId] = useState(0);
  const [run, setRun] = useState<Run>();
  const [error, setError] = useState<string>();
  const range: TimeRange = useMemo(() => {
    const from = dateTime(END - HOURS * 60 * MIN);
    const to = dateTime(END);
    return { from, to, raw: { from, to } };
  }, []);

  useEffect(() => {
    getDataSourceSrv()
      .get({ uid: 'foresight-anomalies' })
      .then(setOverlay)
      .catch((e) => setError(e instanceof Error ? e.message : String(e)));
  }, []);

  // Runs the current query on load and whenever the query editor asks (onRunQuery), like a panel in edit mode.
  useEffect(() => {
    if (!overlay) {
      return;
    }
    let cancelled = false;
    (async () => {
      const request: DataQueryRequest = {
        requestId: `host-overlay-${runId}`,
        app: 'dashboard',
        interval: '1m',
        intervalMs: MIN,
        maxDataPoints: HOURS * 60,
        range,
        scopedVars: { __interval: { text: '1m', value: '1m' }, __interval_ms: { text: String(MIN), value: MIN } },
        timezone: 'utc',
        startTime: Date.now(),
        targets: [queryRef.current],
      };
      const started = performance.now();
      const response: DataQueryResponse = await lastValueFrom(overlay.query(request) as never);
      const elapsedMs = performance.now() - started;
      // What Grafana's runRequest does: frames with the annotations data topic go to panelData.annotations.
      const frames = response.data as DataFrame[];
      const annotations = frames.filter((f) => f.meta?.dataTopic === DataTopic.Annotations);
      const series = applyFieldOverrides({
        data: frames.filter((f) => f.meta?.dataTopic !== DataTopic.Annotations).map(withPanelDefaults),
        fieldConfig: { defaults: TIMESERIES_DEFAULTS, overrides: [] },
        replaceVariables: (value) => value,
        theme,
        timeZone: 'utc',
      });
      const errors = (response.errors ?? []).map((e) => e.message ?? 'error');
      if (!cancelled) {
        setRun({ series, annotations, elapsedMs, errors: response.state === LoadingState.Error ? errors : [] });
      }
    })().catch((e) => !cancelled && setError(e instanceof Error ? e.message : String(e)));
    return () => {
      cancelled = true;
    };
  }, [overlay, runId, range, theme]);

  const Editor = overlay?.components?.QueryEditor as ComponentType<Record<string, unknown>> | undefined;
  const texts =
    run?.annotations.flatMap((f) => (f.fields.find((x) => x.name === 'text')?.values ?? []) as string[]) ?? [];
  const bands = run?.series.filter((f) => f.fields.some((x) => x.name === 'upper')).length ?? 0;

  return (
    <div className={styles.page} ref={measureRef}>
      {error && <Alert title={error} severity="error" />}
      {run?.errors.map((e) => (
        <Alert key={e} title={e} severity="error" />
      ))}
      <PanelChrome
        title={`Random walk · Foresight anomalies (${detectorOf(query).kind}, training ${detectorOf(query).trainingRange})`}
        width={width}
        height={440}
        loadingState={run ? LoadingState.Done : LoadingState.Loading}
      >
        {(innerWidth, innerHeight) =>
          run && run.series.length === 0 ? (
            <div className={styles.noData}>No data</div>
          ) : run ? (
            <TimeSeries
              frames={run.series}
              width={innerWidth}
              height={innerHeight}
              timeRange={range}
              timeZone="utc"
              legend={{ showLegend: true, displayMode: LegendDisplayMode.List, placement: 'bottom', calcs: [] }}
            >
              {(config) => <AnomalyRegions config={config} regions={run.annotations} theme={theme} />}
            </TimeSeries>
          ) : null
        }
      </PanelChrome>
      {run && (
        <div data-testid="overlay-summary" className={styles.summary}>
          {`${run.series.length - bands} series · ${bands} bands · ${texts.length} anomalies · ${run.elapsedMs.toFixed(0)} ms`}
        </div>
      )}
      {options.showEditor && overlay && Editor && (
        <div data-testid="overlay-query-editor" className={styles.editor}>
          <Editor
            datasource={overlay}
            query={query}
            range={range}
            onChange={(next: DataQuery & Record<string, unknown>) => {
              queryRef.current = next;
              setQuery(next);
            }}
            onRunQuery={() => setRunId((n) => n + 1)}
          />
        </div>
      )}
      <ul data-testid="overlay-anomalies" className={styles.list}>
        {texts.map((text, i) => (
          <li key={i}>{text}</li>
        ))}
      </ul>
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  page: css({ padding: theme.spacing(2), display: 'flex', flexDirection: 'column', gap: theme.spacing(1) }),
  summary: css({ color: theme.colors.text.secondary, fontSize: theme.typography.bodySmall.fontSize }),
  editor: css({
    border: `1px solid ${theme.colors.border.weak}`,
    borderRadius: theme.shape.radius.default,
    padding: theme.spacing(2),
    background: theme.colors.background.primary,
  }),
  noData: css({
    display: 'flex',
    height: '100%',
    alignItems: 'center',
    justifyContent: 'center',
    color: theme.colors.text.secondary,
  }),
  list: css({
    color: theme.colors.text.secondary,
    fontSize: theme.typography.bodySmall.fontSize,
    paddingLeft: theme.spacing(2),
  }),
});

export const overlayView: HostView = { path: 'overlay', title: 'Anomaly overlay', component: OverlayPanelView };
