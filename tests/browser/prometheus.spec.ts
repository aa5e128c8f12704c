import { expect, openHostPage, test } from './fixtures';

const prometheusUrl = process.env.FORESIGHT_TEST_PROMETHEUS_URL;

test.describe('Prometheus datasource through Grafana’s datasource proxy (real Prometheus)', () => {
  test.skip(!prometheusUrl, 'Debian prometheus is not installed (apt-get install prometheus)');

  test('the proxy forwards reads and refuses writes like Grafana', async ({ request }) => {
    const buildinfo = await request.get('/api/datasources/proxy/uid/prometheus/api/v1/status/buildinfo');
    expect(buildinfo.status()).toBe(200);
    expect((await buildinfo.json()).status).toBe('success');
    const deletion = await request.delete('/api/datasources/proxy/uid/prometheus/api/v1/admin/tsdb/delete_series');
    expect(deletion.status()).toBe(403);
    const post = await request.post('/api/datasources/proxy/uid/prometheus/api/v1/admin/tsdb/snapshot');
    expect(post.status()).toBe(403);
    expect((await post.json()).message).toBe('non allow-listed POSTs not allowed on proxied Prometheus datasource');
    expect((await request.get('/api/datasources/proxy/uid/no-such-uid/api/v1/query')).status()).toBe(404);
  });

  test('range query, variables and health from the page', async ({ page, consoleErrors }) => {
    // Prometheus scrapes every second; wait until it has a few samples of `up`.
    await expect
      .poll(
        async () => {
          const response = await page.request.get(
            '/api/datasources/proxy/uid/prometheus/api/v1/query?query=count_over_time(up[1m])'
          );
          const body = await response.json();
          return Math.min(...body.data.result.map((series: { value: [number, string] }) => Number(series.value[1])));
        },
        { timeout: 15_000 }
      )
      .toBeGreaterThanOrEqual(3);
    await openHostPage(page, '/a/foresight-aiops-app/incidents');
    const result = await page.evaluate(async () => {
      const srv = window.foresightHost.dataSourceSrv!;
      const ds = await srv.get('prometheus');
      const now = Date.now();
      const range = { from: new Date(now - 60_000), to: new Date(now), raw: { from: 'now-1m', to: 'now' } };
      const response = await new Promise<any>((resolve, reject) =>
        (
          ds.query({
            targets: [{ refId: 'A', expr: 'up', legendFormat: '{{job}}' }],
            range,
            intervalMs: 1000,
            scopedVars: {},
          } as any) as any
        ).subscribe({
          next: resolve,
          error: reject,
        })
      );
      return {
        defaultUid: srv.getInstanceSettings(null)?.uid,
        names: response.data.map((frame: any) => frame.name).sort(),
        points: response.data.map((frame: any) => frame.fields[1].values.length),
        values: response.data.flatMap((frame: any) => frame.fields[1].values),
        jobs: (await ds.metricFindQuery!('label_values(up, job)')).map((value: any) => value.text).sort(),
        health: await ds.testDatasource(),
      };
    });
    expect(result.defaultUid).toBe('prometheus');
    expect(result.names).toEqual(['foresight-backend', 'prometheus']);
    expect(Math.min(...result.points)).toBeGreaterThanOrEqual(3);
    expect(new Set(result.values)).toEqual(new Set([1]));
    expect(result.jobs).toEqual(['foresight-backend', 'prometheus']);
    expect(result.health).toEqual({ status: 'success', message: 'Successfully queried the Prometheus API.' });
    expect(consoleErrors.list).toEqual([]);
  });
});
