// In-memory sample store: one slot per scrape in a fixed-size ring (retention / scrape interval slots), shared by
// every series. A series missing from a scrape has no sample in that slot, which is exactly where Prometheus writes
// a staleness marker, so "latest slot absent" means "stale" for instant selectors.
import type { Labels, MetricMetadata, ScrapedSample } from './exposition';
import { labelsKey } from './labels';

export interface StoredSeries {
  labels: Labels;
  values: Float64Array;
  /** 1 where the scrape in that slot had this series. */
  present: Uint8Array;
  /** Sequence number of the last scrape that had this series. */
  lastSeq: number;
}

/** [timestamp ms, value] */
export type Point = [number, number];

export class SampleStore {
  private readonly timestamps: Float64Array;
  private readonly byKey = new Map<string, StoredSeries>();
  /** Sequence number the next scrape gets; scrape n lives in slot n % capacity. */
  private nextSeq = 0;
  metadata = new Map<string, MetricMetadata>();

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 2) {
      throw new Error(`sample store: capacity must be an integer >= 2, got ${capacity}`);
    }
    this.timestamps = new Float64Array(capacity);
  }

  /** Records one scrape taken at `timestampMs` (must not go back in time). */
  append(timestampMs: number, samples: readonly ScrapedSample[], metadata?: Map<string, MetricMetadata>): void {
    if (this.nextSeq > 0 && timestampMs < this.timestampOf(this.nextSeq - 1)) {
      throw new Error(`sample store: scrape at ${timestampMs} is older than the previous one`);
    }
    const seq = this.nextSeq++;
    const slot = seq % this.capacity;
    this.timestamps[slot] = timestampMs;
    for (const s of this.byKey.values()) {
      s.present[slot] = 0;
    }
    for (const sample of samples) {
      const key = labelsKey(sample.labels);
      let s = this.byKey.get(key);
      if (!s) {
        s = {
          labels: sample.labels,
          values: new Float64Array(this.capacity),
          present: new Uint8Array(this.capacity),
          lastSeq: seq,
        };
        this.byKey.set(key, s);
      }
      s.values[slot] = sample.value;
      s.present[slot] = 1;
      s.lastSeq = seq;
    }
    // Forget series with no sample left in the ring (old deploy versions, ended faults).
    const oldest = this.oldestSeq();
    for (const [key, s] of this.byKey) {
      if (s.lastSeq < oldest) {
        this.byKey.delete(key);
      }
    }
    if (metadata) {
      this.metadata = metadata;
    }
  }

  series(): IterableIterator<StoredSeries> {
    return this.byKey.values();
  }

  get seriesCount(): number {
    return this.byKey.size;
  }

  get scrapeCount(): number {
    return this.nextSeq - this.oldestSeq();
  }

  /** Bytes held per series: 8 per value, 1 per presence flag, per slot. */
  bytesPerSeries(): number {
    return this.capacity * 9;
  }

  private oldestSeq(): number {
    return Math.max(0, this.nextSeq - this.capacity);
  }

  private timestampOf(seq: number): number {
    return this.timestamps[seq % this.capacity];
  }

  /** Last scrape sequence with timestamp <= t, or -1. */
  private lastSeqAtOrBefore(tMs: number): number {
    let lo = this.oldestSeq();
    let hi = this.nextSeq - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.timestampOf(mid) <= tMs) {
        found = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return found;
  }

  /** First scrape sequence with timestamp >= t (nextSeq if none). */
  private firstSeqAtOrAfter(tMs: number): number {
    let lo = this.oldestSeq();
    let hi = this.nextSeq - 1;
    let found = this.nextSeq;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.timestampOf(mid) >= tMs) {
        found = mid;
        hi = mid - 1;
      } else {
        lo = mid + 1;
      }
    }
    return found;
  }

  /**
   * Instant-selector value at t: the sample of the latest scrape at or before t if that scrape is within the
   * lookback and had the series. If it did not, Prometheus would find its staleness marker there: no value.
   */
  instantAt(s: StoredSeries, tMs: number, lookbackMs: number): Point | undefined {
    const seq = this.lastSeqAtOrBefore(tMs);
    if (seq < 0) {
      return undefined;
    }
    const ts = this.timestampOf(seq);
    const slot = seq % this.capacity;
    if (ts < tMs - lookbackMs || !s.present[slot]) {
      return undefined;
    }
    return [ts, s.values[slot]];
  }

  /** Samples with from <= timestamp <= to (Prometheus 2.x range selection is closed at both ends). */
  range(s: StoredSeries, fromMs: number, toMs: number): Point[] {
    const points: Point[] = [];
    const last = this.lastSeqAtOrBefore(toMs);
    for (let seq = this.firstSeqAtOrAfter(fromMs); seq <= last; seq++) {
      const slot = seq % this.capacity;
      if (s.present[slot]) {
        points.push([this.timestamps[slot], s.values[slot]]);
      }
    }
    return points;
  }

  /** Whether the series has a sample between from and to (for /series, /labels with start and end). */
  hasSampleBetween(s: StoredSeries, fromMs: number, toMs: number): boolean {
    const last = this.lastSeqAtOrBefore(toMs);
    for (let seq = this.firstSeqAtOrAfter(fromMs); seq <= last; seq++) {
      if (s.present[seq % this.capacity]) {
        return true;
      }
    }
    return false;
  }
}
