import { lowerBoundIn, upperBoundIn } from '../stats/sortedWindow';
import { ScoreCalibrator } from './calibrate';
import { PointScore, StreamingDetector } from './streaming';

/**
 * Subsequence novelty: the shape of the recent past (the last `bins × binSize` points averaged into `bins` means,
 * scaled by the running range of the series) is compared with a memory of earlier shapes; the distance to the
 * nearest earlier shape is the raw score. A pattern never seen before (a flat stretch in a daily cycle, a holiday,
 * a machine idling) is novel even when every single value is within its usual range — the kind of anomaly a value
 * band cannot see. Shapes overlapping the current one are excluded (they are trivially similar).
 */
export interface NoveltyOptions {
  bins?: number;
  binSize?: number;
  /** Shapes remembered (ring, oldest replaced; default 3000). */
  memory?: number;
  /** Remember every `stride`-th shape (default 2). */
  stride?: number;
  threshold?: number;
}

export class NoveltyDetector implements StreamingDetector {
  readonly name: string;
  private readonly bins: number;
  private readonly binSize: number;
  private readonly stride: number;
  private readonly span: number;
  private readonly values: Float64Array;
  private head = 0;
  private count = 0;
  private readonly memory: Float64Array;
  private readonly memoryTime: Int32Array;
  private memoryCount = 0;
  private memoryHead = 0;
  private readonly shape: Float64Array;
  private min = Infinity;
  private max = -Infinity;
  private index = 0;
  /** Memory slot of the last nearest shape (−1: none yet). */
  private lastMatch = -1;
  /** Memory slots ordered by their shape's first bin. */
  private readonly byFirstBin: SlotsByKey;
  private readonly calibrator = new ScoreCalibrator();

  constructor({ bins = 8, binSize = 8, memory = 3000, stride = 2 }: NoveltyOptions = {}) {
    this.name = `novelty-${bins * binSize}`;
    this.bins = bins;
    this.binSize = binSize;
    this.stride = stride;
    this.span = bins * binSize;
    this.values = new Float64Array(this.span);
    this.memory = new Float64Array(memory * bins);
    this.memoryTime = new Int32Array(memory);
    this.shape = new Float64Array(bins);
    this.byFirstBin = new SlotsByKey(memory);
  }

  update(_t: number, v: number): PointScore {
    if (v !== v) {
      return { expected: NaN, lower: NaN, upper: NaN, deviation: 0, raw: 0, probability: 0 };
    }
    const i = this.index++;
    this.min = Math.min(this.min, v);
    this.max = Math.max(this.max, v);
    this.values[this.head] = v;
    this.head = (this.head + 1) % this.span;
    this.count = Math.min(this.count + 1, this.span);
    if (this.count < this.span) {
      return { expected: NaN, lower: NaN, upper: NaN, deviation: 0, raw: 0, probability: 0 };
    }
    const scale = this.max > this.min ? 1 / (this.max - this.min) : 1;
    const bins = this.bins;
    for (let b = 0; b < bins; b++) {
      let sum = 0;
      for (let k = 0; k < this.binSize; k++) {
        sum += this.values[(this.head + b * this.binSize + k) % this.span];
      }
      this.shape[b] = (sum / this.binSize - this.min) * scale;
    }
    // Nearest remembered shape that does not overlap the current one. A candidate's squared distance is at least the
    // square of its first-bin difference (the other terms only add), so only shapes whose first bin lies within
    // √best of ours can win: the index keeps the shapes ordered by first bin and the search walks outwards from
    // ours, stopping on each side once that bound reaches the best so far. The slots at and after the last match
    // are tried first (shapes slide, so the next match is usually there) to make `best` small early. The minimum is
    // the same whatever the order, so the scores are exactly those of a full scan.
    const mem = this.memory;
    const shape = this.shape;
    const cap = this.memoryTime.length;
    const count = this.memoryCount;
    let best = Infinity;
    let bestSlot = -1;
    const consider = (m: number) => {
      if (i - this.memoryTime[m] >= this.span) {
        const d = distance(mem, m * bins, shape, bins, best);
        if (d < best) {
          best = d;
          bestSlot = m;
        }
      }
    };
    if (this.lastMatch >= 0) {
      consider(this.lastMatch);
      const next = (this.lastMatch + 1) % cap;
      if (next < count) {
        consider(next);
      }
    }
    const first = shape[0];
    if (first === first) {
      const { keys, slots, size } = this.byFirstBin;
      const at = lowerBoundIn(keys, size, first);
      for (let j = at; j < size; j++) {
        const gap = keys[j] - first;
        if (!(gap * gap < best)) {
          break;
        }
        consider(slots[j]);
      }
      for (let j = at - 1; j >= 0; j--) {
        const gap = first - keys[j];
        if (!(gap * gap < best)) {
          break;
        }
        consider(slots[j]);
      }
    }
    this.lastMatch = bestSlot;
    if (i % this.stride === 0) {
      if (this.memoryCount === cap) {
        this.byFirstBin.remove(this.memoryHead, this.memory[this.memoryHead * bins]);
      }
      this.byFirstBin.insert(this.memoryHead, this.shape[0]);
      this.memory.set(this.shape, this.memoryHead * bins);
      this.memoryTime[this.memoryHead] = i;
      this.memoryHead = (this.memoryHead + 1) % cap;
      this.memoryCount = Math.min(this.memoryCount + 1, cap);
    }
    if (best === Infinity) {
      return { expected: NaN, lower: NaN, upper: NaN, deviation: 0, raw: 0, probability: 0 };
    }
    const raw = Math.sqrt(best / bins);
    const probability = this.calibrator.probability(raw);
    this.calibrator.learn(raw);
    return { expected: NaN, lower: NaN, upper: NaN, deviation: 0, raw, probability };
  }
}

/**
 * Squared distance between the remembered shape at `mem[base..base + bins)` and `shape`, or a partial sum ≥ `bound`
 * as soon as it reaches it (the candidate cannot win).
 */
function distance(mem: Float64Array, base: number, shape: Float64Array, bins: number, bound: number): number {
  let d = 0;
  for (let b = 0; b < bins && d < bound; b++) {
    const diff = mem[base + b] - shape[b];
    d += diff * diff;
  }
  return d;
}

/**
 * Slots ordered by a numeric key (ascending; equal keys in insertion order). NaN keys are not indexed: a shape with
 * a NaN first bin has a NaN distance to everything and can never be the nearest.
 */
class SlotsByKey {
  readonly keys: Float64Array;
  readonly slots: Int32Array;
  size = 0;

  constructor(capacity: number) {
    this.keys = new Float64Array(capacity);
    this.slots = new Int32Array(capacity);
  }

  insert(slot: number, key: number): void {
    if (key !== key) {
      return;
    }
    const at = upperBoundIn(this.keys, this.size, key);
    this.keys.copyWithin(at + 1, at, this.size);
    this.slots.copyWithin(at + 1, at, this.size);
    this.keys[at] = key;
    this.slots[at] = slot;
    this.size++;
  }

  remove(slot: number, key: number): void {
    if (key !== key) {
      return;
    }
    let at = lowerBoundIn(this.keys, this.size, key);
    while (this.slots[at] !== slot) {
      at++;
    }
    this.keys.copyWithin(at, at + 1, this.size);
    this.slots.copyWithin(at, at + 1, this.size);
    this.size--;
  }
}
