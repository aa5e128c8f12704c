// Recursive-descent parser for the simulator's PromQL subset. Anything outside the subset is rejected with a
// PromQLBadData naming the construct, so the API answers 400 instead of a wrong result.
//
// expr      := binary
// binary    := unary { binop [bool] [on|ignoring (labels)] binary }      (precedence climbing, left-associative)
// unary     := ('-'|'+') unary | postfix
// postfix   := primary ['[' duration ']'] ['offset' duration]
// primary   := number | '(' expr ')' | selector | call | aggregation
import {
  type AggregateOp,
  type BinaryOp,
  COMPARISON_OPS,
  type Expr,
  type LabelMatcher,
  type MatchOp,
  PromQLBadData,
  SET_OPS,
  typeOf,
  type ValueType,
  type VectorMatching,
  type VectorSelector,
} from './ast';
import { type Token, tokenize } from './lexer';
import { compileLabelRegex } from './regex';

const PRECEDENCE: Record<string, number> = {
  or: 1,
  and: 2,
  unless: 2,
  '==': 3,
  '!=': 3,
  '>': 3,
  '<': 3,
  '>=': 3,
  '<=': 3,
  '+': 4,
  '-': 4,
  '*': 5,
  '/': 5,
};
/** Valid PromQL the subset leaves out: named so the error says "not supported" rather than "syntax error". */
const UNSUPPORTED_BINARY = ['%', '^', 'atan2'];

const AGGREGATIONS: readonly AggregateOp[] = ['sum', 'avg', 'min', 'max', 'count'];
const UNSUPPORTED_AGGREGATIONS = [
  'topk',
  'bottomk',
  'quantile',
  'count_values',
  'stddev',
  'stdvar',
  'group',
  'limitk',
  'limit_ratio',
];

interface FunctionSignature {
  args: ValueType[];
}
export const FUNCTIONS: Record<string, FunctionSignature> = {
  rate: { args: ['matrix'] },
  increase: { args: ['matrix'] },
  irate: { args: ['matrix'] },
  avg_over_time: { args: ['matrix'] },
  sum_over_time: { args: ['matrix'] },
  min_over_time: { args: ['matrix'] },
  max_over_time: { args: ['matrix'] },
  count_over_time: { args: ['matrix'] },
  histogram_quantile: { args: ['scalar', 'vector'] },
  vector: { args: ['scalar'] },
  scalar: { args: ['vector'] },
  time: { args: [] },
  abs: { args: ['vector'] },
  clamp_min: { args: ['vector', 'scalar'] },
  clamp_max: { args: ['vector', 'scalar'] },
};

const TYPE_NAMES: Record<ValueType, string> = { scalar: 'scalar', vector: 'instant vector', matrix: 'range vector' };

class Parser {
  private i = 0;
  constructor(
    private readonly tokens: Token[],
    private readonly query: string
  ) {}

  parse(): Expr {
    if (this.peek().kind === 'eof') {
      throw new PromQLBadData('empty query');
    }
    const expr = this.binary(0);
    if (this.peek().kind !== 'eof') {
      this.fail(`unexpected ${this.describe(this.peek())}`);
    }
    return expr;
  }

  private peek(offset = 0): Token {
    return this.tokens[Math.min(this.i + offset, this.tokens.length - 1)];
  }

  private next(): Token {
    const t = this.peek();
    this.i++;
    return t;
  }

  private isOp(text: string, offset = 0): boolean {
    const t = this.peek(offset);
    return t.kind === 'op' && t.text === text;
  }

  private isKeyword(text: string, offset = 0): boolean {
    const t = this.peek(offset);
    return t.kind === 'ident' && t.text.toLowerCase() === text;
  }

  private expectOp(text: string): void {
    if (!this.isOp(text)) {
      this.fail(`expected "${text}", got ${this.describe(this.peek())}`);
    }
    this.i++;
  }

  private describe(t: Token): string {
    return t.kind === 'eof' ? 'end of query' : `"${t.text}" at position ${t.pos}`;
  }

  private fail(message: string): never {
    throw new PromQLBadData(`parse error: ${message} in ${JSON.stringify(this.query)}`);
  }

  private binaryOperator(): string | undefined {
    const t = this.peek();
    if (t.kind === 'op' && (t.text in PRECEDENCE || UNSUPPORTED_BINARY.includes(t.text))) {
      return t.text;
    }
    if (t.kind === 'ident' && (SET_OPS.includes(t.text.toLowerCase()) || t.text.toLowerCase() === 'atan2')) {
      return t.text.toLowerCase();
    }
    return undefined;
  }

  private binary(minPrecedence: number): Expr {
    let lhs = this.unary();
    for (;;) {
      const op = this.binaryOperator();
      if (op === undefined) {
        return lhs;
      }
      if (UNSUPPORTED_BINARY.includes(op)) {
        throw new PromQLBadData(`binary operator "${op}" is not supported by the simulator's PromQL subset`);
      }
      const precedence = PRECEDENCE[op];
      if (precedence < minPrecedence) {
        return lhs;
      }
      this.next();
      let bool = false;
      if (this.isKeyword('bool')) {
        this.next();
        bool = true;
      }
      let matching: VectorMatching | undefined;
      if (this.isKeyword('on') || this.isKeyword('ignoring')) {
        const on = this.next().text.toLowerCase() === 'on';
        matching = { on, labels: this.labelList() };
      }
      if (this.isKeyword('group_left') || this.isKeyword('group_right')) {
        throw new PromQLBadData(
          `${this.peek().text.toLowerCase()} (many-to-one matching) is not supported by the simulator's PromQL subset`
        );
      }
      const rhs = this.binary(precedence + 1);
      lhs = this.checkBinary({ type: 'binary', op: op as BinaryOp, lhs, rhs, bool, matching });
    }
  }

  private checkBinary(e: Expr & { type: 'binary' }): Expr {
    const lt = typeOf(e.lhs);
    const rt = typeOf(e.rhs);
    if (lt === 'matrix' || rt === 'matrix') {
      this.fail('binary expression must contain only scalar and instant vector types');
    }
    const isComparison = COMPARISON_OPS.includes(e.op);
    if (e.bool && !isComparison) {
      this.fail('bool modifier can only be used on comparison operators');
    }
    if (SET_OPS.includes(e.op) && (lt !== 'vector' || rt !== 'vector')) {
      this.fail(`set operator "${e.op}" not allowed in binary scalar expression`);
    }
    if (isComparison && !e.bool && lt === 'scalar' && rt === 'scalar') {
      this.fail('comparisons between scalars must use BOOL modifier');
    }
    if (e.matching && (lt !== 'vector' || rt !== 'vector')) {
      this.fail('vector matching only allowed between instant vectors');
    }
    return e;
  }

  private unary(): Expr {
    if (this.isOp('-') || this.isOp('+')) {
      const op = this.next().text as '-' | '+';
      const expr = this.unary();
      if (typeOf(expr) === 'matrix') {
        this.fail('unary expression only allowed on expressions of type scalar or instant vector');
      }
      if (expr.type === 'number') {
        return { type: 'number', value: op === '-' ? -expr.value : expr.value };
      }
      return { type: 'unary', op, expr };
    }
    return this.postfix();
  }

  private postfix(): Expr {
    let expr = this.primary();
    if (this.isOp('[')) {
      const open = this.next();
      const colon = this.peek(1);
      if (colon.text === ':' || (colon.kind === 'ident' && colon.text.startsWith(':'))) {
        throw new PromQLBadData("subqueries ([range:step]) are not supported by the simulator's PromQL subset");
      }
      if (expr.type !== 'vectorSelector') {
        this.fail(`ranges only allowed for vector selectors (at position ${open.pos})`);
      }
      const range = this.duration('range');
      this.expectOp(']');
      if (range <= 0) {
        this.fail('range must be positive');
      }
      expr = { type: 'matrixSelector', selector: expr, rangeMs: range };
    }
    if (this.isKeyword('offset')) {
      this.next();
      const negative = this.isOp('-');
      if (negative) {
        this.next();
      }
      const offsetMs = this.duration('offset') * (negative ? -1 : 1);
      const selector =
        expr.type === 'matrixSelector' ? expr.selector : expr.type === 'vectorSelector' ? expr : undefined;
      if (!selector) {
        this.fail('offset modifier must be preceded by an instant vector selector or range vector selector');
      }
      if (selector.offsetMs !== 0) {
        this.fail('offset may not be set multiple times');
      }
      selector.offsetMs = offsetMs;
    }
    if (this.isOp('@')) {
      throw new PromQLBadData("the @ modifier is not supported by the simulator's PromQL subset");
    }
    if (this.isOp('[')) {
      this.fail('ranges only allowed for vector selectors (a range must come before offset)');
    }
    return expr;
  }

  private duration(what: string): number {
    const t = this.next();
    if (t.kind !== 'duration') {
      this.fail(`expected a duration for the ${what}, got ${this.describe(t)}`);
    }
    return t.value!;
  }

  private primary(): Expr {
    const t = this.peek();
    if (t.kind === 'number') {
      this.next();
      return { type: 'number', value: t.value! };
    }
    if (t.kind === 'string') {
      throw new PromQLBadData("string literals are not supported by the simulator's PromQL subset");
    }
    if (t.kind === 'op' && t.text === '(') {
      this.next();
      const expr = this.binary(0);
      this.expectOp(')');
      return { type: 'paren', expr };
    }
    if (t.kind === 'op' && t.text === '{') {
      return this.selector(undefined);
    }
    if (t.kind === 'ident') {
      const lower = t.text.toLowerCase();
      if ((lower === 'inf' || lower === 'nan') && !this.isOp('{', 1) && !this.isOp('(', 1)) {
        this.next();
        return { type: 'number', value: lower === 'inf' ? Infinity : NaN };
      }
      const startsAggregation = this.isOp('(', 1) || this.isKeyword('by', 1) || this.isKeyword('without', 1);
      if (startsAggregation && UNSUPPORTED_AGGREGATIONS.includes(lower)) {
        throw new PromQLBadData(`aggregation "${t.text}" is not supported by the simulator's PromQL subset`);
      }
      if (startsAggregation && (AGGREGATIONS as readonly string[]).includes(lower)) {
        return this.aggregation();
      }
      if (this.isOp('(', 1)) {
        return this.call();
      }
      this.next();
      return this.selector(t.text);
    }
    this.fail(`unexpected ${this.describe(t)}`);
  }

  private labelList(): string[] {
    this.expectOp('(');
    const labels: string[] = [];
    while (!this.isOp(')')) {
      const t = this.next();
      if (t.kind !== 'ident') {
        this.fail(`expected a label name, got ${this.describe(t)}`);
      }
      labels.push(t.text);
      if (!this.isOp(')')) {
        this.expectOp(',');
      }
    }
    this.next();
    return labels;
  }

  private aggregation(): Expr {
    const op = this.next().text.toLowerCase() as AggregateOp;
    let grouping: string[] = [];
    let without = false;
    let hasGrouping = false;
    const readGrouping = (): void => {
      if (this.isKeyword('by') || this.isKeyword('without')) {
        if (hasGrouping) {
          this.fail('grouping given twice');
        }
        without = this.next().text.toLowerCase() === 'without';
        grouping = this.labelList();
        hasGrouping = true;
      }
    };
    readGrouping();
    this.expectOp('(');
    const expr = this.binary(0);
    if (this.isOp(',')) {
      this.fail(`aggregation "${op}" takes one argument`);
    }
    this.expectOp(')');
    readGrouping();
    if (typeOf(expr) !== 'vector') {
      this.fail(`expected type instant vector in aggregation expression, got ${TYPE_NAMES[typeOf(expr)]}`);
    }
    return { type: 'aggregate', op, grouping, without, expr };
  }

  private call(): Expr {
    const name = this.next().text;
    const signature = FUNCTIONS[name];
    if (!signature) {
      throw new PromQLBadData(
        `function "${name}" is not supported by the simulator's PromQL subset (supported: ${Object.keys(FUNCTIONS).join(', ')})`
      );
    }
    this.expectOp('(');
    const args: Expr[] = [];
    while (!this.isOp(')')) {
      args.push(this.binary(0));
      if (!this.isOp(')')) {
        this.expectOp(',');
      }
    }
    this.next();
    if (args.length !== signature.args.length) {
      this.fail(`expected ${signature.args.length} argument(s) in call to "${name}", got ${args.length}`);
    }
    args.forEach((arg, k) => {
      const want = signature.args[k];
      if (typeOf(arg) !== want) {
        this.fail(`expected type ${TYPE_NAMES[want]} in call to function "${name}", got ${TYPE_NAMES[typeOf(arg)]}`);
      }
    });
    return { type: 'call', func: name, args };
  }

  private selector(name: string | undefined): VectorSelector {
    const matchers: LabelMatcher[] = [];
    if (name !== undefined) {
      matchers.push({ name: '__name__', op: '=', value: name });
    }
    if (this.isOp('{')) {
      this.next();
      while (!this.isOp('}')) {
        const label = this.next();
        if (label.kind !== 'ident') {
          this.fail(`expected a label name, got ${this.describe(label)}`);
        }
        const opToken = this.next();
        if (opToken.kind !== 'op' || !['=', '!=', '=~', '!~'].includes(opToken.text)) {
          this.fail(`expected a label matching operator, got ${this.describe(opToken)}`);
        }
        const value = this.next();
        if (value.kind !== 'string') {
          this.fail(`expected a string label value, got ${this.describe(value)}`);
        }
        if (label.text === '__name__' && name !== undefined) {
          this.fail(`metric name must not be set twice: ${JSON.stringify(name)}`);
        }
        const op = opToken.text as MatchOp;
        matchers.push({
          name: label.text,
          op,
          value: value.text,
          ...(op === '=~' || op === '!~' ? { regex: compileLabelRegex(value.text) } : {}),
        });
        if (!this.isOp('}')) {
          this.expectOp(',');
        }
      }
      this.next();
    }
    // Prometheus refuses selectors that would match every series.
    if (!matchers.some((m) => !matchesEmpty(m))) {
      this.fail('vector selector must contain at least one non-empty matcher');
    }
    return { type: 'vectorSelector', matchers, offsetMs: 0 };
  }
}

/** Whether a matcher accepts a series that lacks the label (an empty value). */
export function matchesEmpty(m: LabelMatcher): boolean {
  return matchLabel(m, '');
}

export function matchLabel(m: LabelMatcher, value: string): boolean {
  switch (m.op) {
    case '=':
      return value === m.value;
    case '!=':
      return value !== m.value;
    case '=~':
      return m.regex!.test(value);
    case '!~':
      return !m.regex!.test(value);
  }
}

export function parsePromQL(query: string): Expr {
  return new Parser(tokenize(query), query).parse();
}
