import type { SyntaxNode } from './parser';

/**
 * One pass over the syntax tree feeds every rule and metric: each analyser is a
 * visitor, and `walk` calls all of them in document order. Analysers may look
 * at the children of the node they are given, but never walk the whole tree again.
 */
export interface NodeVisitor {
  /**
   * The node types (named or anonymous, e.g. `call`, `+`) this visitor wants; it is
   * entered and left for those only. Omit to receive every node, which is far slower.
   */
  readonly nodeTypes?: readonly string[];
  /** `type` is `node.type`, read once for all visitors: each read of `node.type` is a call into the wasm parser. */
  enter?(node: SyntaxNode, type: string): void;
  leave?(node: SyntaxNode, type: string): void;
}

type Handler = (node: SyntaxNode, type: string) => void;

interface Dispatch {
  enter: Map<string, Handler[]>;
  leave: Map<string, Handler[]>;
  /** Handlers of visitors that want every node. */
  enterAll: Handler[];
  leaveAll: Handler[];
}

function dispatchTable(visitors: readonly NodeVisitor[]): Dispatch {
  const table: Dispatch = { enter: new Map(), leave: new Map(), enterAll: [], leaveAll: [] };
  const add = (map: Map<string, Handler[]>, type: string, handler: Handler) => {
    const list = map.get(type);
    if (list) list.push(handler);
    else map.set(type, [handler]);
  };
  for (const visitor of visitors) {
    const enter = visitor.enter?.bind(visitor);
    const leave = visitor.leave?.bind(visitor);
    if (!visitor.nodeTypes) {
      if (enter) table.enterAll.push(enter);
      if (leave) table.leaveAll.push(leave);
      continue;
    }
    for (const type of new Set(visitor.nodeTypes)) {
      if (enter) add(table.enter, type, enter);
      if (leave) add(table.leave, type, leave);
    }
  }
  return table;
}

/**
 * Walks `root` in document order (pre-order), calling `enter` on the way down and
 * `leave` after a node's last descendant. The tree is enumerated inside the wasm
 * parser in one call (`descendantsOfType`) for the union of the wanted types: a
 * JavaScript cursor walk costs several wasm calls for every node of the file.
 */
export function walk(root: SyntaxNode, visitors: readonly NodeVisitor[]): void {
  new Walker(visitors).walk(root);
}

/**
 * The visitors of one walk, for callers that walk a tree piece by piece: `enter` and
 * `leave` a node alone, `walk` a whole subtree. Entering a node, walking each of its
 * children, then leaving it calls the visitors exactly as walking it whole.
 */
export class Walker {
  private readonly table: Dispatch;
  private readonly types: string[] | undefined;

  constructor(visitors: readonly NodeVisitor[]) {
    this.table = dispatchTable(visitors);
    const everything = this.table.enterAll.length > 0 || this.table.leaveAll.length > 0;
    this.types = everything ? undefined : [...new Set([...this.table.enter.keys(), ...this.table.leave.keys()])];
  }

  enter(node: SyntaxNode, type: string = node.type): void {
    const enters = this.table.enter.get(type);
    if (enters) for (const enter of enters) enter(node, type);
    for (const enter of this.table.enterAll) enter(node, type);
  }

  leave(node: SyntaxNode, type: string = node.type): void {
    const handlers = this.leaveHandlers(type);
    for (let i = handlers.length - 1; i >= 0; i--) handlers[i](node, type);
  }

  walk(root: SyntaxNode): void {
    const table = this.table;
    const types = this.types ?? [...root.tree.language.types].filter(Boolean);
    const open: Array<{ node: SyntaxNode; type: string; end: number; handlers: Handler[] }> = [];
    const closeUntil = (start: number) => {
      while (open.length > 0 && open[open.length - 1].end <= start) {
        const { node, type, handlers } = open.pop()!;
        for (let i = handlers.length - 1; i >= 0; i--) handlers[i](node, type);
      }
    };
    const visit = (node: SyntaxNode, type: string) => {
      closeUntil(node.startIndex);
      const enters = table.enter.get(type);
      if (enters) for (const enter of enters) enter(node, type);
      for (const enter of table.enterAll) enter(node, type);
      const handlers = this.leaveHandlers(type);
      if (handlers.length > 0) open.push({ node, type, end: node.endIndex, handlers });
    };
    visit(root, root.type);
    if (types.length > 0) {
      // The enumeration includes `root` itself when it is of a wanted type.
      for (const node of root.descendantsOfType(types)) if (node && node.id !== root.id) visit(node, node.type);
    }
    closeUntil(Number.POSITIVE_INFINITY);
  }

  private leaveHandlers(type: string): Handler[] {
    const { leave, leaveAll } = this.table;
    const leaves = leave.get(type);
    return leaves ? (leaveAll.length ? [...leaves, ...leaveAll] : leaves) : leaveAll;
  }
}
