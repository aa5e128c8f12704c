import type { z } from 'zod';
import { badRequest } from './errors';

/** `services[2].dependsOn[0]`: the path of a zod issue in the notation a user would write. */
export function formatFieldPath(path: ReadonlyArray<string | number>): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') {
      out += `[${part}]`;
    } else {
      out += out === '' ? part : `.${part}`;
    }
  }
  return out;
}

function describe(issue: z.ZodIssue): { field: string; message: string } {
  const field = formatFieldPath(issue.path);
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0];
    const unknownField = field === '' ? key : `${field}.${key}`;
    return { field: unknownField, message: `${unknownField}: unknown field` };
  }
  if (issue.code === 'invalid_type' && issue.received === 'undefined') {
    return { field, message: `${field || 'body'}: is required (${issue.expected})` };
  }
  return { field, message: `${field || 'body'}: ${issue.message}` };
}

/**
 * Parses untrusted input with a zod schema or throws a 400 naming the first offending field.
 * `where` prefixes the field ('query', 'params') when the input is not the body.
 */
export function parseOrBadRequest<S extends z.ZodTypeAny>(schema: S, input: unknown, where?: string): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) {
    return result.data;
  }
  const first = describe(result.error.issues[0]);
  const more = result.error.issues.length > 1 ? ` (and ${result.error.issues.length - 1} more problem(s))` : '';
  const field = where ? formatFieldPath([where, ...(first.field ? [first.field] : [])]) : first.field;
  return throwBadRequest(`${where ? `${where}.` : ''}${first.message}${more}`, field || undefined);
}

function throwBadRequest(message: string, field: string | undefined): never {
  throw badRequest(message, field);
}
