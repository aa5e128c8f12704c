import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LogRecord } from './logLines';
import { buildLokiPush, FileLogSink, type LogEntry, LokiLogSink } from './logSinks';

const record = (service: string, level: LogRecord['level'], msg: string, simMs = 0): LogRecord => ({
  simMs,
  level,
  service,
  msg,
});

describe('FileLogSink', () => {
  it('appends JSON lines, creating the directory', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sim-logs-'));
    const path = join(dir, 'nested', 'app.log');
    const sink = new FileLogSink(path);
    sink.write([{ realMs: 1000, record: record('api', 'info', 'a') }]);
    sink.write([{ realMs: 2000, record: record('db', 'error', 'b') }]);
    await sink.close();
    const lines = readFileSync(path, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => [l.service, l.level, l.msg, l.ts])).toEqual([
      ['api', 'info', 'a', '1970-01-01T00:00:01.000Z'],
      ['db', 'error', 'b', '1970-01-01T00:00:02.000Z'],
    ]);
    rmSync(dir, { recursive: true, force: true });
  });
});

describe('buildLokiPush', () => {
  it('groups by service and level with sorted nanosecond timestamps', () => {
    const body = buildLokiPush(
      [
        { realMs: 2000, record: record('api', 'error', 'late') },
        { realMs: 1000, record: record('api', 'error', 'early') },
        { realMs: 1500, record: record('db', 'info', 'x') },
      ],
      'demo'
    );
    expect(body.streams).toHaveLength(2);
    const api = body.streams.find((s) => s.stream.service === 'api')!;
    expect(api.stream).toEqual({ job: 'demo', service: 'api', level: 'error' });
    expect(api.values.map((v) => v[0])).toEqual(['1000000000', '2000000000']);
    expect(JSON.parse(api.values[0][1]).msg).toBe('early');
  });
});

describe('LokiLogSink', () => {
  // A loopback HTTP receiver that records what arrives at the push path (the payload format is what is tested).
  let server: Server;
  let url: string;
  const received: Array<{ path: string; body: { streams: Array<{ values: unknown[] }> } }> = [];
  let failNext = 0;

  beforeAll(async () => {
    server = createServer((req: IncomingMessage, res) => {
      let data = '';
      req.on('data', (c) => (data += c));
      req.on('end', () => {
        if (failNext > 0) {
          failNext--;
          res.writeHead(503).end('not ready');
          return;
        }
        received.push({ path: req.url ?? '', body: JSON.parse(data) });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it('pushes batches to /loki/api/v1/push and keeps lines across a failure', async () => {
    const errors: string[] = [];
    const sink = new LokiLogSink({ url, batchSize: 3, flushIntervalMs: 60_000, onError: (m) => errors.push(m) });
    failNext = 1;
    const entries: LogEntry[] = [1, 2, 3, 4, 5].map((i) => ({
      realMs: i * 1000,
      record: record('api', 'info', `m${i}`),
    }));
    sink.write(entries.slice(0, 2));
    await sink.flush();
    expect(errors[0]).toMatch(/HTTP 503.*2 lines kept/);
    sink.write(entries.slice(2));
    await sink.close();
    expect(received.every((r) => r.path === '/loki/api/v1/push')).toBe(true);
    expect(received.reduce((a, r) => a + r.body.streams[0].values.length, 0)).toBe(5);
    expect(sink.pushed).toBe(5);
    expect(sink.dropped).toBe(0);
  });

  it('drops the oldest lines beyond its buffer limit and counts them', async () => {
    const sink = new LokiLogSink({
      url: 'http://127.0.0.1:9',
      batchSize: 100,
      maxBuffered: 3,
      flushIntervalMs: 60_000,
    });
    sink.write([1, 2, 3, 4, 5].map((i) => ({ realMs: i, record: record('api', 'info', `m${i}`) })));
    expect(sink.dropped).toBe(2);
    await sink.close();
  });

  it('rejects a malformed URL naming the flag', () => {
    expect(() => new LokiLogSink({ url: 'not a url' })).toThrow(/loki-url/);
  });
});
