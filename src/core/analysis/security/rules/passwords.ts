import type { SyntaxNode } from '../../parser';
import { callRule, nodeRule, type RuleContext } from '../rule';
import { isBytes, literalValue, stringValue, unparenthesize } from '../literals';

const WORDS = '(pas+wo?r?d|pass(phrase)?|pwd|token|secrete?)';
/** Bandit's RE_CANDIDATES: a password-like word as the whole name or a `_`-separated part of it. */
export const PASSWORD_NAME = new RegExp(`(^${WORDS}$|_${WORDS}_|^${WORDS}_|_${WORDS}$)`, 'i');
/** Found in any text containing a name that PASSWORD_NAME matches. */
const PASSWORD_WORD = new RegExp(WORDS, 'i');

function nameLooksLikePassword(target: SyntaxNode | null): boolean {
  const expr = unparenthesize(target);
  if (expr?.type === 'identifier') return PASSWORD_NAME.test(expr.text);
  if (expr?.type === 'attribute') return PASSWORD_NAME.test(expr.childForFieldName('attribute')?.text ?? '');
  return false;
}

/** The value finally assigned by `a = b = value` (Python's single Assign with several targets). */
function assignedValue(assignment: SyntaxNode): SyntaxNode | null {
  let value = unparenthesize(assignment.childForFieldName('right'));
  while (value?.type === 'assignment') value = unparenthesize(value.childForFieldName('right'));
  return value;
}

/**
 * B105 from the assignment's side: a string literal assigned to a password-like
 * name or attribute, or stored under a password-like string key
 * (`config["secret"] = "x"`). Annotated assignments are AnnAssign in Python: skipped.
 */
function checkAssignment(node: SyntaxNode, ctx: RuleContext, reported: Set<number>): void {
  if (node.childForFieldName('type')) return;
  const left = unparenthesize(node.childForFieldName('left'));
  if (!left) return;
  if (left.type === 'subscript') {
    const key = unparenthesize(left.childForFieldName('subscript'));
    const keyValue = stringValue(key);
    if (!key || keyValue === undefined || !PASSWORD_NAME.test(keyValue)) return;
    const assigned = stringValue(unparenthesize(node.childForFieldName('right')));
    if (assigned !== undefined) ctx.report('B105', key, { fill: { name: assigned } });
    return;
  }
  if (!nameLooksLikePassword(left)) return;
  const value = assignedValue(node);
  const literal = stringValue(value);
  if (!value || literal === undefined || reported.has(value.id)) return;
  reported.add(value.id);
  ctx.report('B105', value, { fill: { name: literal } });
}

/** B105 for `password == "x"` (the password-like name must be the left operand, as in Bandit). */
function checkComparison(node: SyntaxNode, ctx: RuleContext): void {
  // namedChild(i) instead of namedChildren: most comparisons stop at the first operand.
  if (!nameLooksLikePassword(node.namedChild(0))) return;
  const compared = unparenthesize(node.namedChild(1));
  const literal = stringValue(compared);
  if (compared && literal !== undefined) ctx.report('B105', compared, { fill: { name: literal } });
}

/**
 * B105 for `{"password": "x"}` (Bandit 1.9.3+, reported at the key). Bandit takes any constant value;
 * we take strings and bytes only: `{"password": None}`, `{"token": 0}` or `{"secret": True}` are
 * placeholders and flags, not secrets (the other B105 forms require a string too).
 */
function checkDictionaryEntry(pair: SyntaxNode, ctx: RuleContext): void {
  const key = unparenthesize(pair.childForFieldName('key'));
  if (key?.type !== 'string' && key?.type !== 'concatenated_string') return;
  if (pair.parent?.type !== 'dictionary') return;
  const name = stringValue(key);
  if (name === undefined || !PASSWORD_NAME.test(name)) return;
  const value = unparenthesize(pair.childForFieldName('value'));
  const secret = value?.type === 'string' && isBytes(value) ? literalValue(value) : stringValue(value);
  if (typeof secret === 'string') ctx.report('B105', key, { fill: { name: secret } });
}

/** B107 looks at positional parameters only, as Bandit (`args.args`). */
function positionalDefaults(parameters: SyntaxNode): SyntaxNode[] {
  const defaults: SyntaxNode[] = [];
  for (const parameter of parameters.namedChildren) {
    if (!parameter) continue;
    const type = parameter.type;
    if (type === 'keyword_separator' || type === 'list_splat_pattern' || type === 'dictionary_splat_pattern') break;
    if (type === 'default_parameter' || type === 'typed_default_parameter') defaults.push(parameter);
  }
  return defaults;
}

export function isAsync(functionDefinition: SyntaxNode): boolean {
  return functionDefinition.child(0)?.type === 'async';
}

export function createPasswordRules() {
  const reported = new Set<number>();
  return [
  nodeRule({
    nodeTypes: ['assignment', 'comparison_operator', 'pair'],
    visit(node, ctx) {
      if (node.type === 'assignment') checkAssignment(node, ctx, reported);
      else if (node.type === 'pair') checkDictionaryEntry(node, ctx);
      else checkComparison(node, ctx);
    },
  }),
  // B106: a keyword argument with a password-like name and a string literal value.
  callRule({
    names: 'any',
    visit(call, ctx) {
      // A password-like keyword name contains one of WORDS: test the argument text before parsing the arguments.
      if (!PASSWORD_WORD.test(call.argumentText) || !call.mayHaveKeywords || call.keywords.size === 0) return;
      for (const [name, value] of call.keywords) {
        if (!PASSWORD_NAME.test(name)) continue;
        const literal = stringValue(value);
        if (literal === undefined) continue;
        // Bandit (1.9.4+) reports it on the line of the value, which matters for a call written over several lines.
        ctx.report('B106', call.node, { fill: { name: literal }, at: value });
        return;
      }
    },
  }),
  // B107: a (non-async, as Bandit) function whose password-like parameter defaults to a string literal.
  nodeRule({
    nodeTypes: ['function_definition'],
    visit(node, ctx) {
      const parameters = node.childForFieldName('parameters');
      if (!parameters || isAsync(node)) return;
      for (const parameter of positionalDefaults(parameters)) {
        const name = parameter.childForFieldName('name')?.text ?? '';
        const literal = stringValue(parameter.childForFieldName('value'));
        if (literal === undefined || !PASSWORD_NAME.test(name)) continue;
        ctx.report('B107', node, { fill: { name: literal }, at: node.childForFieldName('name') ?? node });
        return;
      }
    },
  }),
];
}
