/**
 * A Grafana-like host for the BUILT plugin: serves dist/ the way Grafana serves plugin assets, the plugin settings
 * API, the plugin proxy from plugin.json `routes`, and a page that loads dist/module.js with SystemJS.
 * Run with `npm run host` (tsx). Environment: tests/host/README.md.
 */
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { buildHostBundle } from './bundle';
import { frontendDataSourceSettings, proxyDataSourceRequest } from './dataSources';
import { localFontFor } from './fonts';
import { iconSvg } from './icons';
import { readHostConfig, type HostConfig } from './config';
import { bootData, pageHtml } from './pageShell';
import { proxyPluginRequest, writeJsonError, type HostUser, type PluginRoute } from './pluginProxy';
import { parseSettingsUpdate, secureJsonFields, SettingsStore, SettingsValidationError } from './settingsStore';

const CONTENT_TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.css': 'text/css; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.html': 'text/html; charset=utf-8',
  '.otf': 'font/otf',
};

const MAX_SETTINGS_BODY_BYTES = 1024 * 1024;

/** The only user of this host: an org admin, as on a fresh Grafana. */
const HOST_USER: HostUser = { id: 1, orgId: 1, login: 'admin', orgRole: 'Admin' };

interface PluginJson {
  id: string;
  name: string;
  type: string;
  info: { version?: string; logos?: { small?: string; large?: string }; [key: string]: unknown };
  includes?: Array<{
    type: string;
    name: string;
    path?: string;
    defaultNav?: boolean;
    addToNav?: boolean;
    icon?: string;
    role?: string;
  }>;
  routes?: PluginRoute[];
  dependencies?: unknown;
}

export interface RunningHost {
  url: string;
  server: Server;
  config: HostConfig;
  close(): Promise<void>;
}

function readPluginJson(distDir: string): PluginJson {
  const file = join(distDir, 'plugin.json');
  if (!existsSync(file)) {
    throw new Error(`${file} not found: run \`npm run build:plugin\` first (the host serves the BUILT plugin)`);
  }
  return JSON.parse(readFileSync(file, 'utf8')) as PluginJson;
}

/** Resolves `relativePath` inside `root`, or undefined when it escapes it or is not a file. */
function fileInside(root: string, relativePath: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(relativePath);
  } catch {
    return undefined;
  }
  const file = resolve(root, normalize(decoded).replace(/^([/\\])+/, ''));
  if (file !== root && !file.startsWith(root + sep)) {
    return undefined;
  }
  return existsSync(file) && statSync(file).isFile() ? file : undefined;
}

function sendFile(res: ServerResponse, file: string, cacheControl = 'no-cache'): void {
  res.writeHead(200, {
    'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
    'cache-control': cacheControl,
  });
  createReadStream(file).pipe(res);
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8', 'cache-control': 'no-store' });
  res.end(`${JSON.stringify(body)}\n`);
}

function notFound(res: ServerResponse, what: string): void {
  res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
  res.end(`404 Not found: ${what}\n`);
}

async function readBody(req: IncomingMessage, limit: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) {
      throw new SettingsValidationError(`request body exceeds ${limit} bytes`);
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** GET /api/plugins/<id>/settings as Grafana's PluginSetting DTO: meta + jsonData + which secrets are set. */
function settingsDto(plugin: PluginJson, store: SettingsStore) {
  const settings = store.read();
  const baseUrl = `public/plugins/${plugin.id}`;
  const logo = (path?: string) => (path ? `${baseUrl}/${path}` : undefined);
  const defaultNav = plugin.includes?.find((include) => include.defaultNav && include.path);
  return {
    name: plugin.name,
    type: plugin.type,
    id: plugin.id,
    enabled: settings.enabled,
    pinned: settings.pinned,
    autoEnabled: false,
    module: `${baseUrl}/module.js`,
    baseUrl,
    info: { ...plugin.info, logos: { small: logo(plugin.info.logos?.small), large: logo(plugin.info.logos?.large) } },
    includes: plugin.includes ?? [],
    dependencies: plugin.dependencies ?? {},
    jsonData: settings.jsonData,
    secureJsonFields: secureJsonFields(settings),
    defaultNavUrl: defaultNav?.path ?? `/plugins/${plugin.id}`,
    latestVersion: '',
    hasUpdate: false,
    state: '',
    signature: 'unsigned',
    signatureType: '',
    signatureOrg: '',
    angularDetected: false,
  };
}

/** Paths that render the page: the app's pages (from plugin.json includes), the app root, the config page. */
function isPagePath(plugin: PluginJson, pathname: string): boolean {
  const appRoot = `/a/${plugin.id}`;
  if (pathname.startsWith('/host-views/')) {
    return true; // host-only views (tests/host/page/views); the page itself says when a view does not exist
  }
  if (pathname === appRoot || pathname === `${appRoot}/` || pathname === `/plugins/${plugin.id}`) {
    return true;
  }
  return (plugin.includes ?? []).some(
    (include) =>
      include.type === 'page' &&
      include.path?.startsWith(`${appRoot}/`) &&
      (pathname === include.path || pathname.startsWith(`${include.path}/`))
  );
}

function createHandler(config: HostConfig, store: SettingsStore, scriptDir: string, getUrl: () => string) {
  const systemjsDir = join(config.repoRoot, 'node_modules', 'systemjs', 'dist');
  const grafanaVersion = JSON.parse(
    readFileSync(join(config.repoRoot, 'node_modules', '@grafana', 'runtime', 'package.json'), 'utf8')
  ).version as string;

  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://host.invalid');
    const path = url.pathname;
    const method = req.method ?? 'GET';
    // Re-read on every request so `npm run build:plugin` takes effect on reload, as with a Grafana dev setup.
    const plugin = readPluginJson(config.distDir);

    if (path.startsWith('/api/datasources/proxy/')) {
      proxyDataSourceRequest(req, res, config.dataSources, HOST_USER);
      return;
    }
    if (path === '/api/datasources' && method === 'GET') {
      sendJson(res, 200, config.dataSources.map(frontendDataSourceSettings));
      return;
    }
    if (path.startsWith('/api/plugin-proxy/')) {
      const id = path.split('/')[3];
      if (id !== plugin.id) {
        writeJsonError(res, 404, 'Plugin not found, no installed plugin with that id');
        return;
      }
      proxyPluginRequest(req, res, plugin.routes ?? [], store.read(), HOST_USER);
      return;
    }
    const settingsMatch = /^\/api\/plugins\/([^/]+)\/settings$/.exec(path);
    if (settingsMatch) {
      if (settingsMatch[1] !== plugin.id) {
        writeJsonError(res, 404, 'Plugin not found, no installed plugin with that id');
        return;
      }
      if (method === 'GET') {
        sendJson(res, 200, settingsDto(plugin, store));
        return;
      }
      if (method === 'POST') {
        try {
          const text = await readBody(req, MAX_SETTINGS_BODY_BYTES);
          let body: unknown;
          try {
            body = JSON.parse(text);
          } catch {
            throw new SettingsValidationError('request body is not valid JSON');
          }
          store.update(parseSettingsUpdate(body));
          sendJson(res, 200, { message: 'Plugin settings updated' });
        } catch (error) {
          if (error instanceof SettingsValidationError) {
            writeJsonError(res, 400, `bad request data: ${error.message}`);
          } else {
            throw error;
          }
        }
        return;
      }
      writeJsonError(res, 405, `method ${method} not allowed on ${path}`);
      return;
    }
    if (method !== 'GET' && method !== 'HEAD') {
      writeJsonError(res, 404, 'Not found');
      return;
    }
    if (path === '/api/health') {
      sendJson(res, 200, { database: 'ok', version: grafanaVersion, commit: 'foresight-host' });
      return;
    }
    const publicPrefix = `/public/plugins/${plugin.id}/`;
    if (path.startsWith(publicPrefix)) {
      const file = fileInside(config.distDir, path.slice(publicPrefix.length));
      return file ? sendFile(res, file) : notFound(res, path);
    }
    if (path.startsWith('/public/build/img/icons/')) {
      // Where Grafana serves the icon SVGs that @grafana/ui's <Icon> fetches; npm ships them inside @grafana/ui.
      const icon = iconSvg(config.repoRoot, path.slice('/public/build/img/icons/'.length));
      if (icon?.file) {
        return sendFile(res, icon.file, 'max-age=3600');
      }
      if (icon?.svg) {
        res.writeHead(200, { 'content-type': 'image/svg+xml', 'cache-control': 'max-age=3600' });
        res.end(icon.svg);
        return;
      }
      return notFound(res, path);
    }
    if (path.startsWith('/public/fonts/')) {
      const file = localFontFor(path.slice('/public/fonts/'.length));
      return file ? sendFile(res, file, 'max-age=3600') : notFound(res, path);
    }
    if (path.startsWith('/host/systemjs/')) {
      const file = fileInside(systemjsDir, path.slice('/host/systemjs/'.length));
      return file ? sendFile(res, file, 'max-age=3600') : notFound(res, path);
    }
    if (path.startsWith('/host/')) {
      const file = fileInside(scriptDir, path.slice('/host/'.length));
      return file ? sendFile(res, file) : notFound(res, path);
    }
    if (path === '/favicon.ico') {
      const file = fileInside(config.distDir, plugin.info.logos?.small ?? 'img/logo.svg');
      return file ? sendFile(res, file, 'max-age=3600') : notFound(res, path);
    }
    if (path === '/') {
      res.writeHead(302, { location: settingsDto(plugin, store).defaultNavUrl });
      res.end();
      return;
    }
    if (isPagePath(plugin, path)) {
      const html = pageHtml(
        plugin.name,
        bootData({
          appUrl: `${getUrl()}/`,
          pluginId: plugin.id,
          pluginModule: `/public/plugins/${plugin.id}/module.js`,
          pluginVersion: plugin.info.version ?? '',
          grafanaVersion,
          user: HOST_USER,
          dataSources: config.dataSources.map(frontendDataSourceSettings),
        })
      );
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      res.end(html);
      return;
    }
    notFound(res, path);
  };
}

/** Builds (or reuses) the page bundle, seeds settings from the environment, and listens on 127.0.0.1. */
export async function startHost(config: HostConfig, log: (line: string) => void = console.log): Promise<RunningHost> {
  readPluginJson(config.distDir); // fail fast with the build hint
  const bundle = await buildHostBundle(config.repoRoot);
  log(`host bundle ${bundle.cached ? 'reused' : 'built'} in ${bundle.millis} ms (shared: ${bundle.shared.join(', ')})`);
  const plugin = readPluginJson(config.distDir);
  const store = new SettingsStore(config.stateDir, plugin.id);
  if (config.seedBackendUrl || config.seedApiKey) {
    const current = store.read();
    store.update({
      enabled: true,
      pinned: true,
      jsonData: config.seedBackendUrl ? { ...current.jsonData, backendUrl: config.seedBackendUrl } : current.jsonData,
      secureJsonData: config.seedApiKey ? { apiKey: config.seedApiKey } : undefined,
    });
  }
  let url = '';
  const handler = createHandler(config, store, join(config.repoRoot, 'tests', 'host', 'build'), () => url);
  const server = createServer((req, res) => {
    handler(req, res).catch((error: unknown) => {
      log(`host error on ${req.method} ${req.url}: ${error instanceof Error ? error.stack : String(error)}`);
      writeJsonError(res, 500, error instanceof Error ? error.message : String(error));
    });
  });
  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(config.port, '127.0.0.1', () => resolveListen());
  });
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    server,
    config,
    close: () =>
      new Promise<void>((resolveClose) => {
        server.close(() => resolveClose());
        server.closeAllConnections();
      }),
  };
}

async function main(): Promise<void> {
  const config = readHostConfig(process.env, resolve(__dirname, '..', '..'));
  const host = await startHost(config);
  const plugin = readPluginJson(config.distDir);
  console.log(`Foresight host listening on ${host.url}`);
  console.log(`  app pages:   ${host.url}/a/${plugin.id}/…   config page: ${host.url}/plugins/${plugin.id}`);
  console.log(`  plugin dist: ${config.distDir}   settings: ${config.stateDir}`);
  for (const instance of config.dataSources) {
    console.log(`  datasource:  ${instance.name} (uid ${instance.uid}) → ${instance.url}`);
  }
  const stop = (signal: string) => {
    console.log(`host stopping (${signal})`);
    host.close().then(() => process.exit(0));
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(`host failed to start: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}
