/** One entry point for SLO files: detects Foresight, Sloth `prometheus/v1` or OpenSLO v1 YAML (or JSON). */
import { fromNativeDocument } from './nativeFormat';
import { fromOpenSloDocuments, OPENSLO_VERSION } from './openslo';
import { fromSlothDocument, SLOTH_VERSION } from './sloth';
import { SloSpec, SloValidationError } from './types';
import { isRecord, parseYamlDocuments } from './yamlInput';

export type SloFileFormat = 'foresight' | 'sloth' | 'openslo';

export interface SloImport {
  format: SloFileFormat | null;
  specs: SloSpec[];
  errors: SloValidationError[];
}

export function detectFormat(docs: unknown[]): SloFileFormat {
  const first = docs[0];
  if (isRecord(first) && first.version === SLOTH_VERSION) {
    return 'sloth';
  }
  if (isRecord(first) && first.apiVersion === OPENSLO_VERSION) {
    return 'openslo';
  }
  return 'foresight';
}

/** `slothWindow`: the SLO period for Sloth files, whose period is a generator flag rather than part of the spec. */
export function importSlos(text: string, slothWindow = '30d'): SloImport {
  const { docs, errors } = parseYamlDocuments(text);
  if (errors.length > 0) {
    return { format: null, specs: [], errors };
  }
  if (docs.length === 0) {
    return { format: null, specs: [], errors: [{ path: '', message: 'the file is empty' }] };
  }
  const format = detectFormat(docs);
  if (format === 'openslo') {
    return { format, ...fromOpenSloDocuments(docs) };
  }
  if (docs.length > 1) {
    return {
      format,
      specs: [],
      errors: [{ path: 'document[1]', message: `a ${format} file holds one document, got ${docs.length}` }],
    };
  }
  return { format, ...(format === 'sloth' ? fromSlothDocument(docs[0], slothWindow) : fromNativeDocument(docs[0])) };
}
