import type { SyntaxNode } from '../parser';
import { HalsteadCounter } from './halstead';
import { K as Kinds, type KindTable, unaryOpName } from './kinds';
import { FRESH_OPERAND, OperandKeys } from './operands';

const K = Kinds;

/**
 * Turns the operator nodes the walk enters into radon HalsteadVisitor events
 * (BinOp, UnaryOp, BoolOp, AugAssign, Compare) and adds each to the module's
 * counter and to the counter of every function whose body encloses it (radon's
 * per-function report includes nested functions). `context` is the enclosing
 * function's operand context (see Frame.halContext).
 */
export class HalsteadRecorder {
  /** Where module-level counts go (the visitor starts a new counter for each statement it measures apart). */
  module = new HalsteadCounter();
  /** Counters of the functions whose body the walk is in, outermost first. */
  private readonly functions: HalsteadCounter[] = [];
  private readonly operands: OperandKeys;
  private readonly kinds: Uint8Array;
  private readonly ops: readonly string[];
  /** Inner nodes of a flattened `a and b and c` (one BoolOp in Python's ast). */
  private readonly mergedBoolOps = new Set<number>();

  constructor(source: string, table: KindTable) {
    this.kinds = table.kinds;
    this.ops = table.ops;
    this.operands = new OperandKeys(source, table.kinds);
  }

  enterFunction(counter: HalsteadCounter): void {
    this.functions.push(counter);
  }

  leaveFunction(): void {
    this.functions.pop();
  }

  /** `n1` operators (`ops`) and their operands. */
  private record(ops: readonly string[], operandKeys: readonly string[], context: string): void {
    const prefix = context + '\u0001';
    add(this.module, ops, operandKeys, prefix);
    for (const counter of this.functions) add(counter, ops, operandKeys, prefix);
  }

  /** `a + b`, and `a += b` (AugAssign: same operator names). */
  binary(node: SyntaxNode, context: string): void {
    const opNode = node.childForFieldName('operator');
    const op = (opNode && this.ops[opNode.typeId]) || 'Op';
    const left = this.operands.key(node.childForFieldName('left'));
    const right = this.operands.key(node.childForFieldName('right'));
    this.record([op], [left, right], context);
  }

  /** `A | B` in an annotation (tree-sitter's union_type) is `BinOp(A, BitOr, B)`. */
  union(node: SyntaxNode, context: string): void {
    let left: SyntaxNode | null = null;
    let right: SyntaxNode | null = null;
    const n = node.namedChildCount;
    for (let i = 0; i < n; i++) {
      const child = node.namedChild(i);
      if (!child || this.kinds[child.typeId] === K.Comment) continue;
      if (!left) left = child;
      else right = child;
    }
    const leftKey = this.operands.key(left);
    const rightKey = this.operands.key(right);
    this.record(['BitOr'], [leftKey, rightKey], context);
  }

  unary(node: SyntaxNode, context: string): void {
    const opNode = node.childForFieldName('operator');
    const op = (opNode && unaryOpName(this.ops[opNode.typeId])) || 'UOp';
    this.record([op], [this.operands.key(node.childForFieldName('argument'))], context);
  }

  not(node: SyntaxNode, context: string): void {
    this.record(['Not'], [this.operands.key(node.childForFieldName('argument'))], context);
  }

  /** Python's ast makes `a and b and c` one BoolOp with three values; tree-sitter nests them. */
  boolOp(node: SyntaxNode, context: string): void {
    if (this.mergedBoolOps.delete(node.id)) return;
    const opNode = node.childForFieldName('operator');
    const opType = opNode ? opNode.typeId : -1;
    const keys: string[] = [];
    let cur: SyntaxNode = node;
    for (;;) {
      keys.push(this.operands.key(cur.childForFieldName('right')));
      const left = cur.childForFieldName('left');
      if (left && this.kinds[left.typeId] === K.BoolOp && left.childForFieldName('operator')?.typeId === opType) {
        this.mergedBoolOps.add(left.id);
        cur = left;
        continue;
      }
      keys.push(this.operands.key(left));
      break;
    }
    this.record([this.kinds[opType] === K.AndTok ? 'And' : 'Or'], keys, context);
  }

  /** `a < b <= c`: one operator per comparison, operands are the comparators and the left side. */
  compare(node: SyntaxNode, context: string): void {
    const keys: string[] = [];
    const ops: string[] = [];
    for (const child of node.children) {
      if (!child) continue;
      const typeId = child.typeId;
      // Only anonymous operator tokens have an operator name; the rest are operands or extras.
      const op = this.ops[typeId];
      if (op) ops.push(op);
      else if (this.kinds[typeId] !== K.Comment) keys.push(this.operands.key(child));
    }
    this.record(ops, keys, context);
  }
}

function add(counter: HalsteadCounter, ops: readonly string[], operandKeys: readonly string[], prefix: string): void {
  counter.N1 += ops.length;
  for (const op of ops) counter.operators.add(op);
  counter.N2 += operandKeys.length;
  for (const key of operandKeys) {
    if (key === FRESH_OPERAND) counter.freshOperands++;
    else counter.operands.add(prefix + key);
  }
}
