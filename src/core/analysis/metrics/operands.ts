import type { SyntaxNode } from '../parser';
import {
  ELLIPSIS_KEY,
  FALSE_KEY,
  NONE_KEY,
  TRUE_KEY,
  numberKey,
  strKey,
  stringLiteralValue,
} from './halstead';
import { K as Kinds } from './kinds';

const K = Kinds;
type K = Kinds;

/** The key of an operand equal to no other (a call, a subscript, a nested operation…). */
export const FRESH_OPERAND = '';

/**
 * The identity radon's HalsteadVisitor gives an operand node (see halstead.ts):
 * a key string for Names, Attributes and Constants, or FRESH_OPERAND for any
 * other expression. Parentheses are transparent, as in Python's `ast`.
 */
export class OperandKeys {
  constructor(
    private readonly source: string,
    private readonly kinds: Uint8Array,
  ) {}

  private kind(node: SyntaxNode): K {
    return this.kinds[node.typeId] as K;
  }

  private text(node: SyntaxNode): string {
    return this.source.slice(node.startIndex, node.endIndex);
  }

  fresh(): string {
    return FRESH_OPERAND;
  }

  key(node: SyntaxNode | null): string {
    if (!node) return this.fresh();
    let k = this.kind(node);
    while (k === K.Paren || k === K.Type) {
      const inner = firstExpression(node, this.kinds);
      if (!inner) return this.fresh();
      node = inner;
      k = this.kind(node);
    }
    switch (k) {
      case K.Identifier:
        return strKey(this.text(node));
      case K.Attribute: {
        const attr = node.childForFieldName('attribute');
        return attr ? strKey(this.text(attr)) : this.fresh();
      }
      case K.MemberType: {
        let last: SyntaxNode | null = null;
        for (let i = node.namedChildCount - 1; i >= 0 && !last; i--) {
          const child = node.namedChild(i);
          if (child && this.kind(child) !== K.Comment) last = child;
        }
        return last && this.kind(last) === K.Identifier ? strKey(this.text(last)) : this.fresh();
      }
      case K.String: {
        const v = stringLiteralValue(this.text(node));
        return v ? (v.bytes ? 'b' : 's') + v.value : this.fresh();
      }
      case K.ConcatString:
        return this.concatenated(node);
      case K.Integer:
      case K.Float:
        return numberKey(this.text(node));
      case K.True:
        return TRUE_KEY;
      case K.False:
        return FALSE_KEY;
      case K.None:
        return NONE_KEY;
      case K.Ellipsis:
        return ELLIPSIS_KEY;
      default:
        return this.fresh();
    }
  }

  /** `'a' 'b'` is the constant `'ab'`; with an f-string part it is a JoinedStr. */
  private concatenated(node: SyntaxNode): string {
    let value = '';
    let bytes = false;
    const n = node.childCount;
    for (let i = 0; i < n; i++) {
      const part = node.child(i);
      if (!part || this.kind(part) !== K.String) continue;
      const v = stringLiteralValue(this.text(part));
      if (!v) return this.fresh();
      bytes = v.bytes;
      value += v.value;
    }
    return (bytes ? 'b' : 's') + value;
  }
}

/** The expression inside parentheses (skipping comments), or null. */
export function firstExpression(node: SyntaxNode, kinds: Uint8Array): SyntaxNode | null {
  const n = node.namedChildCount;
  for (let i = 0; i < n; i++) {
    const child = node.namedChild(i);
    if (child && kinds[child.typeId] !== K.Comment) return child;
  }
  return null;
}
