import type { SyntaxNode } from './parser';

/**
 * One pass over the syntax tree feeds every rule and metric: each analyser is a
 * visitor, and `walk` calls all of them in document order. Analysers may look
 * at the children of the node they are given, but never walk the whole tree again.
 */
export interface NodeVisitor {
  enter?(node: SyntaxNode): void;
  leave?(node: SyntaxNode): void;
}

export function walk(root: SyntaxNode, visitors: readonly NodeVisitor[]): void {
  const enters = visitors.filter((v) => v.enter).map((v) => v.enter!.bind(v));
  const leaves = visitors.filter((v) => v.leave).map((v) => v.leave!.bind(v)).reverse();
  const cursor = root.walk();
  try {
    for (;;) {
      const node = cursor.currentNode;
      for (const enter of enters) enter(node);
      if (cursor.gotoFirstChild()) continue;
      for (const leave of leaves) leave(node);
      for (;;) {
        if (cursor.gotoNextSibling()) break;
        if (!cursor.gotoParent()) return;
        const parent = cursor.currentNode;
        for (const leave of leaves) leave(parent);
      }
    }
  } finally {
    cursor.delete();
  }
}
