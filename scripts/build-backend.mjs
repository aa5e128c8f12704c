// Bundles the Node backend (pkg/src/main.ts) into dist/backend/server.js and copies the one native dependency
// (better-sqlite3 with its compiled addon, plus its run-time requires `bindings` and `file-uri-to-path`) beside it,
// so `node dist/backend/server.js` runs from the plugin archive alone.
import { build } from 'esbuild';
import { cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const finalDir = join(root, 'dist', 'backend');
// Built beside the final folder and swapped in with renames, so a backend already running from dist/backend (another
// test in the same tree) never sees a half-written folder.
const outDir = join(root, 'dist', `.backend-build-${process.pid}`);
const NATIVE_PACKAGES = ['better-sqlite3', 'bindings', 'file-uri-to-path'];

/** Only what better-sqlite3 loads at run time: its JS, package.json and the compiled .node addon. */
function keepForRuntime(pkg, source) {
  const rel = relative(join(root, 'node_modules', pkg), source)
    .split('\\')
    .join('/');
  if (pkg !== 'better-sqlite3' || rel === '') {
    return true;
  }
  if (rel === 'package.json' || rel === 'lib' || rel.startsWith('lib/')) {
    return true;
  }
  if (rel === 'build' || rel === 'build/Release') {
    return true;
  }
  return rel === 'build/Release/better_sqlite3.node';
}

/** Replaces `target` by `fresh` with two renames; retries when a concurrent build swaps at the same moment. */
function swapIntoPlace(fresh, target, retired) {
  for (let attempt = 1; ; attempt++) {
    try {
      if (existsSync(target)) {
        renameSync(target, retired);
      }
      renameSync(fresh, target);
      return;
    } catch (err) {
      const racing = err && (err.code === 'ENOENT' || err.code === 'ENOTEMPTY' || err.code === 'EEXIST');
      if (!racing || attempt >= 5) {
        throw err;
      }
      rmSync(retired, { recursive: true, force: true });
    }
  }
}

async function main() {
  const started = Date.now();
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });

  await build({
    entryPoints: [join(root, 'pkg', 'src', 'main.ts')],
    outfile: join(outDir, 'server.js'),
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    external: ['better-sqlite3'],
    sourcemap: true,
    legalComments: 'linked',
    logLevel: 'warning',
  });

  for (const pkg of NATIVE_PACKAGES) {
    const source = join(root, 'node_modules', pkg);
    if (!existsSync(source)) {
      throw new Error(`build-backend: node_modules/${pkg} is missing; run npm ci first`);
    }
    cpSync(source, join(outDir, 'node_modules', pkg), {
      recursive: true,
      dereference: true,
      filter: (path) => keepForRuntime(pkg, path),
    });
  }
  const addon = join(outDir, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');
  if (!existsSync(addon)) {
    throw new Error(
      'build-backend: better_sqlite3.node was not built (npm ci must run the better-sqlite3 install script)'
    );
  }
  // Marks the folder as CommonJS even if the archive is unpacked under a package with "type": "module".
  const rootPackage = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  writeFileSync(
    join(outDir, 'package.json'),
    `${JSON.stringify({ name: 'foresight-backend', version: rootPackage.version, private: true, type: 'commonjs', main: 'server.js' }, null, 2)}\n`
  );

  const retired = join(root, 'dist', `.backend-old-${process.pid}`);
  swapIntoPlace(outDir, finalDir, retired);
  rmSync(retired, { recursive: true, force: true });

  const kib = (path) => (statSync(path).size / 1024).toFixed(0);
  console.log(
    `build-backend: dist/backend/server.js ${kib(join(finalDir, 'server.js'))} KiB, better_sqlite3.node ${kib(join(finalDir, relative(outDir, addon)))} KiB, ${Date.now() - started} ms`
  );
}

main().catch((err) => {
  rmSync(outDir, { recursive: true, force: true });
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
