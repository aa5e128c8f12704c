// Evaluates a parsed PromQL expression against the sample store at one instant, with Prometheus 2.x semantics.
import {
  COMPARISON_OPS,
  type BinaryOp,
  type Expr,
  type MatrixSelector,
  PromQLExecutionError,
  type VectorMatching,
  type VectorSelector,
} from './ast';
import type { Labels } from './exposition';
import { bucketQuantile, type Bucket } from './histogramQuantile';
import { dropName, labelsKey } from './labels';
import { matchLabel } from './parser';
import { extrapolatedRate, instantRate, type OverTime, overTime } from './rangeFunctions';
import type { Point, SampleStore, StoredSeries } from './store';

export const LOOKBACK_MS = 5 * 60_000;

export interface InstantSample {
  labels: Labels;
  value: number;
}

export interface RangeSeries {
  labels: Labels;
  points: Point[];
}

export type Value =
  | { kind: 'scalar'; value: number }
  | { kind: 'vector'; samples: InstantSample[] }
  | { kind: 'matrix'; series: RangeSeries[] };

/** Evaluates one query at many instants; caches which stored series each selector matches. */
export class Evaluator {
  private readonly selected = new Map<VectorSelector, StoredSeries[]>();

  constructor(private readonly store: SampleStore) {}

  evaluate(expr: Expr, tMs: number): Value {
    switch (expr.type) {
      case 'number':
        return { kind: 'scalar', value: expr.value };
      case 'paren':
        return this.evaluate(expr.expr, tMs);
      case 'vectorSelector':
        return { kind: 'vector', samples: this.instantSelect(expr, tMs) };
      case 'matrixSelector':
        return { kind: 'matrix', series: this.rangeSelect(expr, tMs).filter((s) => s.points.length > 0) };
      case 'unary': {
        const v = this.evaluate(expr.expr, tMs);
        if (expr.op === '+') {
          return v;
        }
        if (v.kind === 'scalar') {
          return { kind: 'scalar', value: -v.value };
        }
        return vectorResult(asVector(v).map((s) => ({ labels: dropName(s.labels), value: -s.value })));
      }
      case 'aggregate':
        return {
          kind: 'vector',
          samples: aggregate(expr.op, expr.grouping, expr.without, asVector(this.evaluate(expr.expr, tMs))),
        };
      case 'call':
        return this.call(expr.func, expr.args, tMs);
      case 'binary':
        return binary(expr.op, this.evaluate(expr.lhs, tMs), this.evaluate(expr.rhs, tMs), expr.bool, expr.matching);
    }
  }

  private matching(selector: VectorSelector): StoredSeries[] {
    let found = this.selected.get(selector);
    if (!found) {
      found = [];
      for (const s of this.store.series()) {
        if (selector.matchers.every((m) => matchLabel(m, s.labels[m.name] ?? ''))) {
          found.push(s);
        }
      }
      this.selected.set(selector, found);
    }
    return found;
  }

  private instantSelect(selector: VectorSelector, tMs: number): InstantSample[] {
    const out: InstantSample[] = [];
    for (const s of this.matching(selector)) {
      const point = this.store.instantAt(s, tMs - selector.offsetMs, LOOKBACK_MS);
      if (point) {
        out.push({ labels: s.labels, value: point[1] });
      }
    }
    return out;
  }

  private rangeSelect(m: MatrixSelector, tMs: number): RangeSeries[] {
    const end = tMs - m.selector.offsetMs;
    return this.matching(m.selector).map((s) => ({
      labels: s.labels,
      points: this.store.range(s, end - m.rangeMs, end),
    }));
  }

  private call(func: string, args: Expr[], tMs: number): Value {
    switch (func) {
      case 'time':
        return { kind: 'scalar', value: tMs / 1000 };
      case 'vector':
        return { kind: 'vector', samples: [{ labels: {}, value: asScalar(this.evaluate(args[0], tMs)) }] };
      case 'scalar': {
        const v = asVector(this.evaluate(args[0], tMs));
        return { kind: 'scalar', value: v.length === 1 ? v[0].value : NaN };
      }
      case 'abs':
        return vectorResult(
          asVector(this.evaluate(args[0], tMs)).map((s) => ({ labels: dropName(s.labels), value: Math.abs(s.value) }))
        );
      case 'clamp_min':
      case 'clamp_max': {
        const v = asVector(this.evaluate(args[0], tMs));
        const bound = asScalar(this.evaluate(args[1], tMs));
        const clamp = func === 'clamp_min' ? Math.max : Math.min;
        return vectorResult(v.map((s) => ({ labels: dropName(s.labels), value: clamp(bound, s.value) })));
      }
      case 'histogram_quantile':
        return vectorResult(
          histogramQuantile(asScalar(this.evaluate(args[0], tMs)), asVector(this.evaluate(args[1], tMs)))
        );
      default:
        return this.rangeFunction(func, args[0] as MatrixSelector, tMs);
    }
  }

  private rangeFunction(func: string, m: MatrixSelector, tMs: number): Value {
    const window = { endMs: tMs - m.selector.offsetMs, rangeMs: m.rangeMs };
    const out: InstantSample[] = [];
    for (const s of this.rangeSelect(m, tMs)) {
      let value: number | undefined;
      if (func === 'rate' || func === 'increase') {
        value = extrapolatedRate(s.points, window, func === 'rate');
      } else if (func === 'irate') {
        value = instantRate(s.points);
      } else {
        value = overTime(func as OverTime, s.points);
      }
      if (value !== undefined) {
        out.push({ labels: dropName(s.labels), value });
      }
    }
    return vectorResult(out);
  }
}

function asVector(v: Value): InstantSample[] {
  if (v.kind !== 'vector') {
    throw new PromQLExecutionError(`expected an instant vector, got a ${v.kind}`);
  }
  return v.samples;
}

function asScalar(v: Value): number {
  if (v.kind !== 'scalar') {
    throw new PromQLExecutionError(`expected a scalar, got a ${v.kind}`);
  }
  return v.value;
}

/** Prometheus refuses a result with two samples of the same label set (e.g. rate() over two metric names). */
function vectorResult(samples: InstantSample[]): Value {
  const seen = new Set<string>();
  for (const s of samples) {
    const key = labelsKey(s.labels);
    if (seen.has(key)) {
      throw new PromQLExecutionError('vector cannot contain metrics with the same labelset');
    }
    seen.add(key);
  }
  return { kind: 'vector', samples };
}

function groupLabels(labels: Labels, grouping: string[], without: boolean): Labels {
  const out: Labels = {};
  if (without) {
    for (const [k, v] of Object.entries(labels)) {
      if (k !== '__name__' && !grouping.includes(k)) {
        out[k] = v;
      }
    }
  } else {
    for (const k of grouping) {
      if (labels[k] !== undefined && labels[k] !== '') {
        out[k] = labels[k];
      }
    }
  }
  return out;
}

export function aggregate(
  op: 'sum' | 'avg' | 'min' | 'max' | 'count',
  grouping: string[],
  without: boolean,
  input: InstantSample[]
): InstantSample[] {
  const groups = new Map<string, { labels: Labels; value: number; count: number; mean: number }>();
  for (const s of input) {
    const labels = groupLabels(s.labels, grouping, without);
    const key = labelsKey(labels);
    const g = groups.get(key);
    if (!g) {
      groups.set(key, { labels, value: s.value, count: 1, mean: s.value });
      continue;
    }
    g.count++;
    switch (op) {
      case 'sum':
        g.value += s.value;
        break;
      case 'avg':
        // Incremental mean, as Prometheus does to avoid overflowing the sum.
        g.mean += s.value / g.count - g.mean / g.count;
        break;
      case 'max':
        if (g.value < s.value || Number.isNaN(g.value)) {
          g.value = s.value;
        }
        break;
      case 'min':
        if (g.value > s.value || Number.isNaN(g.value)) {
          g.value = s.value;
        }
        break;
      case 'count':
        break;
    }
  }
  return [...groups.values()].map((g) => ({
    labels: g.labels,
    value: op === 'count' ? g.count : op === 'avg' ? g.mean : g.value,
  }));
}

function histogramQuantile(q: number, input: InstantSample[]): InstantSample[] {
  const groups = new Map<string, { labels: Labels; buckets: Bucket[] }>();
  for (const s of input) {
    const le = s.labels.le;
    const upperBound = le === undefined ? NaN : le === '+Inf' ? Infinity : Number(le);
    if (le === undefined || le === '' || Number.isNaN(upperBound)) {
      continue; // Prometheus ignores series without a usable le.
    }
    const { le: _le, ...rest } = dropName(s.labels);
    const key = labelsKey(rest);
    let g = groups.get(key);
    if (!g) {
      g = { labels: rest, buckets: [] };
      groups.set(key, g);
    }
    g.buckets.push({ upperBound, count: s.value });
  }
  return [...groups.values()].map((g) => ({ labels: g.labels, value: bucketQuantile(q, g.buckets) }));
}

/** Returns [value, keep]: arithmetic always keeps; a comparison keeps the left value when true. */
function applyOp(op: BinaryOp, l: number, r: number): [number, boolean] {
  switch (op) {
    case '+':
      return [l + r, true];
    case '-':
      return [l - r, true];
    case '*':
      return [l * r, true];
    case '/':
      return [l / r, true];
    case '==':
      return [l, l === r];
    case '!=':
      return [l, l !== r];
    case '>':
      return [l, l > r];
    case '<':
      return [l, l < r];
    case '>=':
      return [l, l >= r];
    case '<=':
      return [l, l <= r];
    default:
      throw new PromQLExecutionError(`operator ${op} is not an arithmetic or comparison operator`);
  }
}

const isComparison = (op: BinaryOp): boolean => COMPARISON_OPS.includes(op);

function signature(labels: Labels, matching: VectorMatching | undefined): string {
  const picked: Labels = {};
  if (matching?.on) {
    for (const k of matching.labels) {
      if (labels[k] !== undefined && labels[k] !== '') {
        picked[k] = labels[k];
      }
    }
  } else {
    const ignored = matching?.labels ?? [];
    for (const [k, v] of Object.entries(labels)) {
      if (k !== '__name__' && !ignored.includes(k)) {
        picked[k] = v;
      }
    }
  }
  return labelsKey(picked);
}

export function binary(op: BinaryOp, lhs: Value, rhs: Value, bool: boolean, matching?: VectorMatching): Value {
  if (lhs.kind === 'scalar' && rhs.kind === 'scalar') {
    const [value, keep] = applyOp(op, lhs.value, rhs.value);
    return { kind: 'scalar', value: bool ? (keep ? 1 : 0) : value };
  }
  if (op === 'and' || op === 'or' || op === 'unless') {
    return { kind: 'vector', samples: setOperation(op, asVector(lhs), asVector(rhs), matching) };
  }
  if (lhs.kind === 'scalar' || rhs.kind === 'scalar') {
    const swap = lhs.kind === 'scalar';
    const scalar = swap ? asScalar(lhs) : asScalar(rhs);
    const vector = swap ? asVector(rhs) : asVector(lhs);
    const out: InstantSample[] = [];
    for (const s of vector) {
      let [value, keep] = swap ? applyOp(op, scalar, s.value) : applyOp(op, s.value, scalar);
      // A comparison always returns the vector element's value, even when the vector is on the right.
      if (isComparison(op) && swap) {
        value = s.value;
      }
      if (bool) {
        value = keep ? 1 : 0;
        keep = true;
      }
      if (keep) {
        out.push({ labels: !isComparison(op) || bool ? dropName(s.labels) : s.labels, value });
      }
    }
    return vectorResult(out);
  }
  return vectorResult(vectorBinary(op, asVector(lhs), asVector(rhs), bool, matching));
}

function vectorBinary(
  op: BinaryOp,
  lhs: InstantSample[],
  rhs: InstantSample[],
  bool: boolean,
  matching: VectorMatching | undefined
): InstantSample[] {
  const right = new Map<string, InstantSample>();
  for (const s of rhs) {
    const sig = signature(s.labels, matching);
    if (right.has(sig)) {
      throw new PromQLExecutionError(
        `found duplicate series for the match group on the right hand-side of the operation: many-to-many matching not allowed: matching labels must be unique on one side`
      );
    }
    right.set(sig, s);
  }
  const matched = new Set<string>();
  const out: InstantSample[] = [];
  for (const l of lhs) {
    const sig = signature(l.labels, matching);
    const r = right.get(sig);
    if (!r) {
      continue;
    }
    let [value, keep] = applyOp(op, l.value, r.value);
    if (bool) {
      value = keep ? 1 : 0;
      keep = true;
    }
    if (!keep) {
      continue;
    }
    if (matched.has(sig)) {
      throw new PromQLExecutionError(
        'multiple matches for labels: many-to-one matching must be explicit (group_left/group_right)'
      );
    }
    matched.add(sig);
    out.push({ labels: resultLabels(l.labels, op, bool, matching), value });
  }
  return out;
}

function resultLabels(labels: Labels, op: BinaryOp, bool: boolean, matching: VectorMatching | undefined): Labels {
  let out = !isComparison(op) || bool ? dropName(labels) : { ...labels };
  if (matching?.on) {
    const kept: Labels = {};
    for (const k of matching.labels) {
      if (out[k] !== undefined) {
        kept[k] = out[k];
      }
    }
    out = kept;
  } else if (matching) {
    for (const k of matching.labels) {
      delete out[k];
    }
  }
  return out;
}

function setOperation(
  op: 'and' | 'or' | 'unless',
  lhs: InstantSample[],
  rhs: InstantSample[],
  matching: VectorMatching | undefined
): InstantSample[] {
  const rightSigs = new Set(rhs.map((s) => signature(s.labels, matching)));
  if (op === 'and') {
    return lhs.filter((s) => rightSigs.has(signature(s.labels, matching)));
  }
  if (op === 'unless') {
    return lhs.filter((s) => !rightSigs.has(signature(s.labels, matching)));
  }
  const leftSigs = new Set(lhs.map((s) => signature(s.labels, matching)));
  return [...lhs, ...rhs.filter((s) => !leftSigs.has(signature(s.labels, matching)))];
}
