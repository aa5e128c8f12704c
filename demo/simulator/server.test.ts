import { createSimClock } from './clock';
import { SimulatorRuntime } from './runtime';
import { buildServer } from './server';
import { DEFAULT_SHOP } from './topology';

const START = Date.parse('2026-11-18T14:00:00Z');

function setup(apiKey: string | undefined) {
  let real = 1_000_000;
  const clock = createSimClock({ acceleration: 60, simStartMs: START, realNow: () => real });
  const runtime = new SimulatorRuntime({ shop: DEFAULT_SHOP, clock, seed: 1, stepMs: 3000 });
  const server = buildServer(runtime, DEFAULT_SHOP, apiKey);
  // Real loopback requests: fastify's inject() pulls an ESM-only dependency the jest transform does not handle.
  let listening: Promise<string> | undefined;
  const app = {
    async inject(req: { method: string; url: string; headers?: Record<string, string>; payload?: unknown }) {
      listening ??= server.listen({ host: '127.0.0.1', port: 0 });
      const base = await listening;
      const isRaw = typeof req.payload === 'string';
      const headers = {
        ...(req.payload !== undefined && !isRaw ? { 'content-type': 'application/json' } : {}),
        ...req.headers,
      };
      const res = await fetch(`${base}${req.url}`, {
        method: req.method,
        headers,
        body: req.payload === undefined ? undefined : isRaw ? (req.payload as string) : JSON.stringify(req.payload),
      });
      const body = await res.text();
      return { statusCode: res.status, headers: Object.fromEntries(res.headers), body, json: () => JSON.parse(body) };
    },
    close: () => server.close(),
  };
  return { app, runtime, advanceReal: (ms: number) => (real += ms) };
}

const KEY = { 'x-foresight-key': 'secret' };

describe('simulator HTTP API', () => {
  it('serves metrics for the simulated time elapsed since the last scrape', async () => {
    const { app, advanceReal } = setup('secret');
    advanceReal(2000);
    const res = await app.inject({ method: 'GET', url: '/metrics' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/plain');
    expect(res.body).toContain(`sim_clock_seconds ${(START + 120_000) / 1000}`);
    await app.close();
  });

  it('guards /faults with the key', async () => {
    const { app } = setup('secret');
    expect((await app.inject({ method: 'GET', url: '/faults' })).statusCode).toBe(401);
    expect(
      (await app.inject({ method: 'GET', url: '/faults', headers: { 'x-foresight-key': 'nope!!' } })).statusCode
    ).toBe(401);
    expect((await app.inject({ method: 'GET', url: '/faults', headers: KEY })).statusCode).toBe(200);
    const disabled = setup(undefined).app;
    const res = await disabled.inject({ method: 'POST', url: '/faults', payload: {} });
    expect(res.statusCode).toBe(503);
    expect(res.json().error).toMatch(/--api-key or SIM_API_KEY/);
    await app.close();
    await disabled.close();
  });

  it('creates, lists and cancels a fault with real and simulated times', async () => {
    const { app, advanceReal } = setup('secret');
    const created = await app.inject({
      method: 'POST',
      url: '/faults',
      headers: KEY,
      payload: { fault: 'latency', service: 'payment', for: '10m', magnitude: 700 },
    });
    expect(created.statusCode).toBe(201);
    const fault = created.json();
    expect(fault).toMatchObject({
      id: 'f1',
      fault: 'latency',
      service: 'payment',
      magnitude: 700,
      source: 'api',
      status: 'active',
    });
    expect(fault.start.sim).toBe(new Date(START).toISOString());
    expect(fault.end.sim).toBe(new Date(START + 600_000).toISOString());
    expect(fault.end.real).toBe(new Date(1_000_000 + 10_000).toISOString());
    advanceReal(3000);
    const list = (await app.inject({ method: 'GET', url: '/faults', headers: KEY })).json();
    expect(list.faults).toHaveLength(1);
    const cancelled = await app.inject({ method: 'DELETE', url: '/faults/f1', headers: KEY });
    expect(cancelled.json()).toMatchObject({
      status: 'cancelled',
      end: { sim: new Date(START + 180_000).toISOString() },
    });
    expect((await app.inject({ method: 'DELETE', url: '/faults/f42', headers: KEY })).statusCode).toBe(404);
    await app.close();
  });

  it('answers 400 naming the field for bad fault requests', async () => {
    const { app } = setup('secret');
    const res = await app.inject({
      method: 'POST',
      url: '/faults',
      headers: KEY,
      payload: { fault: 'latency', service: 'payments', for: '1m' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ field: 'service' });
    expect(res.json().error).toMatch(/got "payments"/);
    const badJson = await app.inject({
      method: 'POST',
      url: '/faults',
      headers: { ...KEY, 'content-type': 'application/json' },
      payload: '{oops',
    });
    expect(badJson.statusCode).toBe(400);
    await app.close();
  });

  it('serves the topology', async () => {
    const { app } = setup(undefined);
    const topo = (await app.inject({ method: 'GET', url: '/topology' })).json();
    expect(topo.services).toContain('payment-gateway');
    expect(topo.edges).toContainEqual({ client: 'checkout', server: 'payment' });
    await app.close();
  });
});
