import { createRng } from '../stats/random';

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
  /** Without `maxDepth`: levels allowed beyond the standard limit, height = ⌈log2 ψ⌉ + extraDepth (default 0). */
  extraDepth?: number;
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

/**
 * Split comparisons run on order-preserving int32 keys of the float32-rounded deviation of a value from its column's
 * training mean, so a step down a tree or a row in a partition is integer arithmetic with no data-dependent branch
 * (a random split mispredicts a branch half the time). Deviations keep float32's 24-bit relative resolution. Keys
 * lie in [−2^30, 2^30) (the last mantissa bit is dropped), so `threshold − 1 − key` never overflows int32 and its sign
 * bit says "key ≥ threshold".
 */
const keyFloat = new Float32Array(1);
const keyBits = new Int32Array(keyFloat.buffer);
/**
 * 32-bit slots per node in the packed tree buffer (one 16-byte load per step): split feature, threshold key, slot
 * offset of the left child (the right child is the next node), and for a leaf its path length as float32 bits.
 */
const NODE = 4;
/** Seed offset between successive fits (odd, far apart: mulberry32 seeds are taken modulo 2^32). */
const FIT_STREAM = 0x2f6b4c3d;
/** Larger than every key: a node with this threshold sends every row left. */
const NEVER_RIGHT = 1 << 30;

function toKey(x: number): number {
  keyFloat[0] = x;
  const b = keyBits[0];
  return (b ^ ((b >> 31) & 0x7fffffff)) >> 1;
}

function fromKey(key: number): number {
  const b = key << 1;
  keyBits[0] = b ^ ((b >> 31) & 0x7fffffff);
  return keyFloat[0];
}

export class IsolationForest {
  readonly trees: number;
  private readonly sampleSize: number;
  private readonly seed: number;
  private readonly depthLimit: number | undefined;
  /** Fits so far: fit k uses the RNG stream of seed + k·FIT_STREAM. */
  private fits = 0;
  private readonly extraDepth: number;
  private features = 0;
  /** Per feature: the training mean that keys are taken relative to. */
  private centre: Float64Array = new Float64Array(0);
  /**
   * Flat layout, all trees one after another in one buffer (tree k's root at slot treeRoot[k]), NODE slots per node:
   * split feature, threshold key, and the slot offset of the left child (the right child is the next node; a row
   * goes right iff its key ≥ threshold). A leaf points to itself with threshold NEVER_RIGHT, so every row takes
   * exactly `height[tree]` steps, and its fourth slot (read through `nodePath`) holds the leaf's path length
   * depth + c(leaf size). Grown when a fit needs more nodes, never shrunk.
   */
  private node: Int32Array = new Int32Array(0);
  private nodePath: Float32Array = new Float32Array(0);
  /** Per node index: for a leaf, the path length of one of its training rows as if it were left out of the tree. */
  private leafOut: Float32Array = new Float32Array(0);
  private treeRoot: Int32Array = new Int32Array(0);
  private height: Int32Array = new Int32Array(0);
  private rowKeys: Int32Array = new Int32Array(0);
  private normaliser = 1;

  constructor({ trees = 100, sampleSize = 256, seed = 42, maxDepth, extraDepth = 0 }: IsolationForestOptions = {}) {
    if (!Number.isInteger(trees) || trees < 1) {
      throw new RangeError(`trees must be a positive integer, got ${trees}`);
    }
    if (!Number.isInteger(sampleSize) || sampleSize < 2) {
      throw new RangeError(`sampleSize must be an integer ≥ 2, got ${sampleSize}`);
    }
    if (maxDepth !== undefined && !(Number.isInteger(maxDepth) && maxDepth >= 1)) {
      throw new RangeError(`maxDepth must be a positive integer, got ${maxDepth}`);
    }
    this.trees = trees;
    this.sampleSize = sampleSize;
    this.seed = seed;
    if (!(Number.isInteger(extraDepth) && extraDepth >= 0)) {
      throw new RangeError(`extraDepth must be a non-negative integer, got ${extraDepth}`);
    }
    this.depthLimit = maxDepth;
    this.extraDepth = extraDepth;
  }

  get fitted(): boolean {
    return this.features > 0;
  }

  /** Makes room for `nodes` nodes, keeping the ones already written. */
  private reserve(nodes: number): void {
    if (this.node.length >= nodes * NODE) {
      return;
    }
    const grown = new Int32Array(Math.max(nodes, Math.ceil((this.node.length / NODE) * 1.25)) * NODE);
    grown.set(this.node);
    this.node = grown;
    this.nodePath = new Float32Array(grown.buffer);
    const out = new Float32Array(grown.length / NODE);
    out.set(this.leafOut);
    this.leafOut = out;
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
    // The standard limit ⌈log2 ψ⌉ (+ extraDepth) unless a height is given; deeper trees isolate more of the ψ rows.
    const maxDepth = Math.min(this.depthLimit ?? Math.ceil(Math.log2(psi)) + this.extraDepth, psi - 1);
    // Nodes of one tree: 1 + 2 per split. A split needs ≥ 2 rows, so a level holds at most min(2^k, ⌊ψ/2⌋) of them.
    // A tree that splits only on varying features has at most 2ψ − 1 nodes; one on a node-constant feature adds an
    // empty leaf without separating rows, so a tree may have more (up to treeCap).
    let treeCap = 1;
    for (let k = 0; k < maxDepth; k++) {
      treeCap += 2 * Math.min(2 ** Math.min(k, 30), Math.floor(psi / 2));
    }
    this.reserve(this.trees * Math.min(2 * psi - 1, treeCap) + treeCap);
    if (this.height.length !== this.trees) {
      this.height = new Int32Array(this.trees);
      this.treeRoot = new Int32Array(this.trees);
    }
    if (this.centre.length !== d) {
      this.centre = new Float64Array(d);
      this.rowKeys = new Int32Array(d);
    }
    this.features = d;
    this.normaliser = averagePathLength(psi);
    const { height, centre, treeRoot } = this;
    centre.fill(0);
    for (let o = 0; o < n * d; o += d) {
      for (let f = 0; f < d; f++) {
        centre[f] += data[o + f];
      }
    }
    for (let f = 0; f < d; f++) {
      centre[f] = Number.isFinite(centre[f]) ? centre[f] / n : 0;
    }
    // Column-major keys: a node reads one feature of its rows from one contiguous column that stays in cache.
    const cols = new Int32Array(n * d);
    for (let r = 0, o = 0; r < n; r++) {
      for (let f = 0, c = r; f < d; f++, o++, c += n) {
        cols[c] = toKey(data[o] - centre[f]);
      }
    }
    const pathOfSize = new Float64Array(psi + 1);
    for (let size = 0; size <= psi; size++) {
      pathOfSize[size] = averagePathLength(size);
    }
    // Each fit draws a fresh stream (seed, fit number): with one stream for every refit, tree k would pick the same
    // root feature at the same relative position on every window, and one seed's luck would persist over a series.
    const rng = createRng(this.seed + FIT_STREAM * this.fits++);
    const indices = new Int32Array(n);
    // A node at depth k holds its rows in rowsAt[k & 1][from, to) and partitions them into the other buffer.
    const rowsAt = [new Int32Array(psi), new Int32Array(psi)];
    const values = new Int32Array(psi);
    // Depth-first build; at most one pending sibling per level plus the two just pushed.
    const cap = maxDepth + 3;
    const sNode = new Int32Array(cap);
    const sFrom = new Int32Array(cap);
    const sTo = new Int32Array(cap);
    const sDepth = new Int32Array(cap);
    for (let i = 0; i < n; i++) {
      indices[i] = i;
    }
    // Stratified root features: tree k's root splits on rootOrder[k mod d], a permutation redrawn every d trees, so
    // every feature roots ⌊trees/d⌋ or ⌈trees/d⌉ trees instead of a binomial count. Each tree's root feature stays
    // uniform, but which features happen to root the trees (the largest source of forest-to-forest variance of
    // E[h]) no longer varies: the same variance reduction as more trees, at no cost (NAB: bench/README.md).
    const rootOrder = Int32Array.from({ length: d }, (_, i) => i);
    let next = 0;
    for (let tree = 0; tree < this.trees; tree++) {
      if (tree % d === 0) {
        for (let i = d - 1; i > 0; i--) {
          const j = Math.floor(rng() * (i + 1));
          const tmp = rootOrder[i];
          rootOrder[i] = rootOrder[j];
          rootOrder[j] = tmp;
        }
      }
      const sample = rowsAt[0];
      if (psi === n) {
        // Every row is in every tree: their order does not matter, so no shuffle.
        sample.set(indices);
      } else {
        // Partial Fisher–Yates: ψ distinct rows without replacement.
        for (let i = 0; i < psi; i++) {
          const j = i + Math.floor(rng() * (n - i));
          const tmp = indices[j];
          indices[j] = indices[i];
          indices[i] = tmp;
          sample[i] = tmp;
        }
      }
      this.reserve(next + treeCap);
      const info = this.node;
      const paths = this.nodePath;
      const leafOut = this.leafOut;
      treeRoot[tree] = next * NODE;
      let deepest = 0;
      sNode[0] = next++;
      sFrom[0] = 0;
      sTo[0] = psi;
      sDepth[0] = 0;
      let sp = 1;
      while (sp > 0) {
        sp--;
        const node = sNode[sp];
        const from = sFrom[sp];
        const to = sTo[sp];
        const depth = sDepth[sp];
        const source = rowsAt[depth & 1];
        // The split feature is drawn uniformly (the root's from the stratified order) and kept even when it is
        // constant over the node's rows, as in Liu et al.'s iTree: the split value is then that constant, every
        // row goes right and the left child is an empty leaf, so only a point below the constant leaves the rows
        // there. (Redrawing until a feature varies scored lower on NAB: bench/README.md.)
        const f = depth === 0 ? rootOrder[tree % d] : Math.floor(rng() * d);
        const col = f * n;
        let lo = NEVER_RIGHT;
        let hi = -NEVER_RIGHT;
        for (let i = from; i < to; i++) {
          // Branch-free min/max (keys differ by less than 2^31): small nodes make the comparisons unpredictable.
          const v = cols[col + source[i]];
          values[i] = v;
          const below = v - lo;
          const above = v - hi;
          lo += below & (below >> 31);
          hi += above & ~(above >> 31);
        }
        // Split value uniform between the node's min and max of the feature (in value space, then keyed), kept
        // inside (min, max] so both children are non-empty when the feature varies.
        const low = fromKey(lo);
        const t =
          hi === lo
            ? lo + (rng() < 0.5 ? 0 : 1)
            : Math.min(hi, Math.max(lo + 1, toKey(low + rng() * (fromKey(hi) - low))));
        const below = t - 1;
        const childDepth = depth + 1;
        let lp = from;
        if (childDepth >= maxDepth) {
          // Both children are leaves: only their sizes matter.
          for (let k = from; k < to; k++) {
            lp += (values[k] - t) >>> 31;
          }
        } else {
          // Branch-free partition into the other buffer: left rows from the front, right rows from the back.
          const target = rowsAt[childDepth & 1];
          let rp = to - 1;
          for (let k = from; k < to; k++) {
            const row = source[k];
            const right = (below - values[k]) >>> 31;
            target[lp] = row;
            target[rp] = row;
            lp += 1 - right;
            rp -= right;
          }
        }
        const l = next;
        next += 2;
        const p = node * NODE;
        info[p] = f;
        info[p + 1] = t;
        info[p + 2] = l * NODE;
        // Children that must be leaves (at most one row, or at the height limit) are written now, others pushed.
        if (childDepth >= maxDepth || to - lp <= 1) {
          writeLeaf(info, paths, l + 1, childDepth + pathOfSize[to - lp]);
          leafOut[l + 1] = childDepth + pathOfSize[Math.max(0, to - lp - 1)];
          deepest = Math.max(deepest, childDepth);
        } else {
          sNode[sp] = l + 1;
          sFrom[sp] = lp;
          sTo[sp] = to;
          sDepth[sp] = childDepth;
          sp++;
        }
        if (childDepth >= maxDepth || lp - from <= 1) {
          writeLeaf(info, paths, l, childDepth + pathOfSize[lp - from]);
          leafOut[l] = childDepth + pathOfSize[Math.max(0, lp - from - 1)];
          deepest = Math.max(deepest, childDepth);
        } else {
          sNode[sp] = l;
          sFrom[sp] = from;
          sTo[sp] = lp;
          sDepth[sp] = childDepth;
          sp++;
        }
      }
      height[tree] = deepest;
    }
    return this;
  }

  /** The split feature at the root of each tree. */
  rootFeatures(): Int32Array {
    const roots = new Int32Array(this.trees);
    for (let tree = 0; tree < this.trees; tree++) {
      roots[tree] = this.node[this.treeRoot[tree]];
    }
    return roots;
  }

  /** Anomaly score of one row (length = feature count), read from `row` starting at `offset`. */
  score(row: ArrayLike<number>, offset = 0): number {
    const d = this.features;
    const { node: info, nodePath: paths, height, centre, rowKeys, treeRoot } = this;
    for (let f = 0; f < d; f++) {
      rowKeys[f] = toKey(row[offset + f] - centre[f]);
    }
    const trees = this.trees;
    let total = 0;
    // Four trees at a time: independent walks overlap their cache misses (leaves loop on themselves, so a walk may
    // take the steps of the tallest of the four).
    let tree = 0;
    for (; tree + 4 <= trees; tree += 4) {
      let n0 = treeRoot[tree];
      let n1 = treeRoot[tree + 1];
      let n2 = treeRoot[tree + 2];
      let n3 = treeRoot[tree + 3];
      for (let step = Math.max(height[tree], height[tree + 1], height[tree + 2], height[tree + 3]); step > 0; step--) {
        n0 = info[n0 + 2] + (((info[n0 + 1] - 1 - rowKeys[info[n0]]) >>> 31) << 2);
        n1 = info[n1 + 2] + (((info[n1 + 1] - 1 - rowKeys[info[n1]]) >>> 31) << 2);
        n2 = info[n2 + 2] + (((info[n2 + 1] - 1 - rowKeys[info[n2]]) >>> 31) << 2);
        n3 = info[n3 + 2] + (((info[n3 + 1] - 1 - rowKeys[info[n3]]) >>> 31) << 2);
      }
      total += paths[n0 + 3] + paths[n1 + 3] + paths[n2 + 3] + paths[n3 + 3];
    }
    for (; tree < trees; tree++) {
      let node = treeRoot[tree];
      for (let step = height[tree]; step > 0; step--) {
        node = info[node + 2] + (((info[node + 1] - 1 - rowKeys[info[node]]) >>> 31) << 2);
      }
      total += paths[node + 3];
    }
    return Math.pow(2, -total / trees / this.normaliser);
  }

  /**
   * Scores every row. With `leaveOneOut`, the rows must be the ones the forest was fitted on (every row in every
   * tree, ψ = row count): each is scored as if left out of the tree, i.e. its leaf's correction is c(size − 1)
   * instead of c(size), so the scores compare with those of new points (in-sample scores are biased low).
   */
  scoreAll(rows: number[][] | Float64Array, featureCount?: number, leaveOneOut = false): Float64Array {
    const { data, n, d } = toMatrix(rows, featureCount ?? this.features);
    if (d !== this.features) {
      throw new RangeError(`rows have ${d} features, the forest was fitted on ${this.features}`);
    }
    const { node: info, height, centre, treeRoot } = this;
    // A leaf's path: slot 3 of its node in nodePath (index = slot offset + 3), or leafOut[slot offset / NODE].
    const paths = leaveOneOut ? this.leafOut : this.nodePath;
    const shift = leaveOneOut ? 2 : 0;
    const at = leaveOneOut ? 0 : 3;
    const keys = new Int32Array(n * d);
    for (let o = 0; o < n * d; o += d) {
      for (let f = 0; f < d; f++) {
        keys[o + f] = toKey(data[o + f] - centre[f]);
      }
    }
    // Tree-major order: one tree's nodes stay in cache while every row walks it, eight rows at a time (independent
    // walks overlap their memory latency).
    const totals = new Float64Array(n);
    const blocked = n - (n % 8);
    for (let tree = 0; tree < this.trees; tree++) {
      const base = treeRoot[tree];
      const steps = height[tree];
      for (let i = 0; i < blocked; i += 8) {
        const o0 = i * d;
        const o1 = o0 + d;
        const o2 = o1 + d;
        const o3 = o2 + d;
        const o4 = o3 + d;
        const o5 = o4 + d;
        const o6 = o5 + d;
        const o7 = o6 + d;
        let n0 = base;
        let n1 = base;
        let n2 = base;
        let n3 = base;
        let n4 = base;
        let n5 = base;
        let n6 = base;
        let n7 = base;
        for (let step = steps; step > 0; step--) {
          n0 = info[n0 + 2] + (((info[n0 + 1] - 1 - keys[o0 + info[n0]]) >>> 31) << 2);
          n1 = info[n1 + 2] + (((info[n1 + 1] - 1 - keys[o1 + info[n1]]) >>> 31) << 2);
          n2 = info[n2 + 2] + (((info[n2 + 1] - 1 - keys[o2 + info[n2]]) >>> 31) << 2);
          n3 = info[n3 + 2] + (((info[n3 + 1] - 1 - keys[o3 + info[n3]]) >>> 31) << 2);
          n4 = info[n4 + 2] + (((info[n4 + 1] - 1 - keys[o4 + info[n4]]) >>> 31) << 2);
          n5 = info[n5 + 2] + (((info[n5 + 1] - 1 - keys[o5 + info[n5]]) >>> 31) << 2);
          n6 = info[n6 + 2] + (((info[n6 + 1] - 1 - keys[o6 + info[n6]]) >>> 31) << 2);
          n7 = info[n7 + 2] + (((info[n7 + 1] - 1 - keys[o7 + info[n7]]) >>> 31) << 2);
        }
        totals[i] += paths[(n0 >> shift) + at];
        totals[i + 1] += paths[(n1 >> shift) + at];
        totals[i + 2] += paths[(n2 >> shift) + at];
        totals[i + 3] += paths[(n3 >> shift) + at];
        totals[i + 4] += paths[(n4 >> shift) + at];
        totals[i + 5] += paths[(n5 >> shift) + at];
        totals[i + 6] += paths[(n6 >> shift) + at];
        totals[i + 7] += paths[(n7 >> shift) + at];
      }
      for (let i = blocked; i < n; i++) {
        let node = base;
        for (let step = steps, o = i * d; step > 0; step--) {
          node = info[node + 2] + (((info[node + 1] - 1 - keys[o + info[node]]) >>> 31) << 2);
        }
        totals[i] += paths[(node >> shift) + at];
      }
    }
    const scale = -1 / this.trees / this.normaliser;
    for (let i = 0; i < n; i++) {
      totals[i] = Math.pow(2, totals[i] * scale);
    }
    return totals;
  }
}

/** Writes a leaf: it sends every row to itself, and its fourth slot holds the path length of a row ending there. */
function writeLeaf(info: Int32Array, paths: Float32Array, index: number, path: number): void {
  const p = index * NODE;
  info[p] = 0;
  info[p + 1] = NEVER_RIGHT;
  info[p + 2] = p;
  paths[p + 3] = path;
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
