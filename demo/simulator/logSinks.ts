// Where application log lines go: a JSON-lines file (default) or Loki's push API, batched.
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { dirname } from 'node:path';
import { formatLogLine, type LogRecord } from './logLines';

export interface LogEntry {
  /** Real time of the line (ms since epoch). */
  realMs: number;
  record: LogRecord;
}

export interface LogSink {
  write(entries: readonly LogEntry[]): void;
  /** Flushes what is buffered and releases resources. */
  close(): Promise<void>;
}

export class FileLogSink implements LogSink {
  private readonly stream: WriteStream;

  constructor(readonly path: string) {
    mkdirSync(dirname(path), { recursive: true });
    this.stream = createWriteStream(path, { flags: 'a' });
    this.stream.on('error', (err) => {
      process.stderr.write(`simulator: cannot write log file ${path}: ${err.message}\n`);
    });
  }

  write(entries: readonly LogEntry[]): void {
    if (entries.length > 0) {
      this.stream.write(entries.map((e) => formatLogLine(e.record, e.realMs)).join('\n') + '\n');
    }
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.stream.end(resolve));
  }
}

/** Body of POST /loki/api/v1/push (JSON form): one stream per label set, values sorted by time. */
export interface LokiPushBody {
  streams: Array<{ stream: Record<string, string>; values: Array<[string, string]> }>;
}

export function buildLokiPush(entries: readonly LogEntry[], job: string): LokiPushBody {
  const streams = new Map<string, { stream: Record<string, string>; values: Array<[string, string]>; ms: number[] }>();
  for (const e of entries) {
    const labels = { job, service: e.record.service, level: e.record.level };
    const key = `${labels.service}\u0000${labels.level}`;
    let s = streams.get(key);
    if (!s) {
      s = { stream: labels, values: [], ms: [] };
      streams.set(key, s);
    }
    // Loki wants nanosecond timestamps as strings; BigInt keeps them exact.
    s.values.push([(BigInt(Math.round(e.realMs)) * BigInt(1_000_000)).toString(), formatLogLine(e.record, e.realMs)]);
    s.ms.push(e.realMs);
  }
  return {
    streams: [...streams.values()].map((s) => {
      const order = s.values.map((_, i) => i).sort((a, b) => s.ms[a] - s.ms[b]);
      return { stream: s.stream, values: order.map((i) => s.values[i]) };
    }),
  };
}

export interface LokiSinkOptions {
  /** Base URL of Loki, e.g. http://127.0.0.1:3100 */
  url: string;
  job?: string;
  batchSize?: number;
  flushIntervalMs?: number;
  /** Lines kept while Loki is unreachable; the oldest are dropped beyond this (and counted). */
  maxBuffered?: number;
  onError?: (message: string) => void;
}

export class LokiLogSink implements LogSink {
  private buffer: LogEntry[] = [];
  private readonly pushUrl: string;
  private readonly job: string;
  private readonly batchSize: number;
  private readonly maxBuffered: number;
  private readonly timer: NodeJS.Timeout;
  private inFlight: Promise<void> | undefined;
  private failures = 0;
  private retryAfterMs = 0;
  /** Lines dropped because Loki stayed unreachable and the buffer was full. */
  dropped = 0;
  pushed = 0;

  constructor(private readonly options: LokiSinkOptions) {
    let base: URL;
    try {
      base = new URL(options.url);
    } catch {
      throw new Error(`loki-url: expected a URL such as http://127.0.0.1:3100, got ${JSON.stringify(options.url)}`);
    }
    this.pushUrl = new URL('/loki/api/v1/push', base).toString();
    this.job = options.job ?? 'foresight-demo';
    this.batchSize = options.batchSize ?? 1000;
    this.maxBuffered = options.maxBuffered ?? 100_000;
    this.timer = setInterval(() => void this.flush(), options.flushIntervalMs ?? 1000);
    this.timer.unref();
  }

  write(entries: readonly LogEntry[]): void {
    this.buffer.push(...entries);
    if (this.buffer.length > this.maxBuffered) {
      const excess = this.buffer.length - this.maxBuffered;
      this.buffer.splice(0, excess);
      this.dropped += excess;
    }
    if (this.buffer.length >= this.batchSize) {
      void this.flush();
    }
  }

  /** Sends buffered lines in batches; on failure keeps them and backs off (1 s, 2 s, ... up to 30 s). */
  flush(): Promise<void> {
    if (this.inFlight) {
      return this.inFlight;
    }
    if (this.buffer.length === 0 || Date.now() < this.retryAfterMs) {
      return Promise.resolve();
    }
    this.inFlight = (async () => {
      try {
        while (this.buffer.length > 0) {
          const batch = this.buffer.slice(0, this.batchSize);
          const res = await fetch(this.pushUrl, {
            method: 'POST',
            headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify(buildLokiPush(batch, this.job)),
          });
          if (!res.ok) {
            throw new Error(`HTTP ${res.status}: ${(await res.text()).slice(0, 200)}`);
          }
          this.buffer.splice(0, batch.length);
          this.pushed += batch.length;
          this.failures = 0;
        }
      } catch (err) {
        this.failures++;
        this.retryAfterMs = Date.now() + Math.min(30_000, 1000 * 2 ** (this.failures - 1));
        this.options.onError?.(
          `loki push to ${this.pushUrl} failed (${(err as Error).message}); ${this.buffer.length} lines kept for retry`
        );
      } finally {
        this.inFlight = undefined;
      }
    })();
    return this.inFlight;
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    this.retryAfterMs = 0;
    await this.flush();
  }
}
