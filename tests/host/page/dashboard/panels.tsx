import React, { useEffect, useLayoutEffect, useRef } from 'react';
import {
  applyFieldOverrides,
  ApplyFieldOverrideOptions,
  DataFrame,
  FieldConfigOptionsRegistry,
  FieldConfigPropertyItem,
  FieldType,
  getFieldDisplayValues,
  GrafanaTheme2,
  InterpolateFunction,
  ReduceDataOptions,
  standardFieldConfigEditorRegistry,
  TimeRange,
  createDataFrame,
  FieldColorModeId,
  type FieldColor,
} from '@grafana/data';
import { LegendDisplayMode, VizOrientation } from '@grafana/schema';
import {
  BarGauge,
  BarGaugeDisplayMode,
  BigValue,
  BigValueColorMode,
  BigValueGraphMode,
  BigValueTextMode,
  TimeSeries,
  UPlotConfigBuilder,
} from '@grafana/ui';
import { TableNG } from '@grafana/ui/unstable';
import { TIMESERIES_CUSTOM_DEFAULTS } from '../timeseriesDefaults';
import type { PanelModel } from './model';

type FieldConfigSource = { defaults: Record<string, unknown>; overrides: never[] };

/**
 * Grafana's app fills the field config registry at start (standard options: unit, decimals, thresholds, color…, and
 * each panel plugin's custom options); @grafana/data ships it empty, and applyFieldOverrides skips any default or
 * override it finds no item for. The host registers one pass-through item per option the panel uses.
 */
function registryFor(source: FieldConfigSource): FieldConfigOptionsRegistry {
  const ids = new Set<string>();
  for (const key of Object.keys(source.defaults)) {
    if (key !== 'custom') {
      ids.add(key);
    }
  }
  for (const key of Object.keys((source.defaults.custom ?? {}) as object)) {
    ids.add(`custom.${key}`);
  }
  for (const override of source.overrides as Array<{ properties?: Array<{ id: string }> }>) {
    for (const property of override.properties ?? []) {
      ids.add(property.id);
    }
  }
  const items = [...ids].map((id): FieldConfigPropertyItem => {
    const isCustom = id.startsWith('custom.');
    const path = isCustom ? id.slice('custom.'.length) : id;
    return {
      id,
      path,
      name: path,
      isCustom,
      process: (value: unknown) => value,
      shouldApply: () => true,
      override: () => null,
      editor: () => null,
    };
  });
  return new FieldConfigOptionsRegistry(() => [
    ...standardFieldConfigEditorRegistry.list(),
    ...items.filter((i) => !standardFieldConfigEditorRegistry.getIfExists(i.id)),
  ]);
}

/** Applies the panel's fieldConfig (defaults + overrides) to the frames, as PanelQueryRunner does for a panel. */
export function withFieldConfig(
  panel: PanelModel,
  frames: DataFrame[],
  theme: GrafanaTheme2,
  replaceVariables: InterpolateFunction
): DataFrame[] {
  const panelDefaults = (panel.fieldConfig?.defaults ?? {}) as Record<string, unknown>;
  const isTimeseries = panel.type === 'timeseries';
  const defaults = {
    ...panelDefaults,
    color: panelDefaults.color ?? {
      mode: isTimeseries ? FieldColorModeId.PaletteClassic : FieldColorModeId.Thresholds,
    },
    custom: isTimeseries
      ? { ...TIMESERIES_CUSTOM_DEFAULTS, ...(panelDefaults.custom as object) }
      : (panelDefaults.custom ?? {}),
  };
  const source = { defaults, overrides: (panel.fieldConfig?.overrides ?? []) as never[] };
  // Like the panel plugin's defaults in Grafana: fill what the datasource left unset on each field (color, custom.*).
  const prepared = frames.map((frame) => ({
    ...frame,
    fields: frame.fields.map((field) => ({
      ...field,
      config: {
        ...field.config,
        color: field.config.color ?? (defaults.color as FieldColor),
        custom: { ...(defaults.custom as object), ...field.config.custom },
      },
    })),
  }));
  return applyFieldOverrides({
    data: prepared,
    fieldConfig: source as unknown as ApplyFieldOverrideOptions['fieldConfig'],
    fieldConfigRegistry: registryFor(source),
    replaceVariables,
    theme,
    timeZone: 'utc',
  });
}

export interface AnnotationMark {
  time: number;
  timeEnd?: number;
  text: string;
  color: string;
}

/** Annotation frames (time, timeEnd?, text/title, color?) → marks, as Grafana's annotation layer reads them. */
export function annotationMarks(frames: DataFrame[], fallbackColor: string): AnnotationMark[] {
  const marks: AnnotationMark[] = [];
  for (const frame of frames) {
    const field = (name: string) => frame.fields.find((f) => f.name === name)?.values;
    const time = field('time') ?? frame.fields.find((f) => f.type === FieldType.time)?.values;
    if (!time) {
      continue;
    }
    const timeEnd = field('timeEnd');
    const text = field('text') ?? field('title');
    const color = field('color');
    for (let i = 0; i < time.length; i++) {
      marks.push({
        time: Number(time[i]),
        timeEnd: timeEnd?.[i] != null ? Number(timeEnd[i]) : undefined,
        text: String(text?.[i] ?? ''),
        color: String(color?.[i] ?? fallbackColor),
      });
    }
  }
  return marks;
}

/**
 * Draws annotations over the plot as Grafana does: a region band for time…timeEnd, a dashed line for a point.
 * As Grafana's annotation plugins: the draw hook is added in a layout effect (before uPlot is created from the
 * config), reads the current marks from a ref, and the plot is redrawn when the marks change.
 */
function AnnotationLayer({
  config,
  marks,
  theme,
}: {
  config: UPlotConfigBuilder;
  marks: AnnotationMark[];
  theme: GrafanaTheme2;
}) {
  const marksRef = useRef(marks);
  const plotRef = useRef<{ redraw(): void }>();
  useLayoutEffect(() => {
    config.addHook('init', (u) => {
      plotRef.current = u;
    });
    config.addHook('draw', (u) => {
      plotRef.current = u;
      const ctx = u.ctx;
      ctx.save();
      for (const mark of marksRef.current) {
        const color = theme.visualization.getColorByName(mark.color);
        const x0 = u.valToPos(mark.time, 'x', true);
        ctx.fillStyle = color;
        ctx.strokeStyle = color;
        if (mark.timeEnd !== undefined && mark.timeEnd > mark.time) {
          const x1 = u.valToPos(mark.timeEnd, 'x', true);
          ctx.globalAlpha = 0.15;
          ctx.fillRect(x0, u.bbox.top, Math.max(x1 - x0, 2), u.bbox.height);
        } else {
          ctx.globalAlpha = 0.8;
          ctx.setLineDash([4, 4]);
          ctx.beginPath();
          ctx.moveTo(x0, u.bbox.top);
          ctx.lineTo(x0, u.bbox.top + u.bbox.height);
          ctx.stroke();
          ctx.setLineDash([]);
        }
        ctx.globalAlpha = 0.9;
        ctx.fillRect(
          x0 - 2 * devicePixelRatio,
          u.bbox.top + u.bbox.height - 4 * devicePixelRatio,
          4 * devicePixelRatio,
          4 * devicePixelRatio
        );
      }
      ctx.restore();
    });
  }, [config, theme]);
  useEffect(() => {
    marksRef.current = marks;
    plotRef.current?.redraw();
  }, [marks]);
  return null;
}

export interface PanelBodyProps {
  panel: PanelModel;
  frames: DataFrame[];
  marks: AnnotationMark[];
  width: number;
  height: number;
  range: TimeRange;
  theme: GrafanaTheme2;
  replaceVariables: InterpolateFunction;
}

export function TimeSeriesBody({
  panel,
  frames,
  marks,
  width,
  height,
  range,
  theme,
  replaceVariables,
}: PanelBodyProps) {
  const series = withFieldConfig(panel, frames, theme, replaceVariables);
  const legend = (panel.options?.legend ?? {}) as {
    showLegend?: boolean;
    displayMode?: LegendDisplayMode;
    placement?: 'bottom' | 'right';
    calcs?: string[];
  };
  return (
    <TimeSeries
      frames={series}
      width={width}
      height={height}
      timeRange={range}
      timeZone="utc"
      legend={{
        showLegend: legend.showLegend ?? true,
        displayMode: legend.displayMode ?? LegendDisplayMode.List,
        placement: legend.placement ?? 'bottom',
        calcs: legend.calcs ?? [],
      }}
    >
      {(config) => <AnnotationLayer config={config} marks={marks} theme={theme} />}
    </TimeSeries>
  );
}

const DEFAULT_REDUCE: ReduceDataOptions = { calcs: ['lastNotNull'], values: false, fields: '' };

function displayValues({ panel, frames, theme, replaceVariables }: PanelBodyProps) {
  const fieldConfig = {
    defaults: panel.fieldConfig?.defaults ?? {},
    overrides: (panel.fieldConfig?.overrides ?? []) as never[],
  };
  const data = withFieldConfig(panel, frames, theme, replaceVariables);
  return getFieldDisplayValues({
    data,
    fieldConfig,
    reduceOptions: { ...DEFAULT_REDUCE, ...(panel.options?.reduceOptions as object) },
    replaceVariables,
    theme,
    timeZone: 'utc',
    sparkline: panel.type === 'stat' && panel.options?.graphMode !== 'none',
  });
}

/** Splits the panel area among the values the way the stat/gauge panels' VizRepeater does (auto: side by side). */
function tile(count: number, width: number, height: number, vertical: boolean) {
  return vertical ? { w: width, h: height / count } : { w: width / count, h: height };
}

export function StatBody(props: PanelBodyProps) {
  const values = displayValues(props);
  const options = props.panel.options ?? {};
  const size = tile(values.length, props.width, props.height, props.width < props.height);
  return (
    <div
      style={{ display: 'flex', flexDirection: props.width < props.height ? 'column' : 'row' }}
      // what the panel shows, for tests: the reduced numbers and their formatted text
      data-values={JSON.stringify(values.map((v) => v.display.numeric))}
      data-display={JSON.stringify(
        values.map((v) => `${v.display.prefix ?? ''}${v.display.text}${v.display.suffix ?? ''}`)
      )}
    >
      {values.map((value, i) => (
        <BigValue
          key={i}
          theme={props.theme}
          value={value.display}
          sparkline={value.sparkline}
          width={size.w}
          height={size.h}
          colorMode={(options.colorMode as BigValueColorMode) ?? BigValueColorMode.Value}
          graphMode={(options.graphMode as BigValueGraphMode) ?? BigValueGraphMode.Area}
          textMode={(options.textMode as BigValueTextMode) ?? BigValueTextMode.Auto}
          count={values.length}
        />
      ))}
    </div>
  );
}

export function BarGaugeBody(props: PanelBodyProps) {
  const values = displayValues(props);
  const horizontal =
    props.panel.options?.orientation === 'horizontal' ||
    (props.panel.type === 'bargauge' && props.width > props.height);
  const size = tile(values.length, props.width, props.height, horizontal);
  return (
    <div style={{ display: 'flex', flexDirection: horizontal ? 'column' : 'row' }}>
      {values.map((value, i) => (
        <BarGauge
          key={i}
          theme={props.theme}
          value={value.display}
          field={value.field}
          display={value.colIndex !== undefined ? value.view?.getFieldDisplayProcessor(value.colIndex) : undefined}
          width={size.w}
          height={size.h}
          orientation={horizontal ? VizOrientation.Horizontal : VizOrientation.Vertical}
          displayMode={(props.panel.options?.displayMode as BarGaugeDisplayMode) ?? BarGaugeDisplayMode.Gradient}
        />
      ))}
    </div>
  );
}

/**
 * A table of what the queries returned. Several series (Prometheus answers one frame per series) become one row
 * per series — its labels and last value — as Prometheus' "table" format does; a single frame is shown as it is.
 */
export function tableFrame(frames: DataFrame[]): DataFrame | undefined {
  if (frames.length <= 1) {
    return frames[0];
  }
  const rows = frames.map((frame) => {
    const value = frame.fields.find((f) => f.type === FieldType.number);
    const time = frame.fields.find((f) => f.type === FieldType.time);
    const last = (value?.values.length ?? 0) - 1;
    return {
      labels: value?.labels ?? {},
      time: last >= 0 ? time?.values[last] : undefined,
      value: last >= 0 ? value?.values[last] : undefined,
    };
  });
  const names = [...new Set(rows.flatMap((row) => Object.keys(row.labels)))].sort();
  return createDataFrame({
    fields: [
      { name: 'Time', type: FieldType.time, values: rows.map((r) => r.time) },
      ...names.map((name) => ({ name, type: FieldType.string, values: rows.map((r) => r.labels[name] ?? '') })),
      { name: 'Value', type: FieldType.number, values: rows.map((r) => r.value) },
    ],
  });
}

export function TableBody(props: PanelBodyProps) {
  const frame = tableFrame(props.frames);
  if (!frame) {
    return null;
  }
  const [data] = withFieldConfig(props.panel, [frame], props.theme, props.replaceVariables);
  // Grafana 12+ renders the table panel with TableNG (the tableNextGen toggle is on by default).
  return <TableNG data={data} width={props.width} height={props.height} />;
}

/** Panel types rendered with a real @grafana/ui component; anything else gets a note, never made-up data. */
export const PANEL_BODIES: Record<string, (props: PanelBodyProps) => React.ReactElement | null> = {
  timeseries: TimeSeriesBody,
  stat: StatBody,
  gauge: BarGaugeBody,
  bargauge: BarGaugeBody,
  table: TableBody,
};
