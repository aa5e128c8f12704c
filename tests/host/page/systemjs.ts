/** The part of SystemJS (npm `systemjs`, loaded by the page after the host bundle) that the host uses. */
interface SystemJSLoader {
  set(id: string, module: Record<string, unknown>): unknown;
  import(url: string): Promise<Record<string, unknown>>;
  addImportMap(map: { imports: Record<string, string> }, base?: string): void;
}

declare global {
  interface Window {
    System?: SystemJSLoader;
  }
}

/** Grafana registers its shared packages under an URL-like id and maps the bare name to it. */
const SHARED_PREFIX = 'package:';

function systemJS(): SystemJSLoader {
  if (!window.System) {
    throw new Error(
      'SystemJS is not loaded: the page must load system.min.js and extras/amd.min.js after the host bundle'
    );
  }
  return window.System;
}

/**
 * Registers the host's own copies of the shared packages. `{ default: ns, __useDefault: true }` makes SystemJS's AMD
 * extra hand the plugin the live namespace object itself (so later `setX()` calls stay visible through getters).
 */
export function registerSharedModules(modules: Record<string, unknown>): string[] {
  const loader = systemJS();
  const imports: Record<string, string> = {};
  for (const [name, namespace] of Object.entries(modules)) {
    loader.set(`${SHARED_PREFIX}${name}`, { default: namespace, __useDefault: true });
    imports[name] = `${SHARED_PREFIX}${name}`;
  }
  loader.addImportMap({ imports });
  return Object.keys(imports);
}

export function importPluginModule(url: string): Promise<Record<string, unknown>> {
  return systemJS().import(url);
}
