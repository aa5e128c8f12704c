import { existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The packages Grafana itself provides to plugins at run time (its SystemJS "shared dependencies"), which the
 * plugin build marks as externals. The host page bundles its own copy of each one that is installed and registers
 * it under the same bare name. `d3` is listed although it is not installed yet: it is picked up the day it is.
 */
export const SHARED_PACKAGE_NAMES = [
  'react',
  'react/jsx-runtime',
  'react-dom',
  'react-dom/client',
  'react-router',
  'react-router-dom',
  '@grafana/data',
  '@grafana/ui',
  '@grafana/runtime',
  '@grafana/i18n',
  '@grafana/schema',
  'rxjs',
  'rxjs/operators',
  '@emotion/css',
  '@emotion/react',
  'd3',
  'lodash',
  'moment',
  'i18next',
] as const;

function packageRoot(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/** The shared names whose package is present in node_modules (so esbuild can bundle them). */
export function installedSharedPackages(repoRoot: string): string[] {
  return SHARED_PACKAGE_NAMES.filter((name) =>
    existsSync(join(repoRoot, 'node_modules', packageRoot(name), 'package.json'))
  );
}

/** Source of the virtual module `host:shared`: `export const sharedModules = { 'react': ns, … }`. */
export function sharedModulesSource(names: string[]): string {
  const imports = names.map((name, i) => `import * as m${i} from ${JSON.stringify(name)};`);
  const entries = names.map((name, i) => `  ${JSON.stringify(name)}: m${i},`);
  return `${imports.join('\n')}\nexport const sharedModules = {\n${entries.join('\n')}\n};\n`;
}
