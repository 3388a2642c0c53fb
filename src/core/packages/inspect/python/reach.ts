import type { SyntaxNode } from '../../../analysis/parser';
import { scopeOf, underMainGuard, type CallFact, type PythonFacts } from './pythonFacts';

/** Calls that hand a function to something that runs it soon without being asked: threads, exit hooks, timers. */
const RUNNERS = /^(threading\.Thread|threading\.Timer|multiprocessing\.Process|atexit\.register|signal\.signal|sys\.excepthook|\.submit|\.run_in_executor|\.call_later|\.call_soon|\.start_new_thread|_thread\.start_new_thread|thread\.start_new_thread)$/;

const cache = new WeakMap<PythonFacts, Set<number>>();

/** The function (or lambda) node that a scope id (startIndex, see scopeOf) names. */
function enclosingFunction(node: SyntaxNode): SyntaxNode | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (current.type === 'function_definition' || current.type === 'lambda') return current;
  }
  return undefined;
}

function functionsNamed(facts: PythonFacts, name: string): SyntaxNode[] {
  return (facts.functions.get(name) ?? []).map((f) => f.node);
}

/**
 * Functions (by startIndex) that run when the module is imported: called from module-level code
 * (not under `if __name__ == '__main__'`), handed to a thread/atexit/timer there, the `__init__` of a
 * class instantiated there, and everything those call by name in the same file; lambdas count with
 * the code around them.
 */
export function importTimeFunctions(facts: PythonFacts): Set<number> {
  const cached = cache.get(facts);
  if (cached) return cached;
  const reachable = new Set<number>();
  const queue: SyntaxNode[] = [];
  const classNames = new Set(facts.classes.map((c) => c.name));
  const add = (fn: SyntaxNode) => {
    if (reachable.has(fn.startIndex)) return;
    reachable.add(fn.startIndex);
    queue.push(fn);
  };
  const targets = (call: CallFact): SyntaxNode[] => {
    const found: SyntaxNode[] = [];
    const fnNode = call.node.childForFieldName('function');
    if (fnNode?.type === 'identifier') {
      found.push(...functionsNamed(facts, fnNode.text));
      if (classNames.has(fnNode.text)) {
        const cls = facts.classes.find((c) => c.name === fnNode.text);
        for (const init of [...functionsNamed(facts, '__init__'), ...functionsNamed(facts, 'run'), ...functionsNamed(facts, '__new__')]) {
          if (cls && init.startIndex > cls.node.startIndex && init.endIndex <= cls.node.endIndex) found.push(init);
        }
      }
    } else if (fnNode?.type === 'attribute' && fnNode.childForFieldName('object')?.text === 'self') {
      found.push(...functionsNamed(facts, fnNode.childForFieldName('attribute')?.text ?? ''));
    }
    if (RUNNERS.test(call.name) || /(Thread|Process|Timer)$/.test(call.name)) {
      for (const arg of call.node.childForFieldName('arguments')?.namedChildren ?? []) {
        const value = arg?.type === 'keyword_argument' ? arg.childForFieldName('value') : arg;
        if (value?.type === 'identifier') found.push(...functionsNamed(facts, value.text));
        if (value?.type === 'lambda') found.push(value);
      }
    }
    return found;
  };
  for (const call of facts.calls) {
    if (scopeOf(call.node) !== -1 || underMainGuard(facts, call.node)) continue;
    for (const fn of targets(call)) add(fn);
  }
  // Decorators run at import: a decorated function is not run, but a module-level lambda passed to a runner is (handled above).
  while (queue.length > 0) {
    const fn = queue.pop()!;
    for (const call of facts.calls) {
      if (call.node.startIndex < fn.startIndex || call.node.endIndex > fn.endIndex) continue;
      for (const target of targets(call)) add(target);
    }
  }
  cache.set(facts, reachable);
  return reachable;
}

/** Whether `node` runs when the module is imported (module level, or in a function reachable from it). */
export function runsAtImport(facts: PythonFacts, node: SyntaxNode): boolean {
  if (underMainGuard(facts, node)) return false;
  const reachable = importTimeFunctions(facts);
  for (let fn = enclosingFunction(node); ; fn = enclosingFunction(fn)) {
    if (!fn) return true;
    if (reachable.has(fn.startIndex)) return true;
    // A lambda runs with the code around it only when passed to a runner (then it is in `reachable`).
    if (fn.type === 'lambda' || fn.type === 'function_definition') return false;
  }
}
