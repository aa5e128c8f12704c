import type { DataSourceRef, ScopedVars } from '@grafana/data';

/** The parts of a dashboard JSON model (schemaVersion 39) the host renders. */
export interface GridPos {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface PanelTarget {
  refId: string;
  datasource?: DataSourceRef | null;
  hide?: boolean;
  [key: string]: unknown;
}

export interface PanelModel {
  id?: number;
  type: string;
  title?: string;
  description?: string;
  gridPos: GridPos;
  datasource?: DataSourceRef | null;
  targets?: PanelTarget[];
  fieldConfig?: { defaults?: Record<string, unknown>; overrides?: unknown[] };
  options?: Record<string, unknown>;
  maxDataPoints?: number;
  interval?: string;
  repeat?: string;
  collapsed?: boolean;
  panels?: PanelModel[];
}

export interface VariableModel {
  name: string;
  type: string;
  label?: string;
  datasource?: DataSourceRef | null;
  query?: string | { query?: string };
  regex?: string;
  multi?: boolean;
  includeAll?: boolean;
  allValue?: string | null;
  current?: { value?: string | string[]; text?: string | string[] };
  options?: Array<{ value: string; text: string }>;
}

export interface AnnotationModel {
  name: string;
  enable?: boolean;
  hide?: boolean;
  builtIn?: number;
  iconColor?: string;
  datasource?: DataSourceRef | null;
  target?: PanelTarget;
}

export interface DashboardModel {
  uid?: string;
  title: string;
  panels: PanelModel[];
  templating?: { list: VariableModel[] };
  annotations?: { list: AnnotationModel[] };
  time?: { from: string; to: string };
}

/** A variable after resolution: every value it can take and the ones selected (All = every value). */
export interface ResolvedVariable {
  model: VariableModel;
  values: string[];
  selected: string[];
  all: boolean;
}

/** A panel placed on the grid, with the scopedVars a repeated row gives it. */
export interface PlacedPanel {
  key: string;
  panel: PanelModel;
  gridPos: GridPos;
  scopedVars: ScopedVars;
}

// Grafana's grid: 24 columns, 30 px rows, 8 px margins (public/app/core/constants.ts).
export const GRID_COLUMNS = 24;
export const GRID_CELL_HEIGHT = 30;
export const GRID_MARGIN = 8;

const FILE_NAME = /^[\w-]+\.json$/;

/**
 * Reads a dashboard from provisioning/dashboards/. Only names like `slo-burn-rate.json` are accepted, and the files
 * are bundled by esbuild from that one folder (glob import): no path leaves it.
 */
export async function loadDashboard(file: string): Promise<DashboardModel> {
  if (!FILE_NAME.test(file)) {
    throw new Error(`file must be a dashboard file name like "slo-burn-rate.json", got "${file}"`);
  }
  const base = file.slice(0, -'.json'.length);
  let module: { default?: unknown };
  try {
    module = await import(`../../../../provisioning/dashboards/${base}.json`);
  } catch {
    throw new Error(`no dashboard "${file}" in provisioning/dashboards (as bundled into the host page)`);
  }
  const model = (module.default ?? module) as DashboardModel;
  if (!model || typeof model.title !== 'string' || !Array.isArray(model.panels)) {
    throw new Error(`${file}: not a dashboard model (title and panels[] expected)`);
  }
  return model;
}

/** The value a variable contributes to scopedVars: one string, or every selected value (multi / All). */
export function variableScopedVars(variables: ResolvedVariable[]): ScopedVars {
  const scoped: ScopedVars = {};
  for (const variable of variables) {
    // All with a custom allValue (e.g. ".+") is that text, inserted as written; otherwise All is every value.
    const allValue = variable.all && variable.model.allValue ? variable.model.allValue : undefined;
    const value =
      allValue ?? (variable.selected.length === 1 && !variable.all ? variable.selected[0] : variable.selected);
    scoped[variable.model.name] = { text: variable.all ? 'All' : variable.selected.join(' + '), value };
  }
  return scoped;
}

/**
 * Grafana's Prometheus datasource formats variables this way (interpolateQueryExpr): a variable that is neither multi
 * nor includeAll is inserted as is; otherwise its values are regex-escaped (inside a PromQL string, hence the double
 * backslash), several values as (a|b). The host's templateSrv then inserts these strings unchanged.
 */
export function prometheusScopedVars(scoped: ScopedVars, variables: ResolvedVariable[]): ScopedVars {
  const escapeRegex = (text: string) => text.replace(/[\\^$*+?.()|[\]{}]/g, '\\\\$&');
  const result: ScopedVars = { ...scoped };
  for (const [name, entry] of Object.entries(scoped)) {
    const model = variables.find((v) => v.model.name === name)?.model;
    const customAll = resolvedAll(variables, name) && model?.allValue;
    if (!entry || !model || (!model.multi && !model.includeAll) || (customAll && entry.value === model.allValue)) {
      continue;
    }
    const values = [entry.value].flat().map((v) => escapeRegex(String(v)));
    result[name] = { ...entry, value: values.length === 1 ? values[0] : `(${values.join('|')})` };
  }
  return result;
}

const resolvedAll = (variables: ResolvedVariable[], name: string) =>
  variables.find((v) => v.model.name === name)?.all ?? false;

/**
 * Lays the dashboard out the way Grafana's DashboardModel does on load: panels sorted by position; a row with
 * `repeat` is copied once per selected value of its variable, together with the panels under it (up to the next row),
 * each copy below the previous one and with that value in scopedVars; a collapsed row keeps its panels hidden.
 */
export function layoutPanels(panels: PanelModel[], variables: ResolvedVariable[]): PlacedPanel[] {
  const sorted = [...panels].sort((a, b) => a.gridPos.y - b.gridPos.y || a.gridPos.x - b.gridPos.x);
  const placed: PlacedPanel[] = [];
  let shift = 0;
  let index = 0;
  while (index < sorted.length) {
    const panel = sorted[index];
    if (panel.type !== 'row') {
      placed.push({
        key: `p${panel.id ?? index}`,
        panel,
        gridPos: { ...panel.gridPos, y: panel.gridPos.y + shift },
        scopedVars: {},
      });
      index++;
      continue;
    }
    let end = index + 1;
    while (end < sorted.length && sorted[end].type !== 'row') {
      end++;
    }
    const children = panel.collapsed ? [] : sorted.slice(index + 1, end);
    const bottom = Math.max(panel.gridPos.y + panel.gridPos.h, ...children.map((c) => c.gridPos.y + c.gridPos.h));
    const span = bottom - panel.gridPos.y;
    const variable = panel.repeat ? variables.find((v) => v.model.name === panel.repeat) : undefined;
    if (panel.repeat && !variable) {
      throw new Error(`row "${panel.title ?? ''}" repeats by "${panel.repeat}", which is not a dashboard variable`);
    }
    const copies = variable ? variable.selected : [undefined];
    copies.forEach((value, copy) => {
      const scopedVars: ScopedVars = value === undefined ? {} : { [variable!.model.name]: { text: value, value } };
      const offset = shift + copy * span;
      for (const item of [panel, ...children]) {
        placed.push({
          key: `p${item.id ?? 'x'}-${copy}`,
          panel: item,
          gridPos: { ...item.gridPos, y: item.gridPos.y + offset },
          scopedVars,
        });
      }
    });
    shift += (copies.length - 1) * span;
    index = end;
  }
  return placed;
}

/** The selection a variable starts with: the URL's var-<name> values, else the saved current value, else All / the first. */
export function initialSelection(
  model: VariableModel,
  values: string[],
  fromUrl: string[]
): { selected: string[]; all: boolean } {
  const wanted = fromUrl.length > 0 ? fromUrl : [model.current?.value ?? []].flat().filter((v) => v !== '');
  if (wanted.includes('$__all') || (wanted.length === 0 && model.includeAll)) {
    return { selected: values, all: true };
  }
  if (wanted.length > 0) {
    return { selected: model.multi ? wanted : wanted.slice(0, 1), all: false };
  }
  return { selected: values.slice(0, 1), all: false };
}
