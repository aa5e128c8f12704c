import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { interpolateRouteTemplate } from '../host/goTemplate';
import {
  buildProxyTarget,
  extractProxyPath,
  joinUrlFragments,
  matchPluginRoute,
  type HostUser,
} from '../host/pluginProxy';
import { matchRoutePath } from '../host/routeTree';
import { freePort } from './processes';
import { distPluginJson, expect, setAppSettings, test } from './fixtures';

const admin: HostUser = { id: 1, orgId: 1, login: 'admin', orgRole: 'Admin' };
const viewer: HostUser = { ...admin, login: 'viewer', orgRole: 'Viewer' };

test.describe('route matching is Grafana’s (pkg/web/tree.go via pluginproxy.HandleRequest)', () => {
  // [pattern, proxy path, expected params or undefined] — the cases of Grafana's TestPluginProxyRoutes and more.
  const cases: Array<[string, string, Record<string, string> | undefined]> = [
    ['', '/', {}],
    ['', '/notexists', undefined],
    ['some-api', '/some-api', {}],
    ['some-api', '/some-api/', {}],
    ['some-api', '/some-api/instances', undefined],
    ['some-api/*', '/some-api/some/thing', { '*': 'some/thing' }],
    ['some-api/*', '/some-api/thing', { '*': 'thing' }],
    ['some-api/*', '/some-api', undefined],
    ['some-api/instances/*', '/some-api/instances/instance-one', { '*': 'instance-one' }],
    ['backend', '/backend/health', undefined],
    ['backend/*', '/backend/health', { '*': 'health' }],
    ['backend/*', '/backend/api/status', { '*': 'api/status' }],
    ['/backend/*/', 'backend/api/status/', { '*': 'api/status' }],
    ['api/:version/*', '/api/v4/alerts', { ':version': 'v4', '*': 'alerts' }],
    ['api/:version', '/api/v4', { ':version': 'v4' }],
    ['*', '/anything/at/all', { '*': 'anything/at/all' }],
    ['a%20b', '/a%20b', undefined],
    ['a b', '/a%20b', {}],
  ];
  for (const [pattern, path, expected] of cases) {
    test(`"${pattern}" vs "${path}"`, () => {
      expect(matchRoutePath(pattern, path)).toEqual(expected);
    });
  }

  test('Macaron regexp forms are refused, not guessed', () => {
    expect(() => matchRoutePath('api/:id([0-9]+)', '/api/1')).toThrow(/does not implement/);
  });

  test('first matching route wins; method and role are checked like Grafana', () => {
    const routes = [
      { path: 'admin/*', reqRole: 'Admin', url: 'http://a' },
      { path: 'data/*', method: 'POST', url: 'http://post' },
      { path: 'data/*', url: 'http://any' },
    ];
    expect(matchPluginRoute(routes, 'GET', '/data/x', admin)).toMatchObject({
      ok: true,
      matched: { route: routes[2], proxyPath: 'x' },
    });
    expect(matchPluginRoute(routes, 'POST', '/data/x', admin)).toMatchObject({
      ok: true,
      matched: { route: routes[1] },
    });
    expect(matchPluginRoute(routes, 'GET', '/admin/x', viewer)).toEqual({
      ok: false,
      status: 403,
      message: 'plugin proxy route access denied',
    });
    expect(matchPluginRoute(routes, 'GET', '/nothing', admin)).toEqual({
      ok: false,
      status: 404,
      message: 'plugin route match not found',
    });
  });

  test('proxy path extraction and URL joining', () => {
    expect(extractProxyPath('/api/plugin-proxy/foresight-aiops-app/backend/health')).toBe('/backend/health');
    expect(extractProxyPath('/api/plugin-proxy/foresight-aiops-app/backend/../../x')).toBe('/x');
    expect(joinUrlFragments('', 'health')).toBe('/health');
    expect(joinUrlFragments('/base/', '/health')).toBe('/base/health');
    expect(joinUrlFragments('/base', '')).toBe('/base');
  });
});

test.describe('route templates are Go text/template (the subset routes use)', () => {
  const data = { URL: '', JsonData: { backendUrl: 'http://b:1', port: 8070 }, SecureJsonData: { apiKey: 's3cret' } };
  test('fields, missing keys, trim markers', () => {
    expect(interpolateRouteTemplate('{{ .JsonData.backendUrl }}', data)).toBe('http://b:1');
    expect(interpolateRouteTemplate('{{.JsonData.backendUrl}}/x:{{ .JsonData.port }}', data)).toBe('http://b:1/x:8070');
    expect(interpolateRouteTemplate('Bearer {{ .SecureJsonData.apiKey }}', data)).toBe('Bearer s3cret');
    expect(interpolateRouteTemplate('{{ .JsonData.missing }}', data)).toBe('<no value>');
    expect(interpolateRouteTemplate('a   {{- .JsonData.port -}}   b', data)).toBe('a8070b');
  });
  test('unsupported actions fail loudly', () => {
    expect(() => interpolateRouteTemplate('{{if .JsonData.x}}y{{end}}', data)).toThrow(/unsupported action/);
    expect(() => interpolateRouteTemplate('{{ .JsonData.x', data)).toThrow(/could not parse/);
  });
});

test.describe('the director: target URL and headers', () => {
  const settings = {
    enabled: true,
    pinned: true,
    jsonData: { backendUrl: 'http://127.0.0.1:9/base' },
    secureJsonData: { apiKey: 'k-123' },
  };
  const route = {
    path: 'backend/*',
    url: '{{ .JsonData.backendUrl }}',
    headers: [{ name: 'X-Foresight-Key', content: '{{ .SecureJsonData.apiKey }}' }],
  };
  test('joins the captured path, keeps the query, swaps credentials for the route header', () => {
    const target = buildProxyTarget(
      { route, proxyPath: 'api/status' },
      {
        search: '?a=1&b=2',
        remoteAddress: '127.0.0.1',
        headers: {
          cookie: 'grafana_session=abc',
          authorization: 'Bearer browser-token',
          origin: 'http://127.0.0.1:3000',
          referer: 'http://127.0.0.1:3000/plugins/x',
          connection: 'keep-alive, x-hop',
          'x-hop': '1',
          'keep-alive': 'timeout=5',
          'x-foresight-key': 'forged-by-browser',
          accept: 'application/json',
        },
      },
      settings,
      admin
    );
    expect(target.url.toString()).toBe('http://127.0.0.1:9/base/api/status?a=1&b=2');
    expect(target.headers).toMatchObject({
      accept: 'application/json',
      'x-foresight-key': 'k-123',
      'x-grafana-referer': 'http://127.0.0.1:3000/plugins/x',
      'x-forwarded-for': '127.0.0.1',
    });
    for (const dropped of ['cookie', 'authorization', 'origin', 'referer', 'connection', 'x-hop', 'keep-alive']) {
      expect(target.headers[dropped], dropped).toBeUndefined();
    }
    expect(JSON.parse(String(target.headers['x-grafana-context']))).toMatchObject({ Login: 'admin', OrgRole: 'Admin' });
  });
  test('an unset backendUrl renders "<no value>" and fails as a bad gateway', () => {
    expect(() =>
      buildProxyTarget({ route, proxyPath: '' }, { search: '', headers: {} }, { ...settings, jsonData: {} }, admin)
    ).toThrow(/unsupported protocol scheme/);
  });
});

/** A loopback server that records what reaches it and answers with a cookie the proxy must drop. */
async function startEcho(): Promise<{
  server: Server;
  url: string;
  seen: Array<{ method?: string; url?: string; headers: IncomingHttpHeaders; body: string }>;
}> {
  const seen: Array<{ method?: string; url?: string; headers: IncomingHttpHeaders; body: string }> = [];
  const server = createServer(async (req, res) => {
    let body = '';
    for await (const chunk of req) {
      body += chunk;
    }
    seen.push({ method: req.method, url: req.url, headers: req.headers, body });
    res.writeHead(201, { 'content-type': 'application/json', 'set-cookie': 'backend_session=1', 'x-backend': 'echo' });
    res.end(JSON.stringify({ echoed: true }));
  });
  await new Promise<void>((resolveListen) => server.listen(0, '127.0.0.1', resolveListen));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

test.describe('the host proxy end to end, with the route of dist/plugin.json', () => {
  const plugin = distPluginJson();
  const route = plugin.routes?.[0];
  // A path this route matches in Grafana: `backend` alone for an exact route, `backend/echo` for `backend/*`.
  const routePath = route?.path ?? '';
  const hasWildcard = routePath.endsWith('/*');
  const requestPath = hasWildcard ? `${routePath.slice(0, -2)}/echo` : routePath;
  const forwardedPath = hasWildcard ? '/base/echo' : '/base';

  test('forwards method, body, query; injects the key; drops cookies, credentials and Set-Cookie', async ({
    request,
  }) => {
    expect(route, 'dist/plugin.json has a route').toBeTruthy();
    const echo = await startEcho();
    try {
      await setAppSettings(request, plugin.id, {
        enabled: true,
        backendUrl: `${echo.url}/base`,
        apiKey: 'key-for-echo',
      });
      const response = await request.post(`/api/plugin-proxy/${plugin.id}/${requestPath}?q=1&q=2`, {
        data: { hello: 'world' },
        headers: { Cookie: 'grafana_session=abc', Authorization: 'Bearer browser', Origin: 'http://evil.example' },
      });
      expect(response.status()).toBe(201);
      expect(await response.json()).toEqual({ echoed: true });
      expect(response.headers()['set-cookie']).toBeUndefined();
      expect(response.headers()['content-security-policy']).toBe('sandbox');
      expect(response.headers()['x-backend']).toBe('echo');
      expect(echo.seen).toHaveLength(1);
      const [received] = echo.seen;
      expect(received).toMatchObject({
        method: 'POST',
        url: `${forwardedPath}?q=1&q=2`,
        body: JSON.stringify({ hello: 'world' }),
      });
      expect(received.headers['x-foresight-key']).toBe('key-for-echo');
      expect(received.headers.cookie).toBeUndefined();
      expect(received.headers.authorization).toBeUndefined();
      expect(received.headers.origin).toBeUndefined();
      expect(received.headers['x-grafana-context']).toContain('"Login":"admin"');
    } finally {
      echo.server.close();
    }
  });

  test('answers 502 with a JSON message when the target is unreachable', async ({ request }) => {
    const closedPort = await freePort();
    await setAppSettings(request, plugin.id, {
      enabled: true,
      backendUrl: `http://127.0.0.1:${closedPort}`,
      apiKey: 'k',
    });
    const response = await request.get(`/api/plugin-proxy/${plugin.id}/${requestPath}`);
    expect(response.status()).toBe(502);
    expect((await response.json()).message).toMatch(
      new RegExp(`cannot reach http://127.0.0.1:${closedPort} \\(ECONNREFUSED\\)`)
    );
  });

  test('answers 404 like Grafana for a path no route matches, and for another plugin id', async ({ request }) => {
    const nowhere = await request.get(`/api/plugin-proxy/${plugin.id}/no-such-route/x`);
    expect(nowhere.status()).toBe(404);
    expect(await nowhere.json()).toEqual({ message: 'plugin route match not found' });
    const otherApp = await request.get('/api/plugin-proxy/other-app/backend/health');
    expect(otherApp.status()).toBe(404);
  });

  test('settings API: secrets are write-only, jsonData replaced, bad input is a 400 naming the field', async ({
    request,
  }) => {
    await setAppSettings(request, plugin.id, {
      enabled: true,
      backendUrl: 'http://127.0.0.1:1',
      apiKey: 'write-only-secret',
    });
    const dto = await (await request.get(`/api/plugins/${plugin.id}/settings`)).text();
    expect(dto).not.toContain('write-only-secret');
    expect(JSON.parse(dto)).toMatchObject({
      id: plugin.id,
      enabled: true,
      secureJsonFields: { apiKey: true },
      module: `public/plugins/${plugin.id}/module.js`,
    });
    // omitting secureJsonData keeps the stored secret (Grafana merges secure fields)
    await request.post(`/api/plugins/${plugin.id}/settings`, {
      data: { enabled: true, jsonData: { backendUrl: 'http://127.0.0.1:2' } },
    });
    expect(await (await request.get(`/api/plugins/${plugin.id}/settings`)).json()).toMatchObject({
      jsonData: { backendUrl: 'http://127.0.0.1:2' },
      secureJsonFields: { apiKey: true },
    });
    const bad = await request.post(`/api/plugins/${plugin.id}/settings`, { data: { enabled: 'yes' } });
    expect(bad.status()).toBe(400);
    expect((await bad.json()).message).toContain('"enabled" must be a boolean, got "yes"');
  });
});
