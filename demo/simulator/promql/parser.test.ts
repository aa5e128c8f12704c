import { PromQLBadData } from './ast';
import { parsePromDuration, tokenize } from './lexer';
import { parsePromQL } from './parser';

/** A compact rendering of the tree, to state the expected structure in one line. */
function show(query: string): string {
  const render = (e: ReturnType<typeof parsePromQL>): string => {
    switch (e.type) {
      case 'number':
        return String(e.value);
      case 'vectorSelector':
        return `sel{${e.matchers.map((m) => `${m.name}${m.op}${m.value}`).join(',')}}${e.offsetMs ? ` offset ${e.offsetMs}` : ''}`;
      case 'matrixSelector':
        return `${render(e.selector)}[${e.rangeMs}]`;
      case 'call':
        return `${e.func}(${e.args.map(render).join(', ')})`;
      case 'aggregate':
        return `${e.op} ${e.without ? 'without' : 'by'}(${e.grouping.join(',')}) (${render(e.expr)})`;
      case 'binary':
        return `(${render(e.lhs)} ${e.op}${e.bool ? ' bool' : ''}${e.matching ? ` ${e.matching.on ? 'on' : 'ignoring'}(${e.matching.labels.join(',')})` : ''} ${render(e.rhs)})`;
      case 'unary':
        return `${e.op}${render(e.expr)}`;
      case 'paren':
        return render(e.expr);
    }
  };
  return render(parsePromQL(query));
}

describe('parsePromQL', () => {
  it.each([
    ['1 + 2 * 3', '(1 + (2 * 3))'],
    ['1 - 2 - 3', '((1 - 2) - 3)'],
    ['-1', '-1'],
    ['2e3', '2000'],
    ['0x10', '16'],
    ['foo', 'sel{__name__=foo}'],
    ['foo:bar_total{a="x", b!="y", c=~"z.*", d!~\'w\',}', 'sel{__name__=foo:bar_total,a=x,b!=y,c=~z.*,d!~w}'],
    ['{__name__=~"http_.*"}', 'sel{__name__=~http_.*}'],
    ['rate(x[5m])', 'rate(sel{__name__=x}[300000])'],
    ['rate(x[1m30s] offset 1h)', 'rate(sel{__name__=x} offset 3600000[90000])'],
    ['x offset 5m', 'sel{__name__=x} offset 300000'],
    ['sum by (a, b) (x)', 'sum by(a,b) (sel{__name__=x})'],
    ['sum(x) without (a)', 'sum without(a) (sel{__name__=x})'],
    ['count(x)', 'count by() (sel{__name__=x})'],
    ['a / on(service) b', '(sel{__name__=a} / on(service) sel{__name__=b})'],
    ['a > bool ignoring(le) b', '(sel{__name__=a} > bool ignoring(le) sel{__name__=b})'],
    ['a > bool 1', '(sel{__name__=a} > bool 1)'],
    ['a or b and c unless d', '(sel{__name__=a} or ((sel{__name__=b} and sel{__name__=c}) unless sel{__name__=d}))'],
    ['a + b > 2', '((sel{__name__=a} + sel{__name__=b}) > 2)'],
    [
      'histogram_quantile(0.95, sum by (le) (rate(h_bucket[5m])))',
      'histogram_quantile(0.95, sum by(le) (rate(sel{__name__=h_bucket}[300000])))',
    ],
    ['clamp_min(abs(x), 0)', 'clamp_min(abs(sel{__name__=x}), 0)'],
    ['scalar(x) * vector(time())', '(scalar(sel{__name__=x}) * vector(time()))'],
    ['(a)\n/\n(b) # comment', '(sel{__name__=a} / sel{__name__=b})'],
    ['x{le=~"0[.]5\\\\d*"}', 'sel{__name__=x,le=~0[.]5\\d*}'],
  ])('%s', (query, want) => {
    expect(show(query)).toBe(want);
  });

  it.each([
    ['topk(3, x)', /aggregation "topk" is not supported/],
    ['quantile_over_time(0.9, x[5m])', /function "quantile_over_time" is not supported/],
    ['label_replace(x, "a", "b", "c", "d")', /function "label_replace" is not supported/],
    ['x % 2', /binary operator "%" is not supported/],
    ['x ^ 2', /binary operator "\^" is not supported/],
    ['a * on(x) group_left b', /group_left \(many-to-one matching\) is not supported/],
    ['rate(x[5m:1m])', /subqueries/],
    ['max_over_time(rate(x[1m])[5m:])', /subqueries/],
    ['x @ 100', /@ modifier/],
    ['"text"', /string literals/],
    ['rate(x)', /expected type range vector in call to function "rate", got instant vector/],
    ['sum(x[5m])', /expected type instant vector in aggregation/],
    ['1 > 2', /comparisons between scalars must use BOOL/],
    ['1 and 2', /set operator "and" not allowed/],
    ['x + bool 1', /bool modifier can only be used on comparison/],
    ['{a=""}', /at least one non-empty matcher/],
    ['x{a=~"(?=y)"}', /lookaround/],
    ['x{a=~"(a)\\\\1"}', /backreferences/],
    ['foo{__name__="bar"}', /metric name must not be set twice/],
    ['a > on(x) 1', /vector matching only allowed between instant vectors/],
    ['x[5m] + 1', /only scalar and instant vector/],
    ['sum(x', /expected "\)"/],
    ['', /empty query/],
    ['x[5]', /expected a duration/],
  ])('%s is rejected: %s', (query, message) => {
    expect(() => parsePromQL(query)).toThrow(PromQLBadData);
    expect(() => parsePromQL(query)).toThrow(message);
  });

  it('anchors regexes and translates RE2-only syntax', () => {
    const sel = parsePromQL('x{a=~"(?i)ab|c", b=~"[[:digit:]]+", c=~"(?P<n>x)y"}');
    if (sel.type !== 'vectorSelector') {
      throw new Error('expected a selector');
    }
    const [, a, b, c] = sel.matchers;
    expect(['AB', 'c', 'abc', 'xab'].map((v) => a.regex!.test(v))).toEqual([true, true, false, false]);
    expect(['123', '12a'].map((v) => b.regex!.test(v))).toEqual([true, false]);
    expect(c.regex!.test('xy')).toBe(true);
  });
});

describe('lexer', () => {
  it.each([
    ['5m', 300_000],
    ['1h30m', 5_400_000],
    ['100ms', 100],
    ['1d', 86_400_000],
    ['1m0s', 60_000],
    ['30s1m', undefined],
    ['5', undefined],
  ])('duration %s -> %s', (text, ms) => {
    expect(parsePromDuration(text)).toBe(ms);
  });

  it('unescapes strings in all three quote styles', () => {
    const strings = tokenize('"a\\"b\\n" \'c\\\'d\' `e\\f`')
      .filter((t) => t.kind === 'string')
      .map((t) => t.text);
    expect(strings).toEqual(['a"b\n', "c'd", 'e\\f']);
  });
});
