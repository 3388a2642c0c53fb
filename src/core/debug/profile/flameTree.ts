import type { ProfileFunction, ProfileReport } from './profileReport';

/** One box of a flame graph / icicle chart: a function reached along one call path. */
export interface FlameNode {
  /** Function id in the report; -1 for the synthetic root. */
  id: number;
  name: string;
  file: string;
  line: number;
  /** Seconds spent in this node and below along this path (width). */
  value: number;
  /** The part of `value` not covered by children: the function itself (and recursion into itself). */
  self: number;
  children: FlameNode[];
}

export interface FlameOptions {
  /** Paths deeper than this are cut (default 64). */
  maxDepth?: number;
  /** Nodes narrower than this fraction of the total are dropped (default 0.001). */
  minFraction?: number;
}

/**
 * Builds a call tree from cProfile's caller graph. cProfile keeps only one level of callers, so
 * below a function the time of each callee is split in proportion: a node of f with width w gives its
 * callee g the width w × (time of g when called from f) / (cumulative time of f). Recursion along a
 * path is not expanded again (it is already inside the first box).
 */
export function buildFlameTree(report: ProfileReport, options: FlameOptions = {}): FlameNode {
  const maxDepth = options.maxDepth ?? 64;
  const callees = new Map<number, { callee: ProfileFunction; cumtime: number }[]>();
  for (const fn of report.functions) {
    for (const caller of fn.callers) {
      if (caller.id === fn.id) continue;
      const list = callees.get(caller.id) ?? [];
      list.push({ callee: fn, cumtime: caller.cumtime });
      callees.set(caller.id, list);
    }
  }
  const roots = chooseRoots(report.functions, callees);
  const total = roots.reduce((sum, fn) => sum + fn.cumtime, 0);
  const minValue = total * (options.minFraction ?? 0.001);

  const expand = (fn: ProfileFunction, value: number, path: Set<number>, depth: number): FlameNode => {
    const node: FlameNode = { id: fn.id, name: fn.name, file: fn.file, line: fn.line, value, self: value, children: [] };
    if (depth >= maxDepth || fn.cumtime <= 0) return node;
    const scale = value / fn.cumtime;
    path.add(fn.id);
    for (const edge of (callees.get(fn.id) ?? []).sort((a, b) => b.cumtime - a.cumtime)) {
      const childValue = edge.cumtime * scale;
      if (childValue < minValue || path.has(edge.callee.id)) continue;
      node.children.push(expand(edge.callee, childValue, path, depth + 1));
    }
    path.delete(fn.id);
    // Rounding and recursion can make children add up to a little more than their parent.
    const sum = node.children.reduce((s, c) => s + c.value, 0);
    if (sum > value && sum > 0) scaleTree(node.children, value / sum);
    node.self = Math.max(0, value - Math.min(sum, value));
    return node;
  };

  const children = roots.filter((fn) => fn.cumtime >= minValue).map((fn) => expand(fn, fn.cumtime, new Set(), 1));
  return { id: -1, name: 'all', file: '', line: 0, value: total, self: 0, children };
}

/**
 * The tops of the call graph: the biggest function first, then the next biggest not reachable from
 * those taken. Functions without callers alone are not enough: the program's top `exec` is also called
 * by the import machinery it runs, so the top of a real profile is usually part of a cycle.
 */
function chooseRoots(functions: readonly ProfileFunction[], callees: Map<number, { callee: ProfileFunction }[]>): ProfileFunction[] {
  const reachable = new Set<number>();
  const visit = (id: number) => {
    const stack = [id];
    while (stack.length) {
      const current = stack.pop()!;
      if (reachable.has(current)) continue;
      reachable.add(current);
      for (const edge of callees.get(current) ?? []) stack.push(edge.callee.id);
    }
  };
  const roots: ProfileFunction[] = [];
  for (const fn of [...functions].sort((a, b) => b.cumtime - a.cumtime || a.id - b.id)) {
    if (reachable.has(fn.id)) continue;
    roots.push(fn);
    visit(fn.id);
  }
  return roots;
}

function scaleTree(nodes: FlameNode[], factor: number): void {
  for (const node of nodes) {
    node.value *= factor;
    node.self *= factor;
    scaleTree(node.children, factor);
  }
}
