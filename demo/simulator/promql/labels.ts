// Label-set helpers shared by the store and the evaluator.
import type { Labels } from './exposition';

/** A canonical key for a label set: sorted name/value pairs (NUL-separated, which no label contains). */
export function labelsKey(labels: Labels): string {
  return Object.keys(labels)
    .sort()
    .map((k) => `${k}\u0000${labels[k]}`)
    .join('\u0001');
}

/** Label set without __name__ (Prometheus drops it from the result of most operations). */
export function dropName(labels: Labels): Labels {
  const { __name__: _omit, ...rest } = labels;
  return rest;
}

export function compareLabels(a: Labels, b: Labels): number {
  const ka = labelsKey(a);
  const kb = labelsKey(b);
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}
