#!/usr/bin/env node
// Replaces @grafana/plugin-validator (it downloads a Go binary, which cannot work here): checks plugin.json
// metadata, the nested datasource, the proxy routes, the built dist/ layout and provisioning for leaked secrets.
// Usage: node scripts/check-plugin.mjs [distDir]   — prints one line per check and exits 1 if any failed.
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const dist = path.resolve(process.argv[2] ?? path.join(root, 'dist'));
const results = [];
const check = (name, ok, detail = '') => results.push({ name, ok: Boolean(ok), detail });

function readJson(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    check(`${path.relative(root, file)} is valid JSON`, false, error.message);
    return undefined;
  }
}

const ID_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*-(app|panel|datasource)$/;
const app = readJson(path.join(dist, 'plugin.json'));
const ds = readJson(path.join(dist, 'datasource', 'plugin.json'));

if (app) {
  check('app id is foresight-aiops-app', app.id === 'foresight-aiops-app', app.id);
  check('app id matches <org>-<name>-app', ID_PATTERN.test(app.id) && app.id.endsWith('-app'));
  check('app type is "app"', app.type === 'app', app.type);
  check('version and date placeholders were filled', !/%VERSION%|%TODAY%|%PLUGIN_ID%/.test(JSON.stringify(app)));
  check(
    'grafanaDependency covers 12.3+ and 13.x',
    /^>=\s*12\.[3-9]/.test(app.dependencies?.grafanaDependency ?? ''),
    app.dependencies?.grafanaDependency
  );
  for (const logo of Object.values(app.info?.logos ?? {})) {
    check(`logo ${logo} exists`, fs.existsSync(path.join(dist, logo)));
  }
  const pages = (app.includes ?? []).filter((i) => i.type === 'page');
  for (const page of ['incidents', 'rca', 'slos', 'executive', 'log-patterns']) {
    check(
      `page /a/${app.id}/${page} is included`,
      pages.some((p) => p.path === `/a/${app.id}/${page}`)
    );
  }
  check('exactly one default nav page', pages.filter((p) => p.defaultNav).length === 1);
  const nested = (app.includes ?? []).filter((i) => i.type === 'datasource');
  check(
    'nested datasource listed in includes',
    nested.some((i) => i.path === 'datasource/plugin.json')
  );
  const routes = app.routes ?? [];
  const backend = routes.find((r) => r.path === 'backend/*');
  check(
    'route "backend/*" exists (Grafana matches route paths as a tree: a bare "backend" matches only itself)',
    backend
  );
  if (backend) {
    check('route URL comes from jsonData.backendUrl', backend.url === '{{ .JsonData.backendUrl }}', backend.url);
    check(
      'route URL is http(s) template (app routes allow no urlParams/tokenAuth)',
      !backend.urlParams && !backend.tokenAuth
    );
    const keyHeader = (backend.headers ?? []).find((h) => h.name === 'X-Foresight-Key');
    check(
      'API key header is injected from secureJsonData',
      keyHeader?.content === '{{ .SecureJsonData.apiKey }}',
      keyHeader?.content
    );
  }
  for (const route of routes) {
    check(`route ${route.path} never puts a secret in its URL`, !/SecureJsonData/.test(route.url ?? ''));
  }
}
if (ds) {
  check('datasource id is foresight-aiops-datasource', ds.id === 'foresight-aiops-datasource', ds.id);
  check('datasource type is "datasource"', ds.type === 'datasource');
  check('datasource supports annotations and metrics', ds.annotations === true && ds.metrics === true);
  check('datasource is frontend-only (no backend executable)', !ds.backend && !ds.executable);
  for (const logo of Object.values(ds.info?.logos ?? {})) {
    check(`datasource logo ${logo} exists`, fs.existsSync(path.join(dist, 'datasource', logo)));
  }
}

for (const file of ['module.js', 'datasource/module.js', 'README.md', 'LICENSE', 'CHANGELOG.md', 'backend/server.js']) {
  check(`dist/${file} present`, fs.existsSync(path.join(dist, file)));
}
for (const module of ['module.js', 'datasource/module.js']) {
  const file = path.join(dist, module);
  if (fs.existsSync(file)) {
    const head = fs.readFileSync(file, 'utf8').slice(0, 4000);
    check(`dist/${module} is an AMD module`, /define\(\s*\[/.test(head));
    check(`dist/${module} keeps react external`, /"react"/.test(head));
  }
}
check(
  'backend ships its native SQLite binding',
  fs.existsSync(path.join(dist, 'backend/node_modules/better-sqlite3/build/Release/better_sqlite3.node'))
);

// Secrets belong in secureJsonData only: scan provisioning for keys that look secret in jsonData.
const SECRET_KEY = /(key|token|secret|password|credential)/i;
function scanYaml(dir) {
  if (!fs.existsSync(dir)) {
    return;
  }
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      scanYaml(file);
    } else if (/\.ya?ml$/.test(entry.name)) {
      let inJsonData = false;
      let indent = -1;
      for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
        const match = /^(\s*)([A-Za-z_]+):/.exec(line);
        if (!match) {
          continue;
        }
        const depth = match[1].length;
        if (inJsonData && depth <= indent) {
          inJsonData = false;
        }
        if (match[2] === 'jsonData') {
          inJsonData = true;
          indent = depth;
        } else if (inJsonData && SECRET_KEY.test(match[2])) {
          check(`${path.relative(root, file)}: no secret "${match[2]}" in jsonData`, false);
        }
      }
    }
  }
}
scanYaml(path.join(root, 'provisioning'));

let failed = 0;
for (const r of results) {
  if (!r.ok) {
    failed++;
  }
  console.log(`${r.ok ? 'ok  ' : 'FAIL'} ${r.name}${r.detail && !r.ok ? ` (${r.detail})` : ''}`);
}
console.log(`plugin check: ${results.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
