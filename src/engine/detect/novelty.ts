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
    // Nearest remembered shape that does not overlap the current one (early abandoning on the partial sum).
    let best = Infinity;
    const mem = this.memory;
    const cap = this.memoryTime.length;
    for (let m = 0; m < this.memoryCount; m++) {
      if (i - this.memoryTime[m] < this.span) {
        continue;
      }
      let d = 0;
      const base = m * bins;
      for (let b = 0; b < bins && d < best; b++) {
        const diff = mem[base + b] - this.shape[b];
        d += diff * diff;
      }
      if (d < best) {
        best = d;
      }
    }
    if (i % this.stride === 0) {
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
