import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { build, version as esbuildVersion, type Plugin } from 'esbuild';
import { installedSharedPackages, sharedModulesSource } from './sharedPackages';

export interface HostBundle {
  /** Absolute path of the built page script (tests/host/build/host.js). */
  script: string;
  /** Bare names registered in SystemJS, in the order of the bundle. */
  shared: string[];
  /** True when the cached build was reused. */
  cached: boolean;
  millis: number;
}

function listFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? listFiles(path) : [path];
  });
}

/**
 * Everything the bundle depends on: page sources, the provisioned dashboards the dashboard view bundles, the lockfile,
 * the shared list and esbuild's version.
 */
function cacheKey(repoRoot: string, pageDir: string, shared: string[]): string {
  const hash = createHash('sha256');
  hash.update(`esbuild ${esbuildVersion}\n${shared.join(',')}\n`);
  const lockfile = join(repoRoot, 'package-lock.json');
  if (existsSync(lockfile)) {
    hash.update(readFileSync(lockfile));
  }
  const dashboards = join(repoRoot, 'provisioning', 'dashboards');
  const sources = [...listFiles(pageDir), ...(existsSync(dashboards) ? listFiles(dashboards) : [])];
  for (const file of sources.sort()) {
    hash.update(relative(repoRoot, file));
    hash.update(readFileSync(file));
  }
  return hash.digest('hex');
}

const sharedModulesPlugin = (source: string): Plugin => ({
  name: 'host-shared-modules',
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /^host:shared$/ }, () => ({ path: 'host:shared', namespace: 'host-shared' }));
    pluginBuild.onLoad({ filter: /.*/, namespace: 'host-shared' }, () => ({
      contents: source,
      loader: 'js',
      resolveDir: process.cwd(),
    }));
  },
});

/**
 * Bundles the host page (its own copies of the shared packages + the host's runtime services) with esbuild,
 * once; later starts reuse tests/host/build/host.js while the cache key is unchanged.
 */
export async function buildHostBundle(repoRoot: string): Promise<HostBundle> {
  const started = Date.now();
  const hostDir = join(repoRoot, 'tests', 'host');
  const pageDir = join(hostDir, 'page');
  const outDir = join(hostDir, 'build');
  const script = join(outDir, 'host.js');
  const keyFile = join(outDir, 'cache-key.txt');
  const shared = installedSharedPackages(repoRoot);
  const key = cacheKey(repoRoot, pageDir, shared);
  if (existsSync(script) && existsSync(keyFile) && readFileSync(keyFile, 'utf8') === key) {
    return { script, shared, cached: true, millis: Date.now() - started };
  }
  // Build beside the output, then rename file by file: another host process (a concurrent test run) may be serving
  // build/ right now, and must never read a half-written host.js.
  const stagingDir = join(outDir, `.staging-${process.pid}-${Date.now()}`);
  mkdirSync(stagingDir, { recursive: true });
  await build({
    entryPoints: [join(pageDir, 'main.tsx')],
    absWorkingDir: repoRoot,
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'chrome120',
    outfile: join(stagingDir, 'host.js'),
    minify: true,
    sourcemap: 'linked',
    jsx: 'automatic',
    logLevel: 'warning',
    assetNames: 'assets/[name]-[hash]',
    publicPath: '/host/',
    loader: { '.svg': 'dataurl', '.png': 'file', '.ttf': 'file', '.woff': 'file', '.woff2': 'file' },
    define: { 'process.env.NODE_ENV': '"production"', global: 'window' },
    plugins: [sharedModulesPlugin(sharedModulesSource(shared))],
  });
  for (const file of listFiles(stagingDir)) {
    const target = join(outDir, relative(stagingDir, file));
    mkdirSync(dirname(target), { recursive: true });
    renameSync(file, target);
  }
  rmSync(stagingDir, { recursive: true, force: true });
  writeFileSync(keyFile, key);
  return { script, shared, cached: false, millis: Date.now() - started };
}
