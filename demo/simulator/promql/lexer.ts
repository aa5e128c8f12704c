// Tokens of PromQL: identifiers (metric names may contain ':'), numbers, durations, strings and operators.
import { PromQLBadData } from './ast';

export type TokenKind = 'ident' | 'number' | 'duration' | 'string' | 'op' | 'eof';

export interface Token {
  kind: TokenKind;
  /** Source text (for strings: the unescaped value). */
  text: string;
  /** Offset in the query, for error messages. */
  pos: number;
  /** Numbers: the value; durations: milliseconds. */
  value?: number;
}

const DURATION_UNIT_MS: Record<string, number> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
  y: 31_536_000_000,
};
const UNIT_ORDER = ['y', 'w', 'd', 'h', 'm', 's', 'ms'];

/** Prometheus durations: one or more number+unit parts in descending unit order, e.g. "5m", "1m30s", "100ms". */
export function parsePromDuration(text: string): number | undefined {
  const parts = [...text.matchAll(/(\d+)(ms|[smhdwy])/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== text) {
    return undefined;
  }
  let ms = 0;
  let lastUnit = -1;
  for (const [, n, unit] of parts) {
    const order = UNIT_ORDER.indexOf(unit);
    if (order <= lastUnit) {
      return undefined;
    }
    lastUnit = order;
    ms += Number(n) * DURATION_UNIT_MS[unit];
  }
  return ms;
}

// Longest operators first so "=~" wins over "=".
const OPERATORS = [
  '=~',
  '!~',
  '!=',
  '==',
  '>=',
  '<=',
  '>',
  '<',
  '=',
  '+',
  '-',
  '*',
  '/',
  '%',
  '^',
  '(',
  ')',
  '{',
  '}',
  '[',
  ']',
  ',',
  ':',
  '@',
];

const ESCAPES: Record<string, string> = {
  n: '\n',
  t: '\t',
  r: '\r',
  '\\': '\\',
  '"': '"',
  "'": "'",
  a: '\x07',
  b: '\b',
  f: '\f',
  v: '\v',
};

function readString(query: string, start: number): { value: string; end: number } {
  const quote = query[start];
  let value = '';
  let i = start + 1;
  while (i < query.length && query[i] !== quote) {
    if (query[i] === '\\' && quote !== '`') {
      const next = query[i + 1];
      if (next === 'x' || next === 'u' || next === 'U') {
        const len = next === 'x' ? 2 : next === 'u' ? 4 : 8;
        const hex = query.slice(i + 2, i + 2 + len);
        if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== len) {
          throw new PromQLBadData(`invalid escape \\${next}${hex} in string at position ${i}`);
        }
        value += String.fromCodePoint(parseInt(hex, 16));
        i += 2 + len;
        continue;
      }
      if (next === undefined || !(next in ESCAPES)) {
        throw new PromQLBadData(`unknown escape sequence \\${next ?? ''} in string at position ${i}`);
      }
      value += ESCAPES[next];
      i += 2;
      continue;
    }
    value += query[i];
    i++;
  }
  if (i >= query.length) {
    throw new PromQLBadData(`unterminated string starting at position ${start}`);
  }
  return { value, end: i + 1 };
}

export function tokenize(query: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < query.length) {
    const c = query[i];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '#') {
      // Comment to the end of the line.
      while (i < query.length && query[i] !== '\n') {
        i++;
      }
      continue;
    }
    const rest = query.slice(i);
    if (c === '"' || c === "'" || c === '`') {
      const { value, end } = readString(query, i);
      tokens.push({ kind: 'string', text: value, pos: i });
      i = end;
      continue;
    }
    const duration = /^(?:\d+(?:ms|[smhdwy]))+(?![\w.])/.exec(rest);
    if (duration) {
      const ms = parsePromDuration(duration[0]);
      if (ms === undefined) {
        throw new PromQLBadData(`bad duration ${JSON.stringify(duration[0])} at position ${i}`);
      }
      tokens.push({ kind: 'duration', text: duration[0], pos: i, value: ms });
      i += duration[0].length;
      continue;
    }
    const number = /^(?:0[xX][0-9a-fA-F]+|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)(?![\w.:])/.exec(rest);
    if (number) {
      tokens.push({ kind: 'number', text: number[0], pos: i, value: Number(number[0]) });
      i += number[0].length;
      continue;
    }
    const ident = /^[a-zA-Z_:][\w:]*/.exec(rest);
    if (ident) {
      tokens.push({ kind: 'ident', text: ident[0], pos: i });
      i += ident[0].length;
      continue;
    }
    const op = OPERATORS.find((o) => rest.startsWith(o));
    if (!op) {
      throw new PromQLBadData(`unexpected character ${JSON.stringify(c)} at position ${i}`);
    }
    tokens.push({ kind: 'op', text: op, pos: i });
    i += op.length;
  }
  tokens.push({ kind: 'eof', text: '', pos: query.length });
  return tokens;
}
