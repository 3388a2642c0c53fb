import type { SyntaxNode } from './parser';

/**
 * One pass over the syntax tree feeds every rule and metric: each analyser is a
 * visitor, and `walk` calls all of them in document order. Analysers may look
 * at the children of the node they are given, but never walk the whole tree again.
 */
export interface NodeVisitor {
  /** `type` is `node.type`, read once for all visitors: each read of `node.type` is a call into the wasm parser. */
  enter?(node: SyntaxNode, type: string): void;
  leave?(node: SyntaxNode, type: string): void;
}

export function walk(root: SyntaxNode, visitors: readonly NodeVisitor[]): void {
  const enters = visitors.filter((v) => v.enter).map((v) => v.enter!.bind(v));
  const leaves = visitors.filter((v) => v.leave).map((v) => v.leave!.bind(v)).reverse();
  const cursor = root.walk();
  try {
    for (;;) {
      const node = cursor.currentNode;
      const type = node.type;
      for (const enter of enters) enter(node, type);
      if (cursor.gotoFirstChild()) continue;
      for (const leave of leaves) leave(node, type);
      for (;;) {
        if (cursor.gotoNextSibling()) break;
        if (!cursor.gotoParent()) return;
        const parent = cursor.currentNode;
        const parentType = parent.type;
        for (const leave of leaves) leave(parent, parentType);
      }
    }
  } finally {
    cursor.delete();
  }
}
