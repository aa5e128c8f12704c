import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Icons for @grafana/ui's <Icon>, which fetches `public/build/img/icons/<dir>/<name>.svg` at run time.
 * Grafana ships the whole set; npm's @grafana/ui only a subset (e.g. no heart-rate, no spinner). The host answers:
 * 1. the file shipped in @grafana/ui/dist/public/img/icons, else
 * 2. for `unicons/<name>`, the same Unicons line icon from @iconify-json/uil (the set Grafana's unicons come from),
 * 3. for `unicons/spinner`, a spinner (Grafana's own drawing is not on npm; <Icon> rotates it with CSS).
 * Anything else is undefined (→ 404, as Grafana would answer for an unknown icon).
 */
export function iconSvg(repoRoot: string, relativePath: string): { file?: string; svg?: string } | undefined {
  const shipped = join(repoRoot, 'node_modules', '@grafana', 'ui', 'dist', 'public', 'img', 'icons', relativePath);
  if (!relativePath.includes('..') && existsSync(shipped)) {
    return { file: shipped };
  }
  const match = /^unicons\/([a-z0-9-]+)\.svg$/.exec(relativePath);
  if (!match) {
    return undefined;
  }
  if (match[1] === 'spinner') {
    return {
      svg: '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><path fill="currentColor" d="M12 2a10 10 0 1 0 10 10h-2a8 8 0 1 1-8-8z"/></svg>',
    };
  }
  const body = unicons(repoRoot)?.icons[match[1]]?.body;
  return body ? { svg: `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24">${body}</svg>` } : undefined;
}

let uil: { icons: Record<string, { body: string }> } | null | undefined;

function unicons(repoRoot: string) {
  if (uil === undefined) {
    const file = join(repoRoot, 'node_modules', '@iconify-json', 'uil', 'icons.json');
    uil = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : null;
  }
  return uil;
}
