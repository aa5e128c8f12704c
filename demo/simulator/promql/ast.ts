// Syntax tree of the PromQL subset the simulator answers (see parser.ts for the grammar it accepts).

/** Thrown for queries outside the subset or malformed queries: the API answers 400 bad_data with its message. */
export class PromQLBadData extends Error {}

/** Thrown while evaluating a well-formed query (e.g. many-to-many matching): the API answers 422 execution. */
export class PromQLExecutionError extends Error {}

export type MatchOp = '=' | '!=' | '=~' | '!~';

export interface LabelMatcher {
  name: string;
  op: MatchOp;
  value: string;
  /** Anchored regex for =~ and !~. */
  regex?: RegExp;
}

export type ValueType = 'scalar' | 'vector' | 'matrix';

export type ArithmeticOp = '+' | '-' | '*' | '/';
export type ComparisonOp = '==' | '!=' | '>' | '<' | '>=' | '<=';
export type SetOp = 'and' | 'or' | 'unless';
export type BinaryOp = ArithmeticOp | ComparisonOp | SetOp;

export type AggregateOp = 'sum' | 'avg' | 'min' | 'max' | 'count';

export interface VectorMatching {
  /** true for on(...), false for ignoring(...). */
  on: boolean;
  labels: string[];
}

export type Expr =
  | { type: 'number'; value: number }
  | VectorSelector
  | MatrixSelector
  | { type: 'call'; func: string; args: Expr[] }
  | { type: 'aggregate'; op: AggregateOp; grouping: string[]; without: boolean; expr: Expr }
  | {
      type: 'binary';
      op: BinaryOp;
      lhs: Expr;
      rhs: Expr;
      bool: boolean;
      matching?: VectorMatching;
    }
  | { type: 'unary'; op: '-' | '+'; expr: Expr }
  | { type: 'paren'; expr: Expr };

export interface VectorSelector {
  type: 'vectorSelector';
  matchers: LabelMatcher[];
  offsetMs: number;
}

export interface MatrixSelector {
  type: 'matrixSelector';
  selector: VectorSelector;
  rangeMs: number;
}

export const COMPARISON_OPS: readonly string[] = ['==', '!=', '>', '<', '>=', '<='];
export const SET_OPS: readonly string[] = ['and', 'or', 'unless'];

/** The type an expression evaluates to (Prometheus' static typing). */
export function typeOf(e: Expr): ValueType {
  switch (e.type) {
    case 'number':
      return 'scalar';
    case 'vectorSelector':
    case 'aggregate':
      return 'vector';
    case 'matrixSelector':
      return 'matrix';
    case 'call':
      return e.func === 'scalar' || e.func === 'time' ? 'scalar' : 'vector';
    case 'binary':
      return typeOf(e.lhs) === 'scalar' && typeOf(e.rhs) === 'scalar' ? 'scalar' : 'vector';
    case 'unary':
    case 'paren':
      return typeOf(e.expr);
  }
}
