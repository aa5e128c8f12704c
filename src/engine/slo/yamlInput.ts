/** Parses YAML text (one or many documents) into plain values, turning syntax errors into field-style messages. */
import { parseAllDocuments } from 'yaml';
import { SloValidationError } from './types';

export function parseYamlDocuments(text: string): { docs: unknown[]; errors: SloValidationError[] } {
  const docs: unknown[] = [];
  const errors: SloValidationError[] = [];
  parseAllDocuments(text).forEach((doc, i) => {
    if (doc.errors.length > 0) {
      for (const e of doc.errors) {
        errors.push({ path: `document[${i}]`, message: `YAML syntax: ${e.message.split('\n')[0]}` });
      }
      return;
    }
    const value = doc.toJS();
    if (value !== null && value !== undefined) {
      docs.push(value);
    }
  });
  return { docs, errors };
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
