/**
 * Foresight's own SLO file: a list of SloSpecs with optional file-wide `service` and `labels` defaults.
 *
 *   apiVersion: foresight/v1
 *   service: checkout
 *   slos:
 *     - id: checkout-availability
 *       objective: 0.999
 *       window: 30d
 *       sli:
 *         kind: ratio
 *         badQuery: sum(rate(http_requests_total{job="checkout",code=~"5.."}[{{.window}}]))
 *         totalQuery: sum(rate(http_requests_total{job="checkout"}[{{.window}}]))
 */
import { toYaml } from './ruleYaml';
import { SloSpec, SloValidationError } from './types';
import { parseSloList } from './validate';
import { isRecord } from './yamlInput';

export const NATIVE_API_VERSION = 'foresight/v1';

export function fromNativeDocument(doc: unknown): { specs: SloSpec[]; errors: SloValidationError[] } {
  if (!isRecord(doc)) {
    return { specs: [], errors: [{ path: '', message: 'must be a map with a `slos` list' }] };
  }
  const errors: SloValidationError[] = [];
  if (doc.apiVersion !== undefined && doc.apiVersion !== NATIVE_API_VERSION) {
    errors.push({
      path: 'apiVersion',
      message: `must be ${NATIVE_API_VERSION}, got ${JSON.stringify(doc.apiVersion)}`,
    });
    return { specs: [], errors };
  }
  const service = typeof doc.service === 'string' ? doc.service : undefined;
  const labels: Record<string, string> = {};
  if (isRecord(doc.labels)) {
    for (const [k, v] of Object.entries(doc.labels)) {
      labels[k] = String(v);
    }
  }
  return parseSloList(doc.slos, 'slos', { service, labels });
}

export function toNativeYaml(specs: SloSpec[]): string {
  return toYaml({ apiVersion: NATIVE_API_VERSION, slos: specs });
}
