import { stableHash } from './hash';

/**
 * Deterministic incident id from the incident's earliest member (occurrence key and its startsAt):
 * `INC-YYYYMMDD-HHMM-xxxxxx` (UTC). The same alerts always give the same id, whichever order they arrived in.
 */
export function incidentId(firstOccurrenceKey: string, onsetAt: number): string {
  const iso = new Date(onsetAt).toISOString();
  const stamp = `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}-${iso.slice(11, 13)}${iso.slice(14, 16)}`;
  return `INC-${stamp}-${stableHash(firstOccurrenceKey).slice(0, 6)}`;
}
