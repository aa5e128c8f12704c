import { buildApp, type ForesightApp } from '../app';
import { configSchema } from '../config/schema';
import { openSqliteStore } from '../store/sqlite/sqliteStore';
import type { Store } from '../store/types';
import { outcomeFromWire, type DetectResponseBody } from '../../../src/datasource/detection/wire';

const KEY = 'unit-test-key-123';
const T0 = Date.UTC(2026, 10, 22);
const MIN = 60_000;

/** 600 points of seeded noise around 10 with one spike of 60 at index 500. */
function spikySeries(key: string) {
  let seed = 11;
  const timestamps: number[] = [];
  const values: Array<number | null> = [];
  for (let i = 0; i < 600; i++) {
    seed = (seed * 16807) % 2147483647;
    timestamps.push(T0 + i * MIN);
    values.push(i === 500 ? 60 : i === 7 ? null : 10 + (seed / 2147483647 - 0.5));
  }
  return { key, timestamps, values, trainingPoints: 300 };
}

describe('POST /api/detect (loopback)', () => {
  let store: Store;
  let service: ForesightApp;
  let base: string;

  async function post(body: unknown, key = KEY) {
    const res = await fetch(`${base}/detect`, {
      method: 'POST',
      headers: { 'x-foresight-key': key, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: res.status, json: await res.json() };
  }

  beforeEach(async () => {
    store = openSqliteStore({ path: ':memory:' }).store;
    service = buildApp({
      config: configSchema.parse({ apiKey: KEY, logLevel: 'silent', bodyLimitBytes: 4 * 1024 * 1024 }),
      store,
    });
    await service.app.listen({ host: '127.0.0.1', port: 0 });
    const address = service.app.server.address();
    base = typeof address === 'object' && address ? `http://127.0.0.1:${address.port}/api` : '';
  });
  afterEach(async () => {
    await service.app.close();
    await store.close();
  });

  it('scores each series with the engine and flags the spike, keyed like the request', async () => {
    const { status, json } = await post({
      options: { kind: 'backend-forecast', sensitivity: 0.5, seasonality: 'auto', seed: 42 },
      series: [spikySeries('0|a'), { key: '1|short', timestamps: [T0, T0 + MIN], values: [1, 2], trainingPoints: 0 }],
    });
    expect(status).toBe(200);
    const body = json as DetectResponseBody;
    expect(body.results.map((r) => r.key)).toEqual(['0|a', '1|short']);
    const scored = outcomeFromWire(body.results[0]);
    expect(scored.ok).toBe(true);
    if (scored.ok) {
      // The 300 training points are learnt, not returned: the result starts at point 300.
      expect(scored.timestamps.length).toBe(300);
      expect(scored.timestamps[0]).toBe(T0 + 300 * MIN);
      expect(scored.isAnomaly[200]).toBe(1);
      expect(scored.anomalies.some((a) => a.start <= T0 + 500 * MIN && a.end >= T0 + 500 * MIN)).toBe(true);
      expect(scored.detector).toContain('seasonal');
    }
    expect(body.results[1]).toMatchObject({ ok: false, reason: 'too-short' });
  });

  it('rejects bad input naming the field, and unknown kinds', async () => {
    const mismatch = await post({
      options: { kind: 'robust' },
      series: [{ key: 'a', timestamps: [1, 2], values: [1], trainingPoints: 0 }],
    });
    expect(mismatch.status).toBe(400);
    expect(mismatch.json.field).toBe('series[0].values');
    const lstm = await post({ options: { kind: 'backend-lstm' }, series: [spikySeries('a')] });
    expect(lstm.status).toBe(400);
    expect(lstm.json.message).toMatch(/"backend-lstm" is not served by this backend/);
  });

  it('needs the API key', async () => {
    expect((await post({ options: { kind: 'robust' }, series: [spikySeries('a')] }, 'wrong-key')).status).toBe(401);
  });
});
