// Label-matcher regexes: Prometheus uses Go's RE2, fully anchored. JavaScript's RegExp agrees on the common syntax;
// the RE2 spellings it lacks are translated, and what RE2 itself rejects (backreferences, lookaround) is rejected
// here too, so a matcher never silently means something else.
import { PromQLBadData } from './ast';

const POSIX_CLASSES: Record<string, string> = {
  alnum: '0-9A-Za-z',
  alpha: 'A-Za-z',
  digit: '0-9',
  lower: 'a-z',
  upper: 'A-Z',
  space: '\\t\\n\\v\\f\\r ',
  word: '0-9A-Za-z_',
  xdigit: '0-9A-Fa-f',
  punct: '!-\\/:-@\\[-`{-~',
};

export function compileLabelRegex(pattern: string): RegExp {
  let body = pattern;
  let flags = '';
  // RE2 allows leading flag groups such as (?i) or (?is); JavaScript only takes flags outside the pattern.
  const leading = /^\(\?([is]+)\)/.exec(body);
  if (leading) {
    flags = [...new Set(leading[1])].join('');
    body = body.slice(leading[0].length);
  }
  if (/\\[1-9]/.test(body)) {
    throw new PromQLBadData(
      `invalid regular expression ${JSON.stringify(pattern)}: backreferences are not supported by RE2`
    );
  }
  if (/\(\?<?[=!]/.test(body)) {
    throw new PromQLBadData(
      `invalid regular expression ${JSON.stringify(pattern)}: lookaround is not supported by RE2`
    );
  }
  if (/\(\?[a-zA-Z-]+[:)]/.test(body)) {
    throw new PromQLBadData(
      `invalid regular expression ${JSON.stringify(pattern)}: flag groups are only supported at the start, e.g. (?i)`
    );
  }
  body = body
    .replace(/\(\?P</g, '(?<')
    .replace(/\[:(\^?)([a-z]+):\]/g, (whole, negate: string, name: string) => {
      const cls = POSIX_CLASSES[name];
      if (!cls) {
        throw new PromQLBadData(`invalid regular expression ${JSON.stringify(pattern)}: unknown class [:${name}:]`);
      }
      if (negate) {
        throw new PromQLBadData(
          `invalid regular expression ${JSON.stringify(pattern)}: negated class ${whole} is not supported`
        );
      }
      return cls;
    })
    .replace(/\\A/g, '^')
    .replace(/\\z/g, '$');
  try {
    return new RegExp(`^(?:${body})$`, flags);
  } catch (err) {
    throw new PromQLBadData(`invalid regular expression ${JSON.stringify(pattern)}: ${(err as Error).message}`);
  }
}
