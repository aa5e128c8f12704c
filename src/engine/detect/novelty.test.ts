import { ScoreCalibrator } from './calibrate';
import { NoveltyDetector } from './novelty';
import { createRng } from '../stats/random';

/**
 * The detector as first written: the same shape, memory and calibration, with a plain scan of every remembered
 * shape for the nearest one. The indexed search must give exactly its scores.
 */
class ScanningNovelty {
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

  constructor(
    private readonly bins: number,
    private readonly binSize: number,
    memory: number,
    private readonly stride = 2
  ) {
    this.span = bins * binSize;
    this.values = new Float64Array(this.span);
    this.memory = new Float64Array(memory * bins);
    this.memoryTime = new Int32Array(memory);
    this.shape = new Float64Array(bins);
  }

  update(v: number): { raw: number; probability: number } {
    if (v !== v) {
      return { raw: 0, probability: 0 };
    }
    const i = this.index++;
    this.min = Math.min(this.min, v);
    this.max = Math.max(this.max, v);
    this.values[this.head] = v;
    this.head = (this.head + 1) % this.span;
    this.count = Math.min(this.count + 1, this.span);
    if (this.count < this.span) {
      return { raw: 0, probability: 0 };
    }
    const scale = this.max > this.min ? 1 / (this.max - this.min) : 1;
    for (let b = 0; b < this.bins; b++) {
      let sum = 0;
      for (let k = 0; k < this.binSize; k++) {
        sum += this.values[(this.head + b * this.binSize + k) % this.span];
      }
      this.shape[b] = (sum / this.binSize - this.min) * scale;
    }
    let best = Infinity;
    for (let m = 0; m < this.memoryCount; m++) {
      if (i - this.memoryTime[m] < this.span) {
        continue;
      }
      let d = 0;
      for (let b = 0; b < this.bins; b++) {
        const diff = this.memory[m * this.bins + b] - this.shape[b];
        d += diff * diff;
      }
      if (d < best) {
        best = d;
      }
    }
    const cap = this.memoryTime.length;
    if (i % this.stride === 0) {
      this.memory.set(this.shape, this.memoryHead * this.bins);
      this.memoryTime[this.memoryHead] = i;
      this.memoryHead = (this.memoryHead + 1) % cap;
      this.memoryCount = Math.min(this.memoryCount + 1, cap);
    }
    if (best === Infinity) {
      return { raw: 0, probability: 0 };
    }
    const raw = Math.sqrt(best / this.bins);
    const probability = this.calibrator.probability(raw);
    this.calibrator.learn(raw);
    return { raw, probability };
  }
}

describe('NoveltyDetector', () => {
  it('flags a shape never seen before even when every value is in its usual range', () => {
    const d = new NoveltyDetector({ bins: 8, binSize: 4 });
    const cycle = (i: number) => 10 * Math.sin((2 * Math.PI * i) / 40);
    let normal = 0;
    let novel = 0;
    for (let i = 0; i < 2400; i++) {
      // From 2200 on the cycle stops at its mean: a flat stretch, all values within the old range.
      const v = i < 2200 ? cycle(i) + 0.1 * Math.sin(i * 1.7) : 0.1 * Math.sin(i * 1.7);
      const p = d.update(i, v).probability;
      if (i > 600 && i < 2200) {
        normal = Math.max(normal, p);
      } else if (i >= 2200) {
        novel = Math.max(novel, p);
      }
    }
    expect(novel).toBeGreaterThan(0.9999);
    expect(novel).toBeGreaterThan(normal);
  });

  const series: Array<[string, (i: number, r: () => number) => number]> = [
    [
      'random walk with a daily cycle and spikes',
      (i, r) => Math.sin(i / 40) * 5 + (i % 700 === 3 ? 30 : 0) + r() + i * 0.001,
    ],
    ['heavy ties (many equal shapes)', (_i, r) => Math.round(r() * 2)],
    ['flat, then noise, with NaN gaps', (i, r) => (i % 53 < 3 ? NaN : i < 900 ? 4 : r())],
    ['huge values (the range overflows: NaN shapes)', (_i, r) => (r() < 0.5 ? -1.7e308 : 1.7e308) * r()],
  ];
  it.each(series)('scores exactly like a plain scan of the memory: %s', (_name, make) => {
    const r = createRng(5);
    const values = Array.from({ length: 2500 }, (_, i) => make(i, r));
    // A small memory, so slots are replaced (and leave the index) many times.
    for (const [binSize, memory] of [
      [4, 300],
      [8, 3000],
    ] as const) {
      const indexed = new NoveltyDetector({ bins: 8, binSize, memory });
      const scan = new ScanningNovelty(8, binSize, memory);
      const mismatches = values.flatMap((v, i) => {
        const [a, b] = [indexed.update(i, v), scan.update(v)];
        return Object.is(a.raw, b.raw) && Object.is(a.probability, b.probability) ? [] : [`${i}: ${a.raw} vs ${b.raw}`];
      });
      expect([binSize, mismatches.slice(0, 3)]).toEqual([binSize, []]);
    }
  });

  it('skips missing values and is named after its span', () => {
    const d = new NoveltyDetector({ bins: 8, binSize: 4 });
    expect(d.name).toBe('novelty-32');
    expect(d.update(0, NaN).probability).toBe(0);
  });
});
