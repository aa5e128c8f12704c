import { createRng, Rng } from './rng';

/**
 * Isolation Forest (Liu, Ting & Zhou 2008): each tree isolates a random subsample of ψ rows by random axis-parallel
 * splits up to depth ⌈log2 ψ⌉; anomalies are isolated in fewer splits. Score s(x) = 2^(−E[h(x)] / c(ψ)) in (0, 1):
 * ≈ 0.5 for ordinary points, → 1 for anomalies. Trees live in flat typed arrays (no per-node objects), so training on
 * 10k × 16 takes a few milliseconds and scoring is a tight loop. Deterministic for a given seed.
 */
export interface IsolationForestOptions {
  /** Number of trees (default 100). */
  trees?: number;
  /** Subsample size ψ per tree (default 256, capped at the number of rows). */
  sampleSize?: number;
  seed?: number;
  /**
   * Height limit of every tree (default ⌈log2 ψ⌉, the standard limit). With a large ψ a lower limit keeps training
   * and scoring cheap: only rows in regions holding fewer than ~ψ/2^maxDepth sample rows are told apart, and the
   * leaf correction c(size) still ranks the rest by density.
   */
  maxDepth?: number;
}

const EULER_GAMMA = 0.5772156649015329;

/** Average path length of an unsuccessful BST search among n points: c(n) = 2H(n−1) − 2(n−1)/n. */
export function averagePathLength(n: number): number {
  if (n <= 1) {
    return 0;
  }
  if (n === 2) {
    return 1;
  }
  return 2 * (Math.log(n - 1) + EULER_GAMMA) - (2 * (n - 1)) / n;
}

export class IsolationForest {
  readonly trees: number;
  private sampleSize: number;
  private readonly seed: number;
  private readonly depthLimit: number | undefined;
  private features = 0;
  private nodesPerTree = 0;
  /** Per node: split feature (−1 = leaf), threshold, children, and for leaves the path-length correction. */
  private feature: Int32Array = new Int32Array(0);
  private threshold: Float64Array = new Float64Array(0);
  /** Absolute index of the left child; the right child is always the next node. */
  private left: Int32Array = new Int32Array(0);
  private leafValue: Float64Array = new Float64Array(0);
  private normaliser = 1;

  constructor({ trees = 100, sampleSize = 256, seed = 42, maxDepth }: IsolationForestOptions = {}) {
    if (!Number.isInteger(trees) || trees < 1) {
      throw new RangeError(`trees must be a positive integer, got ${trees}`);
    }
    if (!Number.isInteger(sampleSize) || sampleSize < 2) {
      throw new RangeError(`sampleSize must be an integer ≥ 2, got ${sampleSize}`);
    }
    this.trees = trees;
    this.sampleSize = sampleSize;
    if (maxDepth !== undefined && !(Number.isInteger(maxDepth) && maxDepth >= 1)) {
      throw new RangeError(`maxDepth must be a positive integer, got ${maxDepth}`);
    }
    this.seed = seed;
    this.depthLimit = maxDepth;
  }

  get fitted(): boolean {
    return this.features > 0;
  }

  /**
   * Fits on `rows` given either as number[][] or as a row-major Float64Array with `featureCount` columns.
   */
  fit(rows: number[][] | Float64Array, featureCount?: number): this {
    const { data, n, d } = toMatrix(rows, featureCount);
    if (n < 2) {
      throw new RangeError(`IsolationForest needs at least 2 rows, got ${n}`);
    }
    const psi = Math.min(this.sampleSize, n);
    const maxDepth = Math.min(this.depthLimit ?? Infinity, Math.ceil(Math.log2(psi)));
    // A binary tree over ψ distinct rows has at most 2ψ − 1 nodes, and at most 2^(depth + 1) − 1 under the limit.
    const nodes = Math.min(2 * psi - 1, 2 ** (maxDepth + 1) - 1);
    this.features = d;
    this.nodesPerTree = nodes;
    this.feature = new Int32Array(this.trees * nodes);
    this.threshold = new Float64Array(this.trees * nodes);
    this.left = new Int32Array(this.trees * nodes);
    this.leafValue = new Float64Array(this.trees * nodes);
    this.normaliser = averagePathLength(psi);
    const rng = createRng(this.seed);
    const indices = new Int32Array(n);
    const sample = new Int32Array(psi);
    // Scratch permutation of the feature indices for chooseSplit (any order is a valid start for its draw).
    const order = Int32Array.from({ length: d }, (_, i) => i);
    for (let i = 0; i < n; i++) {
      indices[i] = i;
    }
    for (let tree = 0; tree < this.trees; tree++) {
      // Partial Fisher–Yates: ψ distinct rows without replacement.
      for (let i = 0; i < psi; i++) {
        const j = i + Math.floor(rng() * (n - i));
        const tmp = indices[i];
        indices[i] = indices[j];
        indices[j] = tmp;
        sample[i] = indices[i];
      }
      const base = tree * nodes;
      let next = 1;
      // Iterative build: stack of (node, from, to, depth) over the `sample` index array partitioned in place.
      const stack: number[] = [0, 0, psi, 0];
      while (stack.length > 0) {
        const depth = stack.pop() as number;
        const to = stack.pop() as number;
        const from = stack.pop() as number;
        const node = base + (stack.pop() as number);
        const size = to - from;
        const split = size > 1 && depth < maxDepth ? chooseSplit(data, d, sample, from, to, rng, order) : undefined;
        if (!split) {
          this.feature[node] = -1;
          this.leafValue[node] = depth + averagePathLength(size);
          continue;
        }
        const [f, t] = split;
        let i = from;
        let j = to - 1;
        while (i <= j) {
          if (data[sample[i] * d + f] < t) {
            i++;
          } else {
            const tmp = sample[i];
            sample[i] = sample[j];
            sample[j] = tmp;
            j--;
          }
        }
        const l = next++;
        const r = next++;
        this.feature[node] = f;
        this.threshold[node] = t;
        this.left[node] = base + l;
        stack.push(l, from, i, depth + 1, r, i, to, depth + 1);
      }
    }
    return this;
  }

  /** Anomaly score of one row (length = feature count), read from `row` starting at `offset`. */
  score(row: ArrayLike<number>, offset = 0): number {
    const nodes = this.nodesPerTree;
    const feature = this.feature;
    const threshold = this.threshold;
    const left = this.left;
    let total = 0;
    for (let base = 0, end = this.trees * nodes; base < end; base += nodes) {
      let node = base;
      let f = feature[node];
      while (f >= 0) {
        node = row[offset + f] < threshold[node] ? left[node] : left[node] + 1;
        f = feature[node];
      }
      total += this.leafValue[node];
    }
    return Math.pow(2, -total / this.trees / this.normaliser);
  }

  /** Scores every row. */
  scoreAll(rows: number[][] | Float64Array, featureCount?: number): Float64Array {
    const { data, n, d } = toMatrix(rows, featureCount ?? this.features);
    if (d !== this.features) {
      throw new RangeError(`rows have ${d} features, the forest was fitted on ${this.features}`);
    }
    // Tree-major order: one tree's nodes stay in cache while every row walks it.
    const totals = new Float64Array(n);
    const nodes = this.nodesPerTree;
    const { feature, threshold, left, leafValue } = this;
    for (let base = 0, end = this.trees * nodes; base < end; base += nodes) {
      for (let i = 0, offset = 0; i < n; i++, offset += d) {
        let node = base;
        let f = feature[node];
        while (f >= 0) {
          node = data[offset + f] < threshold[node] ? left[node] : left[node] + 1;
          f = feature[node];
        }
        totals[i] += leafValue[node];
      }
    }
    const scale = -1 / this.trees / this.normaliser;
    for (let i = 0; i < n; i++) {
      totals[i] = Math.pow(2, totals[i] * scale);
    }
    return totals;
  }
}

function chooseSplit(
  data: Float64Array,
  d: number,
  sample: Int32Array,
  from: number,
  to: number,
  rng: Rng,
  order: Int32Array
): [number, number] | undefined {
  // A feature drawn uniformly among those that still vary in this node (a constant feature cannot split): draw
  // without replacement until one varies. (Scanning forward from a random start instead would favour the feature
  // after a run of constant ones, e.g. the one after the calendar features.)
  for (let k = 0; k < d; k++) {
    const pick = k + Math.floor(rng() * (d - k));
    const f = order[pick];
    order[pick] = order[k];
    order[k] = f;
    let min = Infinity;
    let max = -Infinity;
    for (let i = from; i < to; i++) {
      const v = data[sample[i] * d + f];
      if (v < min) {
        min = v;
      }
      if (v > max) {
        max = v;
      }
    }
    if (max > min) {
      let t = min + rng() * (max - min);
      if (t <= min) {
        t = (min + max) / 2;
      }
      return [f, t];
    }
  }
  return undefined;
}

function toMatrix(
  rows: number[][] | Float64Array,
  featureCount?: number
): { data: Float64Array; n: number; d: number } {
  if (rows instanceof Float64Array) {
    if (!featureCount || featureCount < 1 || rows.length % featureCount !== 0) {
      throw new RangeError(`featureCount ${featureCount} does not divide the row-major data length ${rows.length}`);
    }
    return { data: rows, n: rows.length / featureCount, d: featureCount };
  }
  const n = rows.length;
  const d = n > 0 ? rows[0].length : (featureCount ?? 0);
  const data = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    if (rows[i].length !== d) {
      throw new RangeError(`row ${i} has ${rows[i].length} features, expected ${d}`);
    }
    for (let j = 0; j < d; j++) {
      const v = rows[i][j];
      data[i * d + j] = Number.isFinite(v) ? v : 0;
    }
  }
  return { data, n, d };
}
