import { request as httpRequest, type IncomingMessage, type ServerResponse, type OutgoingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { posix } from 'node:path';
import { interpolateRouteTemplate, type RouteTemplateData } from './goTemplate';
import { matchRoutePath } from './routeTree';
import type { StoredPluginSettings } from './settingsStore';

/** One entry of plugin.json `routes` (the fields Grafana's plugins.Route reads for app plugins). */
export interface PluginRoute {
  path?: string;
  method?: string;
  url?: string;
  reqRole?: string;
  reqAction?: string;
  headers?: Array<{ name: string; content: string }>;
  body?: unknown;
}

/** The signed-in user the host pretends to be (Grafana would put this in X-Grafana-Context). */
export interface HostUser {
  id: number;
  orgId: number;
  login: string;
  orgRole: 'Viewer' | 'Editor' | 'Admin';
}

const ROLE_RANK: Record<string, number> = { None: 0, Viewer: 1, Editor: 2, Admin: 3 };

// RFC 9110 hop-by-hop headers, dropped by Go's httputil.ReverseProxy in both directions.
const HOP_BY_HOP = [
  'connection',
  'proxy-connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
];

/** The browser's credentials for Grafana itself never reach the plugin's backend. */
const BROWSER_CREDENTIALS = ['cookie', 'set-cookie', 'authorization'];

/** Grafana's util.JoinURLFragments. */
export function joinUrlFragments(base: string, rest: string): string {
  if (rest.length === 0) {
    return base;
  }
  const baseSlash = base.endsWith('/');
  const restSlash = rest.startsWith('/');
  if (baseSlash && restSlash) {
    return base + rest.slice(1);
  }
  if (!baseSlash && !restSlash) {
    return `${base}/${rest}`;
  }
  return base + rest;
}

/** getProxyPath in pkg/api/plugin_proxy.go: strip the prefix from the escaped path, then path.Join("/", …). */
export function extractProxyPath(escapedPath: string): string {
  return posix.join('/', escapedPath.replace(/^\/api\/plugin-proxy\/[\w-]+\/?/, ''));
}

/** Go's url.Parse keeps the path exactly as written ("" for "http://host:1"); WHATWG URL would say "/". */
function goUrlPath(rendered: string): string {
  const match = /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\/[^/?#]*([^?#]*)/.exec(rendered);
  return match ? match[1] : '';
}

export interface MatchedRoute {
  route: PluginRoute;
  /** What is appended to the route URL: the `*` capture, or "" when the route has no wildcard. */
  proxyPath: string;
}

export type RouteMatch = { ok: true; matched: MatchedRoute } | { ok: false; status: 403 | 404; message: string };

/** HandleRequest's route loop: first route whose method and path pattern match, then the role check. */
export function matchPluginRoute(routes: PluginRoute[], method: string, proxyPath: string, user: HostUser): RouteMatch {
  for (const route of routes) {
    if (route.method && route.method !== '*' && route.method !== method) {
      continue;
    }
    const params = matchRoutePath(route.path ?? '', proxyPath);
    if (!params) {
      continue;
    }
    if (route.reqRole && ROLE_RANK[route.reqRole] !== undefined && ROLE_RANK[user.orgRole] < ROLE_RANK[route.reqRole]) {
      return { ok: false, status: 403, message: 'plugin proxy route access denied' };
    }
    return { ok: true, matched: { route, proxyPath: params['*'] ?? '' } };
  }
  return { ok: false, status: 404, message: 'plugin route match not found' };
}

/**
 * What every Grafana proxy does to the browser's headers (director + proxyutil.PrepareProxyRequest + Go's
 * ReverseProxy): hop-by-hop headers and the browser's credentials for Grafana dropped, Origin/Referer replaced by
 * X-Grafana-Referer, X-Forwarded-For extended, the signed-in user in X-Grafana-Context.
 */
export function proxyRequestHeaders(
  incoming: { headers: IncomingMessage['headers']; remoteAddress?: string },
  user: HostUser
): OutgoingHttpHeaders {
  const connectionListed = String(incoming.headers.connection ?? '')
    .split(',')
    .map((name) => name.trim().toLowerCase())
    .filter(Boolean);
  const headers: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(incoming.headers)) {
    const lower = name.toLowerCase();
    if (
      value === undefined ||
      HOP_BY_HOP.includes(lower) ||
      connectionListed.includes(lower) ||
      BROWSER_CREDENTIALS.includes(lower)
    ) {
      continue;
    }
    if (
      [
        'host',
        'origin',
        'referer',
        'x-forwarded-host',
        'x-forwarded-port',
        'x-forwarded-proto',
        'x-grafana-user',
      ].includes(lower)
    ) {
      continue;
    }
    headers[lower] = value;
  }
  headers['x-grafana-context'] = JSON.stringify({
    UserID: user.id,
    OrgID: user.orgId,
    Login: user.login,
    OrgRole: user.orgRole,
  });
  headers['x-grafana-referer'] = String(incoming.headers.referer ?? '');
  if (incoming.remoteAddress) {
    const prior = incoming.headers['x-forwarded-for'];
    headers['x-forwarded-for'] = prior ? `${prior}, ${incoming.remoteAddress}` : incoming.remoteAddress;
  }
  return headers;
}

export interface ProxyTarget {
  url: URL;
  headers: OutgoingHttpHeaders;
  body?: string;
}

/** The director: target URL from the route template, request headers cleaned, route headers added. */
export function buildProxyTarget(
  matched: MatchedRoute,
  incoming: { headers: IncomingMessage['headers']; search: string; remoteAddress?: string },
  settings: StoredPluginSettings,
  user: HostUser
): ProxyTarget {
  const data: RouteTemplateData = { URL: '', JsonData: settings.jsonData, SecureJsonData: settings.secureJsonData };
  let rendered: string;
  try {
    rendered = interpolateRouteTemplate(matched.route.url ?? '', data);
  } catch (error) {
    throw new ProxyError(500, 'Could not interpolate plugin route url', error);
  }
  let target: URL;
  try {
    target = new URL(rendered);
  } catch (error) {
    // Go would parse "<no value>" as a relative URL and then fail in the transport: a 502 either way.
    throw new ProxyError(502, `unsupported protocol scheme in plugin route url "${rendered}"`, error);
  }
  if (target.protocol !== 'http:' && target.protocol !== 'https:') {
    throw new ProxyError(502, `unsupported protocol scheme "${target.protocol.replace(':', '')}"`);
  }
  target.pathname = joinUrlFragments(goUrlPath(rendered), matched.proxyPath) || '/';
  target.search = incoming.search; // the route URL's own query is dropped, the caller's is kept (Go director)
  target.hash = '';

  const headers = proxyRequestHeaders(incoming, user);
  for (const header of matched.route.headers ?? []) {
    try {
      headers[header.name.toLowerCase()] = interpolateRouteTemplate(header.content, data);
    } catch (error) {
      throw new ProxyError(500, 'Failed to render plugin headers', error);
    }
  }
  let body: string | undefined;
  if (matched.route.body !== undefined && matched.route.body !== null) {
    const template = typeof matched.route.body === 'string' ? matched.route.body : JSON.stringify(matched.route.body);
    try {
      body = interpolateRouteTemplate(template, data);
    } catch {
      body = undefined; // Grafana logs "Failed to set plugin route body content" and sends the original body
    }
    if (body !== undefined) {
      headers['content-length'] = String(Buffer.byteLength(body));
    }
  }
  return { url: target, headers, body };
}

export class ProxyError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly detail?: unknown
  ) {
    super(message);
  }
}

export function writeJsonError(res: ServerResponse, status: number, message: string): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8' });
  res.end(`${JSON.stringify({ message })}\n`);
}

const UPSTREAM_TIMEOUT_MS = 30_000;

/** Serves one `/api/plugin-proxy/<id>/…` request: match, direct, forward, stream the answer back. */
export function proxyPluginRequest(
  req: IncomingMessage,
  res: ServerResponse,
  routes: PluginRoute[],
  settings: StoredPluginSettings | undefined,
  user: HostUser
): void {
  const url = new URL(req.url ?? '/', 'http://host.invalid');
  const proxyPath = extractProxyPath(url.pathname);
  if (!settings) {
    writeJsonError(res, 500, 'Failed to fetch plugin settings');
    return;
  }
  const match = matchPluginRoute(routes, req.method ?? 'GET', proxyPath, user);
  if (!match.ok) {
    writeJsonError(res, match.status, match.message);
    return;
  }
  let target: ProxyTarget;
  try {
    target = buildProxyTarget(
      match.matched,
      { headers: req.headers, search: url.search, remoteAddress: req.socket.remoteAddress },
      settings,
      user
    );
  } catch (error) {
    const proxyError = error instanceof ProxyError ? error : new ProxyError(500, String(error));
    writeJsonError(res, proxyError.status, proxyError.message);
    return;
  }
  forwardRequest(req, res, target);
}

/** Streams `req` to `target` and the answer back (no Set-Cookie, CSP sandbox); 502/504 as JSON on failure. */
export function forwardRequest(req: IncomingMessage, res: ServerResponse, target: ProxyTarget): void {
  const send = target.url.protocol === 'https:' ? httpsRequest : httpRequest;
  const upstream = send(
    target.url,
    { method: req.method, headers: { ...target.headers, host: target.url.host } },
    (answer) => {
      const headers: OutgoingHttpHeaders = {};
      for (const [name, value] of Object.entries(answer.headers)) {
        const lower = name.toLowerCase();
        if (value !== undefined && !HOP_BY_HOP.includes(lower) && lower !== 'set-cookie') {
          headers[lower] = value;
        }
      }
      headers['content-security-policy'] = 'sandbox';
      res.writeHead(answer.statusCode ?? 502, headers);
      answer.pipe(res);
    }
  );
  upstream.setTimeout(UPSTREAM_TIMEOUT_MS, () =>
    upstream.destroy(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' }))
  );
  upstream.on('error', (error: NodeJS.ErrnoException) => {
    if (res.headersSent) {
      res.destroy();
      return;
    }
    if (error.code === 'ETIMEDOUT') {
      writeJsonError(
        res,
        504,
        `Gateway Timeout: ${target.url.origin} did not answer within ${UPSTREAM_TIMEOUT_MS / 1000} s`
      );
      return;
    }
    writeJsonError(res, 502, `Bad Gateway: cannot reach ${target.url.origin} (${error.code ?? error.message})`);
  });
  res.on('close', () => {
    if (!res.writableFinished) {
      upstream.destroy(); // the browser went away: stop the upstream call too
    }
  });
  if (target.body !== undefined) {
    upstream.end(target.body);
  } else {
    req.pipe(upstream);
  }
}
