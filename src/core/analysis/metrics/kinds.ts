import type { Language } from 'web-tree-sitter';

/**
 * Node kinds the metrics care about, as small integers. The table maps every
 * tree-sitter symbol id of the grammar to one of these, so the walk compares
 * numbers instead of type strings (one `typeId` call per node).
 */
export enum K {
  Other = 0,
  // Kinds the metrics visitor acts on when the walk enters them.
  FunctionDef,
  ClassDef,
  DecoratedDef,
  Decorator,
  Lambda,
  If,
  Elif,
  Else,
  For,
  While,
  Try,
  Except,
  Match,
  Assert,
  Ternary,
  BoolOp,
  NotOp,
  UnaryOp,
  BinOp,
  AugAssign,
  Compare,
  ListComp,
  SetComp,
  DictComp,
  GenExp,
  Call,
  /** `A | B` in an annotation: a BinOp BitOr in Python's ast. */
  UnionType,
  /** Anonymous `and` / `or` keyword tokens. */
  AndTok,
  OrTok,
  // Kinds only looked at as children or operands.
  FirstPassive,
  Module,
  Finally,
  With,
  Case,
  ForIn,
  IfClause,
  Paren,
  Identifier,
  Attribute,
  String,
  ConcatString,
  Integer,
  Float,
  True,
  False,
  None,
  Ellipsis,
  /** Extras: comments and backslash line continuations. */
  Comment,
  Interpolation,
  /** `type` wrapper of an annotation (transparent). */
  Type,
  /** `a.B` in an annotation: an Attribute. */
  MemberType,
  /** Anonymous `*` token (marks `except*`). */
  StarTok,
}

const NAMED: Record<string, K> = {
  module: K.Module,
  function_definition: K.FunctionDef,
  class_definition: K.ClassDef,
  decorated_definition: K.DecoratedDef,
  decorator: K.Decorator,
  lambda: K.Lambda,
  if_statement: K.If,
  elif_clause: K.Elif,
  else_clause: K.Else,
  for_statement: K.For,
  while_statement: K.While,
  try_statement: K.Try,
  except_clause: K.Except,
  except_group_clause: K.Except,
  finally_clause: K.Finally,
  with_statement: K.With,
  match_statement: K.Match,
  case_clause: K.Case,
  assert_statement: K.Assert,
  conditional_expression: K.Ternary,
  boolean_operator: K.BoolOp,
  not_operator: K.NotOp,
  unary_operator: K.UnaryOp,
  binary_operator: K.BinOp,
  augmented_assignment: K.AugAssign,
  comparison_operator: K.Compare,
  list_comprehension: K.ListComp,
  set_comprehension: K.SetComp,
  dictionary_comprehension: K.DictComp,
  generator_expression: K.GenExp,
  for_in_clause: K.ForIn,
  if_clause: K.IfClause,
  parenthesized_expression: K.Paren,
  identifier: K.Identifier,
  attribute: K.Attribute,
  string: K.String,
  concatenated_string: K.ConcatString,
  integer: K.Integer,
  float: K.Float,
  true: K.True,
  false: K.False,
  none: K.None,
  ellipsis: K.Ellipsis,
  comment: K.Comment,
  // An extra like comments: a backslash continuation inside an expression.
  line_continuation: K.Comment,
  call: K.Call,
  interpolation: K.Interpolation,
  type: K.Type,
  union_type: K.UnionType,
  member_type: K.MemberType,
};

const ANONYMOUS: Record<string, K> = {
  and: K.AndTok,
  or: K.OrTok,
  '*': K.StarTok,
};

export interface KindTable {
  /** typeId → K */
  readonly kinds: Uint8Array;
  /** typeId → operator name as in Python's `ast` (`Add`, `Eq`, `NotIn`…), or '' */
  readonly ops: readonly string[];
}

/** Operator token → `ast` class name, as radon's HalsteadVisitor names operators. */
const OPERATOR_NAMES: Record<string, string> = {
  '+': 'Add', '-': 'Sub', '*': 'Mult', '@': 'MatMult', '/': 'Div', '%': 'Mod', '**': 'Pow', '<<': 'LShift',
  '>>': 'RShift', '|': 'BitOr', '^': 'BitXor', '&': 'BitAnd', '//': 'FloorDiv',
  '+=': 'Add', '-=': 'Sub', '*=': 'Mult', '@=': 'MatMult', '/=': 'Div', '%=': 'Mod', '**=': 'Pow', '<<=': 'LShift',
  '>>=': 'RShift', '|=': 'BitOr', '^=': 'BitXor', '&=': 'BitAnd', '//=': 'FloorDiv',
  '<': 'Lt', '<=': 'LtE', '==': 'Eq', '!=': 'NotEq', '>': 'Gt', '>=': 'GtE', '<>': 'NotEq',
  in: 'In', 'not in': 'NotIn', is: 'Is', 'is not': 'IsNot',
  '~': 'Invert',
};

/** Unary `+`/`-` are `UAdd`/`USub` in the `ast`, not `Add`/`Sub`. */
export function unaryOpName(binaryName: string): string {
  if (binaryName === 'Add') return 'UAdd';
  if (binaryName === 'Sub') return 'USub';
  return binaryName;
}

/**
 * Kind of a node from its type name, for the names the walk hands over; `lambda`
 * is left out because the anonymous `lambda` keyword shares the name.
 */
export const KIND_BY_NAME: ReadonlyMap<string, K> = new Map<string, K>([
  ...Object.entries(NAMED).filter(([name]) => name !== 'lambda'),
  ['and', K.AndTok],
  ['or', K.OrTok],
]);

const tables = new WeakMap<Language, KindTable>();

export function kindTable(language: Language): KindTable {
  let table = tables.get(language);
  if (table) return table;
  const count = language.nodeTypeCount;
  const kinds = new Uint8Array(count + 1);
  const ops: string[] = new Array<string>(count + 1).fill('');
  for (let id = 0; id <= count; id++) {
    const name = language.nodeTypeForId(id);
    if (name === null) continue;
    const named = language.nodeTypeIsNamed(id);
    const k = named ? NAMED[name] : ANONYMOUS[name];
    if (k !== undefined && Object.prototype.hasOwnProperty.call(named ? NAMED : ANONYMOUS, name)) kinds[id] = k;
    if (!named && Object.prototype.hasOwnProperty.call(OPERATOR_NAMES, name)) ops[id] = OPERATOR_NAMES[name];
  }
  table = { kinds, ops };
  tables.set(language, table);
  return table;
}
