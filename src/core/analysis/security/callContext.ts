import type { SyntaxNode } from '../parser';
import type { ImportScope } from '../importScope';
import { literalValue, unparenthesize, type LiteralValue } from './literals';

/**
 * What the call rules need to know about one `call` node, computed at most once
 * and only when a rule asks: Bandit's qualified name, last name, positional
 * arguments and keyword arguments.
 */
export class CallInfo {
  /** Last part of the called name (`Popen` for `sp.Popen(...)`); '' when the callee is not a name. */
  readonly name: string;
  /** The `function` field, read once (each field lookup is a call into the wasm parser). */
  readonly callee: SyntaxNode | null;
  private qualified?: string;
  private argumentList?: SyntaxNode | null;
  private argumentSource?: string;
  private positional?: SyntaxNode[];
  private keywordMap?: Map<string, SyntaxNode>;

  constructor(
    readonly node: SyntaxNode,
    private readonly scope: ImportScope,
  ) {
    const callee = node.childForFieldName('function');
    this.callee = callee;
    if (callee?.type === 'identifier') {
      // Bandit's call_function_name is the last part of the *qualified* name: `run` after `from os import system as run` is `system`.
      const target = scope.resolve(callee.text) ?? callee.text;
      this.name = target.slice(target.lastIndexOf('.') + 1);
    }
    else if (callee?.type === 'attribute') this.name = callee.childForFieldName('attribute')?.text ?? '';
    else this.name = '';
  }

  /**
   * Bandit's `call_function_name_qual`: the dotted callee resolved through the
   * imports (`sp.Popen` → `subprocess.Popen`); a callee on a non-name base
   * keeps an empty first part (`f().run` → `.run`), anything else is ''.
   */
  get qualName(): string {
    if (this.qualified === undefined) {
      this.qualified = this.scope.qualify(this.callee) ?? unresolvedAttributeChain(this.callee);
    }
    return this.qualified;
  }

  /** Positional arguments in order, `*args` included (as Bandit's `node.args`). */
  get args(): SyntaxNode[] {
    if (!this.positional) this.parseArguments();
    return this.positional!;
  }

  /** Keyword arguments by name; `**kwargs` is not included. */
  get keywords(): Map<string, SyntaxNode> {
    if (!this.keywordMap) this.parseArguments();
    return this.keywordMap!;
  }

  /** Cheap pre-check before parsing the arguments: a call without `=` in its argument text has no keyword arguments. */
  get mayHaveKeywords(): boolean {
    if (this.keywordMap) return this.keywordMap.size > 0;
    return this.argumentText.includes('=');
  }

  /**
   * Source text of the arguments ('' when none), read once: rules run on every call
   * test it for a keyword name before parsing the arguments, as any keyword's name is in it.
   */
  get argumentText(): string {
    if (this.argumentSource === undefined) this.argumentSource = this.argumentsNode?.text ?? '';
    return this.argumentSource;
  }

  /** The `arguments` field (an argument list or a lone generator expression), read once. */
  private get argumentsNode(): SyntaxNode | null {
    if (this.argumentList === undefined) this.argumentList = this.node.childForFieldName('arguments');
    return this.argumentList;
  }

  keyword(name: string): SyntaxNode | undefined {
    return this.keywords.get(name);
  }

  hasKeyword(name: string): boolean {
    return this.keywords.has(name);
  }

  /** Bandit's `call_keywords[name]`: an attribute value gives its last name, anything else its literal value. */
  keywordValue(name: string): LiteralValue {
    return argumentValue(this.keywords.get(name));
  }

  /** Bandit's `check_call_arg_value`: undefined when absent or not a literal, else whether it equals one of `values`. */
  keywordEquals(name: string, ...values: (string | number)[]): boolean | undefined {
    const value = this.keywordValue(name);
    if (value === undefined) return undefined;
    return values.some((candidate) => candidate === value);
  }

  /** Bandit's `get_call_arg_at_position`. */
  argValue(position: number): LiteralValue {
    return argumentValue(this.args[position]);
  }

  private parseArguments(): void {
    this.positional = [];
    this.keywordMap = new Map();
    const list = this.argumentsNode;
    if (!list) return;
    if (list.type !== 'argument_list') {
      this.positional.push(list);
      return;
    }
    for (const child of list.namedChildren) {
      if (!child || child.type === 'comment' || child.type === 'dictionary_splat') continue;
      if (child.type === 'keyword_argument') {
        const name = child.childForFieldName('name')?.text;
        const value = child.childForFieldName('value');
        if (name && value) this.keywordMap.set(name, value);
      } else {
        this.positional.push(child);
      }
    }
  }
}

export function argumentValue(node: SyntaxNode | undefined): LiteralValue {
  if (!node) return undefined;
  const expr = unparenthesize(node);
  if (expr?.type === 'attribute') return expr.childForFieldName('attribute')?.text;
  return literalValue(expr);
}

function unresolvedAttributeChain(node: SyntaxNode | null): string {
  const parts: string[] = [];
  let current = node;
  while (current?.type === 'attribute') {
    parts.push(current.childForFieldName('attribute')?.text ?? '');
    current = current.childForFieldName('object');
  }
  if (parts.length === 0) return '';
  parts.push('');
  return parts.reverse().join('.');
}

/** Called name of a call node's callee (`f` or `x.f`), '' otherwise: Bandit's `get_called_name`. */
export function calledName(call: SyntaxNode): string {
  const callee = call.childForFieldName('function');
  if (callee?.type === 'identifier') return callee.text;
  if (callee?.type === 'attribute') return callee.childForFieldName('attribute')?.text ?? '';
  return '';
}

/** The syntactic parent, skipping parentheses (Python's AST has none). */
export function astParent(node: SyntaxNode): SyntaxNode | null {
  let parent = node.parent;
  while (parent?.type === 'parenthesized_expression') parent = parent.parent;
  return parent;
}

/** The call a node is a direct positional argument of, if any (Python's `Call` parent). */
export function enclosingCallOfArgument(node: SyntaxNode): SyntaxNode | null {
  const parent = astParent(node);
  if (parent?.type === 'argument_list') return parent.parent?.type === 'call' ? parent.parent : null;
  return null;
}
