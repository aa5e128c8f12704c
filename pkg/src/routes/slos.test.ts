import { buildApp, type ForesightApp } from '../app';
import { configSchema } from '../config/schema';
import { openSqliteStore } from '../store/sqlite/sqliteStore';
import type { Store } from '../store/types';

const KEY = 'unit-test-key-123';

const spec = {
  id: 'checkout-availability',
  service: 'checkout',
  objective: 0.999,
  sli: {
    kind: 'ratio',
    badQuery: 'sum(rate(http_requests_total{code=~"5.."}[{{.window}}]))',
    totalQuery: 'sum(rate(http_requests_total[{{.window}}]))',
  },
};

describe('SLO routes (loopback, no Prometheus configured)', () => {
  let store: Store;
  let service: ForesightApp;
  let base: string;

  async function call(path: string, method = 'GET', body?: unknown) {
    const res = await fetch(base + path, {
      method,
      headers: { 'x-foresight-key': KEY, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, text, json: () => JSON.parse(text) };
  }

  beforeEach(async () => {
    store = openSqliteStore({ path: ':memory:' }).store;
    service = buildApp({ config: configSchema.parse({ apiKey: KEY, logLevel: 'silent' }), store });
    await service.app.listen({ host: '127.0.0.1', port: 0 });
    const address = service.app.server.address();
    base = typeof address === 'object' && address ? `http://127.0.0.1:${address.port}/api` : '';
  });
  afterEach(async () => {
    await service.app.close();
    await store.close();
  });

  it('creates, reads, updates, lists and deletes an SLO', async () => {
    expect((await call('/slos', 'POST', { spec })).status).toBe(201);
    expect((await call('/slos', 'POST', { spec })).status).toBe(409);
    const detail = (await call('/slos/checkout-availability')).json();
    expect(detail.spec.window).toBe('30d');
    expect(detail.evaluation).toEqual({ available: false, reason: 'FORESIGHT_PROMETHEUS_URL is not set' });
    expect(detail.rules).toContain('slo:sli_error:ratio_rate30d');
    const updated = await call('/slos/checkout-availability', 'PUT', { spec: { ...spec, objective: 0.995 } });
    expect(updated.json().spec.objective).toBe(0.995);
    expect((await call('/slos')).json().slos.map((s: { spec: { id: string } }) => s.spec.id)).toEqual([
      'checkout-availability',
    ]);
    expect((await call('/slos/checkout-availability', 'DELETE')).status).toBe(204);
    expect((await call('/slos/checkout-availability')).status).toBe(404);
  });

  it('rejects an invalid spec with the field and stores nothing', async () => {
    const res = await call('/slos', 'POST', { spec: { ...spec, objective: 1.2 } });
    expect(res.status).toBe(400);
    expect(res.json()).toEqual({
      error: 'bad_request',
      message: 'spec.objective: must be between 0 and 1, got 1.2',
      field: 'spec.objective',
    });
    expect((await call('/slos')).json().slos).toEqual([]);
    const check = (await call('/slos/validate', 'POST', { spec: { ...spec, window: 'monthly' } })).json();
    expect(check.valid).toBe(false);
    expect(check.errors[0].path).toBe('spec.window');
  });

  it('imports Sloth YAML atomically and serves rules, exports and Grafana alert provisioning', async () => {
    const yaml = [
      'version: prometheus/v1',
      'service: api',
      'slos:',
      '  - name: availability',
      '    objective: 99.9',
      '    sli:',
      '      events:',
      '        error_query: sum(rate(http_requests_total{code=~"5.."}[{{.window}}]))',
      '        total_query: sum(rate(http_requests_total[{{.window}}]))',
    ].join('\n');
    const imported = await call('/slos/import', 'POST', { yaml });
    expect(imported.status).toBe(201);
    expect(imported.json().format).toBe('sloth');
    expect((await call('/slos/import', 'POST', { yaml })).status).toBe(409);
    const rules = await call('/slos/rules.yaml');
    expect(rules.text).toContain('alert: SLOBurnRatePage');
    expect((await call('/slos/grafana-alerts.yaml?datasourceUid=prom')).text).toContain('datasourceUid: prom');
    expect((await call('/slos/api-availability/export?format=openslo')).text).toContain('apiVersion: openslo/v1');
  });

  it('answers 503 for a preview without Prometheus', async () => {
    expect((await call('/slos/preview', 'POST', { spec })).status).toBe(503);
  });
});
