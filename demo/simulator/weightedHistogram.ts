// A Prometheus histogram that accepts whole bucket counts at once. prom-client's Histogram observes one value at a
// time; the simulator draws thousands of requests per step analytically, so it adds counts per bucket instead and
// exposes them through prom-client's Registry (which accepts any metric with name, help, type and get()).
import { type Metric, type Registry } from 'prom-client';

interface Series {
  labels: Record<string, string>;
  /** Non-cumulative counts per bucket. */
  counts: number[];
  sum: number;
}

export class WeightedHistogram {
  readonly type = 'histogram';
  readonly aggregator = 'sum';
  private readonly series = new Map<string, Series>();

  constructor(
    readonly name: string,
    readonly help: string,
    readonly labelNames: readonly string[],
    /** Ascending upper bounds; the last must be +Inf. */
    readonly upperBounds: readonly number[],
    registry: Registry
  ) {
    if (upperBounds[upperBounds.length - 1] !== Number.POSITIVE_INFINITY) {
      throw new Error(`${name}: the last bucket bound must be +Inf`);
    }
    // prom-client types Registry.registerMetric to its own classes only; the registry itself needs just get().
    registry.registerMetric(this as unknown as Metric);
  }

  /** Adds per-bucket counts (same length as the bounds) and their latency sum for one label set. */
  add(labels: Record<string, string>, counts: readonly number[], sum: number): void {
    if (counts.length !== this.upperBounds.length) {
      throw new Error(`${this.name}: expected ${this.upperBounds.length} bucket counts, got ${counts.length}`);
    }
    for (const n of this.labelNames) {
      if (labels[n] === undefined) {
        throw new Error(`${this.name}: missing label "${n}"`);
      }
    }
    const key = this.labelNames.map((n) => labels[n]).join('\u0000');
    let s = this.series.get(key);
    if (!s) {
      s = { labels: { ...labels }, counts: new Array<number>(counts.length).fill(0), sum: 0 };
      this.series.set(key, s);
    }
    counts.forEach((c, i) => (s!.counts[i] += c));
    s.sum += sum;
  }

  async get(): Promise<{
    name: string;
    help: string;
    type: string;
    aggregator: string;
    values: Array<{ labels: Record<string, string | number>; value: number; metricName: string }>;
  }> {
    const values: Array<{ labels: Record<string, string | number>; value: number; metricName: string }> = [];
    for (const s of this.series.values()) {
      let cumulative = 0;
      this.upperBounds.forEach((bound, i) => {
        cumulative += s.counts[i];
        const le = bound === Number.POSITIVE_INFINITY ? '+Inf' : String(bound);
        values.push({ labels: { ...s.labels, le }, value: cumulative, metricName: `${this.name}_bucket` });
      });
      values.push({ labels: s.labels, value: s.sum, metricName: `${this.name}_sum` });
      values.push({ labels: s.labels, value: cumulative, metricName: `${this.name}_count` });
    }
    return { name: this.name, help: this.help, type: this.type, aggregator: this.aggregator, values };
  }
}
