/**
 * Plugin route matching as Grafana does it (pkg/api/pluginproxy/pluginproxy.go → web.NewTree().Add(route.Path);
 * tree.Match(proxyPath), a port of the Macaron router tree in pkg/web/tree.go), for one route pattern.
 *
 * Consequences worth knowing (they surprise people):
 * - a pattern without a wildcard matches only that exact path: `backend` matches `backend` but NOT `backend/health`;
 * - `backend/*` matches `backend/health` and `backend/api/status` (params['*'] = the rest), but not `backend` alone;
 * - leading and trailing slashes of both pattern and path are ignored; segments are compared percent-decoded.
 * Supported segment kinds: static text, `:name` (one segment), `*` (the rest). Macaron's regexp forms
 * (`:id([0-9]+)`, `:int`, `*.*`) are rejected with an error rather than silently matched differently.
 */

export type RouteParams = Record<string, string>;

type Segment = { kind: 'static'; text: string } | { kind: 'holder'; name: string } | { kind: 'matchAll' };

function parseSegment(segment: string, pattern: string): Segment {
  if (segment === '*') {
    return { kind: 'matchAll' };
  }
  if (/^:[a-zA-Z0-9]+$/.test(segment)) {
    return { kind: 'holder', name: segment };
  }
  if (segment.includes(':') || segment === '*.*') {
    throw new Error(
      `route path "${pattern}": segment "${segment}" uses a Macaron pattern form the host does not implement`
    );
  }
  return { kind: 'static', text: segment };
}

/** Splits a route pattern the way Tree.Add does: trailing "/" dropped, then one leading "/" per level. */
function parsePattern(pattern: string): Segment[] {
  let rest = pattern.endsWith('/') ? pattern.slice(0, -1) : pattern;
  const segments: Segment[] = [];
  for (;;) {
    rest = rest.startsWith('/') ? rest.slice(1) : rest;
    const slash = rest.indexOf('/');
    if (slash === -1) {
      segments.push(parseSegment(rest, pattern));
      return segments;
    }
    segments.push(parseSegment(rest.slice(0, slash), pattern));
    rest = rest.slice(slash + 1);
  }
}

function unescapePath(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined; // Go's url.PathUnescape fails → no match
  }
}

/** Returns the captured params when `path` matches `pattern`, or undefined. */
export function matchRoutePath(pattern: string, path: string): RouteParams | undefined {
  const segments = parsePattern(pattern);
  let url = path.startsWith('/') ? path.slice(1) : path;
  url = url.endsWith('/') ? url.slice(0, -1) : url;
  const params: RouteParams = {};
  return matchLevel(segments, 0, url, params) ? params : undefined;
}

function matchLevel(segments: Segment[], level: number, url: string, params: RouteParams): boolean {
  const isLeafLevel = level === segments.length - 1;
  const slash = url.indexOf('/');
  if (slash === -1) {
    // Tree.matchLeaf: only the leaf of the last level can take a slash-free remainder.
    if (!isLeafLevel) {
      return false;
    }
    const value = unescapePath(url);
    if (value === undefined) {
      return false;
    }
    const leaf = segments[level];
    switch (leaf.kind) {
      case 'static':
        return leaf.text === value;
      case 'holder':
        params[leaf.name] = value;
        return true;
      case 'matchAll':
        params['*'] = value;
        return true;
    }
  }
  const head = url.slice(0, slash);
  const tail = url.slice(slash + 1);
  if (!isLeafLevel) {
    const segment = segments[level];
    const value = unescapePath(head);
    if (value === undefined) {
      return false;
    }
    if (segment.kind === 'static' && segment.text !== value) {
      return false;
    }
    if (!matchLevel(segments, level + 1, tail, params)) {
      return false;
    }
    if (segment.kind === 'holder') {
      params[segment.name] = value;
    }
    return true;
  }
  // Tree.matchSubtree fallback: a trailing `*` leaf swallows the whole remainder, slashes included.
  if (segments[level].kind === 'matchAll') {
    const value = unescapePath(`${head}/${tail}`);
    if (value === undefined) {
      return false;
    }
    params['*'] = value;
    return true;
  }
  return false;
}
