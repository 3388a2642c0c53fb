import type { FileContext } from '../context';
import type { SyntaxNode } from '../parser';
import type { BlockKind, BlockMetrics, FileMetrics } from '../types';
import type { NodeVisitor } from '../walk';
import { Frame, FrameKind } from './blocks';
import { CognitiveTracker } from './cognitive';
import { HalsteadCounter } from './halstead';
import { HalsteadRecorder } from './halsteadRecorder';
import { K as Kinds, KIND_BY_NAME, kindTable } from './kinds';
import { maintainabilityIndex, miRank } from './maintainability';
import { analyzeRaw } from './raw';

/** Local alias: a plain object read, not an import getter, on the per-node path. */
const K = Kinds;
type K = Kinds;
/** Kinds from here on are never acted on when entered. */
const FIRST_PASSIVE: number = K.FirstPassive;

export { analyzeRaw } from './raw';
export { ccRank, classComplexity } from './cyclomatic';
export { halsteadReport } from './halstead';
export { miCompute, miRank, maintainabilityIndex } from './maintainability';

export type MetricsAnalyzer = NodeVisitor & { result(): FileMetrics };

/** What a pushed node needs undone when the walk leaves it. */
const enum Undo {
  Frame = 1,
  Compound,
  Nesting,
  Assert,
  Decorator,
  BoolOp,
}

interface Compound {
  kind: K;
  /** A `try` whose handlers are `except*` (radon counts nothing for a TryStar). */
  star: boolean;
}

/**
 * Cyclomatic and cognitive complexity, Halstead counts, maintainability index
 * and raw metrics of one file, computed during the shared walk (see
 * ../walk.ts): the visitor keeps a stack of scopes (module, functions, classes)
 * and counts what radon 5 counts; raw metrics come from one pass over the text.
 */
export function createMetricsAnalyzer(ctx: FileContext): MetricsAnalyzer {
  return new MetricsVisitor(ctx);
}

/**
 * The node types the visitor acts on (the shared walk only calls it for these):
 * scopes, decision points, operators and the `and`/`or` tokens. Not `block`:
 * the end of a def/class header is found by position (`Frame.bodyStart`).
 */
export const METRICS_NODE_TYPES: readonly string[] = [
  'module',
  'function_definition',
  'class_definition',
  'decorated_definition',
  'decorator',
  'lambda',
  'if_statement',
  'elif_clause',
  'else_clause',
  'for_statement',
  'while_statement',
  'try_statement',
  'except_clause',
  'except_group_clause',
  'match_statement',
  'assert_statement',
  'conditional_expression',
  'boolean_operator',
  'not_operator',
  'unary_operator',
  'binary_operator',
  'augmented_assignment',
  'comparison_operator',
  'list_comprehension',
  'set_comprehension',
  'dictionary_comprehension',
  'generator_expression',
  'call',
  'union_type',
  'and',
  'or',
];

class MetricsVisitor implements NodeVisitor {
  readonly nodeTypes = METRICS_NODE_TYPES;
  private readonly kinds: Uint8Array;
  private readonly source: string;
  private readonly module: Frame;
  private frame: Frame;
  private readonly blocks: BlockMetrics[] = [];
  private readonly hal: HalsteadRecorder;
  private readonly cog = new CognitiveTracker();
  private readonly compounds: Compound[] = [];
  /** Node ids to undo on leave, with what to undo (parallel stacks). */
  private readonly undoIds: number[] = [];
  private readonly undoWhat: Undo[] = [];
  private assertDepth = 0;
  private decoratorDepth = 0;
  /** Decorators of functions are not visited by radon's HalsteadVisitor; those of classes are. */
  private funcDecoratorDepth = 0;
  private decoratedIsFunction = false;
  private done: FileMetrics | null = null;

  constructor(ctx: FileContext) {
    const table = kindTable(ctx.tree.language);
    this.kinds = table.kinds;
    this.source = ctx.source;
    this.module = new Frame(FrameKind.Module, null, '', -1, -1);
    this.frame = this.module;
    this.hal = new HalsteadRecorder(ctx.source, table);
  }

  private text(node: SyntaxNode): string {
    return this.source.slice(node.startIndex, node.endIndex);
  }

  private push(node: SyntaxNode, what: Undo): void {
    this.undoIds.push(node.id);
    this.undoWhat.push(what);
  }

  /** radon's ComplexityVisitor does not visit decorators, def/class headers nor assert expressions. */
  private get ccOff(): boolean {
    return this.frame.inHeader || this.decoratorDepth > 0 || this.assertDepth > 0;
  }

  private get cogOff(): boolean {
    return this.frame.inHeader || this.decoratorDepth > 0;
  }

  /** radon's HalsteadVisitor skips function decorators and parameters, but visits class headers. */
  private get halOff(): boolean {
    return this.funcDecoratorDepth > 0 || (this.frame.inHeader && this.frame.kind === FrameKind.Function);
  }

  /** `type` is `node.type` as the shared walk passes it (read here only when missing or ambiguous). */
  enter(node: SyntaxNode, type?: string): void {
    const frame = this.frame;
    if (frame.inHeader && node.startIndex >= frame.bodyStart) frame.inHeader = false;
    const k = (type !== undefined && type !== 'lambda' ? (KIND_BY_NAME.get(type) ?? 0) : this.kinds[node.typeId]) as K;
    if (k === 0 || k >= FIRST_PASSIVE) return;
    switch (k) {
      case K.FunctionDef:
      case K.ClassDef:
        this.enterDef(node, k);
        return;
      case K.DecoratedDef: {
        const def = node.childForFieldName('definition');
        this.decoratedIsFunction = !!def && this.kinds[def.typeId] === K.FunctionDef;
        return;
      }
      case K.Decorator:
        this.decoratorDepth++;
        if (this.decoratedIsFunction) this.funcDecoratorDepth++;
        this.push(node, Undo.Decorator);
        return;
      case K.If:
        if (!this.ccOff) frame.cc++;
        this.structural(node, k);
        return;
      case K.Elif:
        if (!this.ccOff) frame.cc++;
        if (!this.cogOff) this.cog.flat(frame);
        return;
      case K.Else:
        this.enterElse();
        return;
      case K.For:
      case K.While:
        if (!this.ccOff) frame.cc++;
        this.structural(node, k);
        return;
      case K.Try:
        this.compounds.push({ kind: K.Try, star: false });
        this.push(node, Undo.Compound);
        return;
      case K.Except:
        this.enterExcept(node);
        return;
      case K.Ternary:
        if (!this.ccOff) frame.cc++;
        this.structural(node, k);
        return;
      case K.Match:
        this.structural(node, k);
        return;
      case K.Lambda:
        this.cog.depth++;
        this.cog.newExpression();
        this.push(node, Undo.Nesting);
        return;
      case K.Call:
        this.cog.newExpression();
        if (!this.cogOff) this.checkRecursion(node);
        return;
      case K.Assert:
        if (!this.ccOff) frame.cc++;
        this.assertDepth++;
        this.push(node, Undo.Assert);
        return;
      case K.ListComp:
      case K.SetComp:
      case K.DictComp:
      case K.GenExp:
        if (!this.ccOff) frame.cc += this.comprehensionDecisions(node);
        return;
      case K.BoolOp:
        if (!this.ccOff) frame.cc++;
        this.cog.enterBoolOp();
        this.push(node, Undo.BoolOp);
        if (!this.halOff) this.hal.boolOp(node, frame.halContext);
        return;
      case K.AndTok:
      case K.OrTok:
        if (!this.cogOff) this.cog.boolToken(frame, k === K.AndTok ? 1 : 2);
        return;
      case K.BinOp:
      case K.AugAssign:
        if (!this.halOff) this.hal.binary(node, frame.halContext);
        return;
      case K.UnionType:
        if (!this.halOff) this.hal.union(node, frame.halContext);
        return;
      case K.UnaryOp:
        if (!this.halOff) this.hal.unary(node, frame.halContext);
        return;
      case K.NotOp:
        if (!this.halOff) this.hal.not(node, frame.halContext);
        return;
      case K.Compare:
        if (!this.halOff) this.hal.compare(node, frame.halContext);
        return;
      default:
        return;
    }
  }

  leave(node: SyntaxNode): void {
    const ids = this.undoIds;
    while (ids.length > 0 && ids[ids.length - 1] === node.id) {
      ids.pop();
      switch (this.undoWhat.pop()) {
        case Undo.Frame:
          this.leaveDef();
          break;
        case Undo.Compound:
          this.compounds.pop();
          break;
        case Undo.Nesting:
          this.cog.depth--;
          break;
        case Undo.Assert:
          this.assertDepth--;
          break;
        case Undo.Decorator:
          this.decoratorDepth--;
          if (this.decoratedIsFunction) this.funcDecoratorDepth--;
          break;
        case Undo.BoolOp:
          this.cog.leaveBoolOp();
          break;
      }
    }
  }

  // -- scopes ---------------------------------------------------------------

  private enterDef(node: SyntaxNode, k: K): void {
    const parent = this.frame;
    const nameNode = node.childForFieldName('name');
    const body = node.childForFieldName('body');
    const name = nameNode ? this.text(nameNode) : '';
    const kind = k === K.FunctionDef ? FrameKind.Function : FrameKind.Class;
    // A function nested in a function raises the cognitive nesting of the outer one.
    const nested = kind === FrameKind.Function && parent.innermostFunction !== null;
    if (nested) this.cog.depth++;
    const frame = new Frame(kind, parent, name, node.id, body ? body.startIndex : -1);
    frame.cogBase = this.cog.depth;
    const blockKind: BlockKind =
      kind === FrameKind.Class ? 'class' : parent.kind === FrameKind.Class ? 'method' : 'function';
    const block: BlockMetrics = {
      name,
      qualifiedName: frame.qualifiedName,
      kind: blockKind,
      line: node.startPosition.row + 1,
      endLine: node.endPosition.row + 1,
      column: (nameNode ?? node).startPosition.column + 1,
      cyclomatic: 1,
      rank: 'A',
      cognitive: 0,
    };
    frame.block = block;
    this.blocks.push(block);
    if (kind === FrameKind.Function) {
      frame.hal = new HalsteadCounter();
      this.hal.enterFunction(frame.hal);
    }
    this.frame = frame;
    this.push(node, Undo.Frame);
    if (nested) this.push(node, Undo.Nesting);
  }

  private leaveDef(): void {
    const frame = this.frame;
    frame.finish();
    if (frame.kind === FrameKind.Function) this.hal.leaveFunction();
    this.frame = frame.parent ?? this.module;
  }

  // -- decisions --------------------------------------------------------------

  /** if / loops / ternary / match: cognitive +1 + nesting, then one level deeper. */
  private structural(node: SyntaxNode, k: K): void {
    if (!this.cogOff) this.cog.structural(this.frame);
    this.cog.depth++;
    this.push(node, Undo.Nesting);
    if (k === K.If || k === K.For || k === K.While) {
      this.compounds.push({ kind: k, star: false });
      this.push(node, Undo.Compound);
    }
  }

  private enterElse(): void {
    const owner = this.compounds[this.compounds.length - 1];
    if (!owner) return;
    const loop = owner.kind === K.For || owner.kind === K.While;
    if (!this.ccOff && (loop || (owner.kind === K.Try && !owner.star))) this.frame.cc++;
    if (!this.cogOff && (loop || owner.kind === K.If)) this.cog.flat(this.frame);
  }

  private enterExcept(node: SyntaxNode): void {
    const owner = this.compounds[this.compounds.length - 1];
    const second = node.child(1);
    const star = !!second && this.kinds[second.typeId] === K.StarTok;
    if (owner && owner.kind === K.Try && star) owner.star = true;
    if (!this.ccOff && !star) this.frame.cc++;
    if (!this.cogOff) this.cog.structural(this.frame);
    this.cog.depth++;
    this.push(node, Undo.Nesting);
  }

  /** Each `for` and each `if` of a comprehension (radon: `len(ifs) + 1` per generator). */
  private comprehensionDecisions(node: SyntaxNode): number {
    let count = 0;
    for (const child of node.children) {
      if (!child) continue;
      const k = this.kinds[child.typeId];
      if (k === K.ForIn || k === K.IfClause) count++;
    }
    return count;
  }

  /**
   * A call of the enclosing function by name (or `self.name` / `cls.name` in a
   * method), read from the source at the call's start: no child lookups.
   */
  private checkRecursion(node: SyntaxNode): void {
    const fn = this.frame.kind === FrameKind.Function ? this.frame : null;
    if (!fn || fn.recursive || fn.name === '') return;
    const src = this.source;
    let at = node.startIndex;
    if (fn.parent?.kind === FrameKind.Class) {
      if (src.startsWith('self.', at)) at += 5;
      else if (src.startsWith('cls.', at)) at += 4;
      else return;
    }
    if (!src.startsWith(fn.name, at)) return;
    at += fn.name.length;
    while (src.charCodeAt(at) === 32 || src.charCodeAt(at) === 9) at++;
    if (src.charCodeAt(at) === 40) fn.recursive = true;
  }

  // -- result -----------------------------------------------------------------

  result(): FileMetrics {
    if (this.done) return this.done;
    // Close frames left open (a walk that stopped early): never throw on odd trees.
    while (this.frame !== this.module) this.leaveDef();
    const raw = analyzeRaw(this.source);
    const halstead = this.hal.module.report();
    const complexity = this.module.totalComplexity;
    const mi = maintainabilityIndex({
      volume: halstead.volume,
      complexity,
      lloc: raw.lloc,
      sloc: raw.sloc,
      comments: raw.comments,
      multi: raw.multi,
    });
    this.done = {
      loc: raw.loc,
      lloc: raw.lloc,
      sloc: raw.sloc,
      comments: raw.comments,
      multi: raw.multi,
      blank: raw.blank,
      halstead,
      mi,
      miRank: miRank(mi),
      blocks: this.blocks,
      cyclomatic: complexity,
    };
    return this.done;
  }
}
