import Fastify, { type FastifyInstance } from 'fastify';
import { registerPrometheusApi } from './api';
import { SampleStore } from './store';

const T0 = Date.parse('2026-11-18T12:00:00Z');

describe('Prometheus-compatible HTTP API', () => {
  let app: FastifyInstance;
  let base = '';
  const store = new SampleStore(100);
  for (let i = 0; i <= 30; i++) {
    store.append(
      T0 + i * 10_000,
      [
        { labels: { __name__: 'req_total', job: 'j', service: 'api' }, value: i * 10 },
        { labels: { __name__: 'req_total', job: 'j', service: 'web' }, value: i * 20 },
        { labels: { __name__: 'temp', job: 'j', room: 'a' }, value: 21 },
      ],
      new Map([['req_total', { type: 'counter', help: 'Requests.' }]])
    );
  }
  const end = T0 + 300_000;

  beforeAll(async () => {
    app = Fastify();
    registerPrometheusApi(app, () => store);
    base = await app.listen({ host: '127.0.0.1', port: 0 });
  });
  afterAll(() => app.close());

  const get = async (path: string) => {
    const res = await fetch(`${base}${path}`);
    return { status: res.status, body: await res.json() };
  };
  const post = async (path: string, form: Record<string, string>) => {
    const res = await fetch(`${base}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form).toString(),
    });
    return { status: res.status, body: await res.json() };
  };

  it('answers an instant query by GET and by POST form in Prometheus format', async () => {
    const query = 'sum by (service) (rate(req_total[1m]))';
    const want = {
      status: 'success',
      data: {
        resultType: 'vector',
        result: expect.arrayContaining([
          { metric: { service: 'api' }, value: [end / 1000, '1'] },
          { metric: { service: 'web' }, value: [end / 1000, '2'] },
        ]),
      },
    };
    const viaGet = await get(`/api/v1/query?query=${encodeURIComponent(query)}&time=${end / 1000}`);
    expect(viaGet).toEqual({ status: 200, body: want });
    const viaPost = await post('/api/v1/query', { query, time: new Date(end).toISOString() });
    expect(viaPost).toEqual({ status: 200, body: want });
  });

  it('answers a range query with a step in seconds or as a duration', async () => {
    for (const step of ['60', '1m']) {
      const { status, body } = await post('/api/v1/query_range', {
        query: 'temp',
        start: String((end - 120_000) / 1000),
        end: String(end / 1000),
        step,
      });
      expect(status).toBe(200);
      expect(body.data.resultType).toBe('matrix');
      expect(body.data.result[0].values).toEqual([
        [(end - 120_000) / 1000, '21'],
        [(end - 60_000) / 1000, '21'],
        [end / 1000, '21'],
      ]);
    }
  });

  it.each([
    ['/api/v1/query?query=topk(1,temp)', /aggregation "topk" is not supported/],
    ['/api/v1/query?query=temp%25%202', /binary operator "%" is not supported/],
    ['/api/v1/query?query=sum(', /parse error/],
    ['/api/v1/query', /"query": missing/],
    ['/api/v1/query?query=temp&time=yesterday', /cannot parse "yesterday"/],
    ['/api/v1/query_range?query=temp&start=0&end=20000&step=1', /11,000 points/],
    ['/api/v1/query_range?query=temp&start=0&end=10', /"step": missing/],
    ['/api/v1/series', /no match\[\] parameter provided/],
  ])('%s -> 400 bad_data', async (path, message) => {
    const { status, body } = await get(path);
    expect(status).toBe(400);
    expect(body).toMatchObject({ status: 'error', errorType: 'bad_data' });
    expect(body.error).toMatch(message);
  });

  it('answers an execution error with 422', async () => {
    const { status, body } = await get(
      `/api/v1/query?query=${encodeURIComponent('req_total + on() temp')}&time=${end / 1000}`
    );
    expect(status).toBe(422);
    expect(body).toMatchObject({ status: 'error', errorType: 'execution' });
  });

  it('lists series, label names, label values and metadata', async () => {
    expect((await get('/api/v1/series?match[]=req_total')).body.data).toEqual([
      { __name__: 'req_total', job: 'j', service: 'api' },
      { __name__: 'req_total', job: 'j', service: 'web' },
    ]);
    expect((await post('/api/v1/series', { 'match[]': 'temp' })).body.data).toEqual([
      { __name__: 'temp', job: 'j', room: 'a' },
    ]);
    expect((await get('/api/v1/labels')).body.data).toEqual(['__name__', 'job', 'room', 'service']);
    expect((await get('/api/v1/label/service/values?match[]=req_total')).body.data).toEqual(['api', 'web']);
    expect((await get('/api/v1/label/__name__/values')).body.data).toEqual(['req_total', 'temp']);
    // Nothing was scraped before T0.
    expect((await get(`/api/v1/labels?start=0&end=${T0 / 1000 - 1}`)).body.data).toEqual([]);
    expect((await get('/api/v1/metadata')).body.data).toEqual({
      req_total: [{ type: 'counter', help: 'Requests.', unit: '' }],
    });
  });

  it('identifies itself with a Prometheus-like version and has no exemplars', async () => {
    const build = await get('/api/v1/status/buildinfo');
    expect(build.body.data.version).toBe('2.45.0');
    expect(build.body.data.goVersion).toMatch(/Foresight demo simulator/);
    expect((await get('/api/v1/query_exemplars?query=temp')).body).toEqual({ status: 'success', data: [] });
  });
});
