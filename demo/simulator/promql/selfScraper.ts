// Records what /metrics exposes every scrape interval (wall clock), as a Prometheus scrape would: the same registry
// text, parsed, with the target labels job and instance added and an `up` sample, stamped with real time.
import type { Registry } from 'prom-client';
import { parseExposition, type ScrapedSample } from './exposition';
import { SampleStore } from './store';

export interface SelfScraperOptions {
  registry: Registry;
  /** Brings the simulation up to date before reading the registry (what GET /metrics does). */
  advance: () => void;
  intervalMs: number;
  retentionMs: number;
  /** Target labels Prometheus would add: job from the scrape config, instance = host:port. */
  job: string;
  instance: () => string;
  now?: () => number;
  /** Called when a scrape fails (the next one is tried on schedule). */
  onError?: (err: Error) => void;
}

export class SelfScraper {
  readonly store: SampleStore;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(private readonly options: SelfScraperOptions) {
    if (!(options.intervalMs > 0)) {
      throw new Error(`scrape interval must be positive, got ${options.intervalMs} ms`);
    }
    // One slot per scrape in the retention, plus one so a full retention window is always covered.
    this.store = new SampleStore(Math.ceil(options.retentionMs / options.intervalMs) + 1);
  }

  async scrapeOnce(): Promise<void> {
    const { registry, advance, job, instance } = this.options;
    const now = (this.options.now ?? Date.now)();
    advance();
    const { samples, metadata } = parseExposition(await registry.metrics());
    const target = { job, instance: instance() };
    const labelled: ScrapedSample[] = samples.map((s) => ({ labels: { ...s.labels, ...target }, value: s.value }));
    labelled.push({ labels: { __name__: 'up', ...target }, value: 1 });
    // No metadata for `up`: Prometheus' /api/v1/metadata lists only what targets expose.
    this.store.append(now, labelled, metadata);
  }

  /** Scrapes every interval from now on (call scrapeOnce() first for a sample right away); never overlapping. */
  start(): void {
    if (this.timer) {
      return;
    }
    const tick = (): void => {
      this.running ??= this.scrapeOnce()
        .catch((err: unknown) => this.options.onError?.(err as Error))
        .finally(() => (this.running = undefined));
    };
    this.timer = setInterval(tick, this.options.intervalMs);
  }

  async stop(): Promise<void> {
    if (this.timer) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
    await this.running;
  }

  /** Approximate bytes for one hour of retention at the current series count. */
  bytesPerHour(): number {
    const scrapesPerHour = 3_600_000 / this.options.intervalMs;
    return this.store.seriesCount * scrapesPerHour * 9 + scrapesPerHour * 8;
  }
}
