import type { SyntaxNode } from '../parser';
import type { FileContext } from '../context';
import type { Level } from '../types';
import type { CallInfo } from './callContext';

export interface ReportOptions {
  severity?: Level;
  confidence?: Level;
  /** Replaces the catalog message (Bandit words some findings differently). */
  message?: string;
  /** Values for the `{name}`, `{size}`… placeholders of the catalog message. */
  fill?: Record<string, string>;
  /** Where to place the finding when not on the rule's node (Bandit's `lineno=` of a keyword argument). */
  at?: SyntaxNode;
}

/** What a rule may use: the file, the imports seen so far, and a way to report. */
export interface RuleContext {
  readonly file: FileContext;
  report(ruleId: string, node: SyntaxNode, options?: ReportOptions): void;
  /** Bandit's `is_module_imported_like`: some import so far contains `module` as a substring. */
  importedLike(module: string): boolean;
  /** Bandit's `is_module_imported_exact`. */
  importedExact(module: string): boolean;
  /** A rule calls this when its verdict depends on the module's other top-level statements. */
  readsModuleBody(): void;
}

/** A rule on syntax nodes of the given types. */
export interface NodeRule {
  readonly nodeTypes: readonly string[];
  visit(node: SyntaxNode, ctx: RuleContext): void;
  /** Called when leaving a node of one of `leaveTypes` (scope tracking). */
  readonly leaveTypes?: readonly string[];
  leave?(node: SyntaxNode, ctx: RuleContext): void;
}

/**
 * A rule on calls. `names` lists the last parts of the callee names it cares
 * about (`Popen`, `system`…) so most calls cost only a map lookup; 'any' rules
 * run on every call and must be cheap.
 */
export interface CallRule {
  readonly names: readonly string[] | 'any';
  visit(call: CallInfo, ctx: RuleContext): void;
}

export type SecurityRule = ({ kind: 'node' } & NodeRule) | ({ kind: 'call' } & CallRule);

export const nodeRule = (rule: NodeRule): SecurityRule => ({ kind: 'node', ...rule });
export const callRule = (rule: CallRule): SecurityRule => ({ kind: 'call', ...rule });

/** Node type → rules, and callee last name → call rules, built once per process. */
export class RuleDispatch {
  readonly enterByType = new Map<string, NodeRule[]>();
  readonly leaveByType = new Map<string, NodeRule[]>();
  readonly callsByName = new Map<string, CallRule[]>();
  readonly callsAny: CallRule[] = [];

  constructor(rules: readonly SecurityRule[]) {
    for (const rule of rules) {
      if (rule.kind === 'node') {
        for (const type of rule.nodeTypes) push(this.enterByType, type, rule);
        for (const type of rule.leaveTypes ?? []) push(this.leaveByType, type, rule);
      } else if (rule.names === 'any') {
        this.callsAny.push(rule);
      } else {
        for (const name of new Set(rule.names)) push(this.callsByName, name, rule);
      }
    }
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Last dotted part: `subprocess.Popen` → `Popen`. */
export function lastPart(qualName: string): string {
  return qualName.slice(qualName.lastIndexOf('.') + 1);
}
