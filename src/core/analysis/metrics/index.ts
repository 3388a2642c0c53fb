import type { FileContext } from '../context';
import type { SyntaxNode } from '../parser';
import type { BlockKind, BlockMetrics, FileMetrics, Halstead, RawMetrics } from '../types';
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
export { IncrementalRaw } from './incrementalRaw';
export { HalsteadTotals } from './halsteadTotals';
export { ccRank, classComplexity } from './cyclomatic';
export { halsteadReport } from './halstead';
export { miCompute, miRank, maintainabilityIndex } from './maintainability';

export type MetricsAnalyzer = NodeVisitor & {
  result(): FileMetrics;
  /** What the walk contributes to the file's metrics (see `fileMetrics`). */
  part(): MetricsPart;
  /** Starts measuring what the walk of one statement adds (see `since`). */
  mark(): MetricsMark;
  /** What the walk added since `mark`, to the scope it was in: replayed by `apply` where the statement is not walked again. */
  since(mark: MetricsMark): MetricsDelta;
  apply(delta: MetricsDelta): void;
  /** The walk state a statement's metrics depend on besides its text: the enclosing scope and the state carried between statements. */
  stateKey(): string;
};

/** What walking (part of) a file contributes to its metrics. */
export interface MetricsPart {
  readonly blocks: BlockMetrics[];
  /** Decision points of module-level code plus (complexity − 1) of each function and class directly in the module. */
  readonly complexity: number;
  /** Halstead counts of the module, in pieces (a function's own counts are in its block). */
  readonly halstead: readonly HalsteadCounter[];
}

/**
 * The visitor state that outlives a statement: the last boolean operator of an
 * expression, and counters a broken tree (ERROR nodes) may leave unbalanced.
 */
interface MetricsCarry {
  readonly lastBool: number;
  readonly decoratedIsFunction: boolean;
  readonly depths: readonly number[];
}

/** The counters of the scope a statement is in, added up by its scope when the statement is left. */
interface FrameCounts {
  readonly cc: number;
  readonly methodCc: number;
  readonly methods: number;
  readonly childCc: number;
  readonly cognitive: number;
}

export interface MetricsMark {
  readonly blocks: number;
  readonly counters: number;
  readonly frame: Frame;
  readonly counts: FrameCounts;
}

export interface MetricsDelta {
  /** Blocks of the statement's functions and classes (absolute lines when measured). */
  readonly blocks: BlockMetrics[];
  /** What it added to the counters of the enclosing scope. */
  readonly counts: FrameCounts;
  readonly halstead: readonly HalsteadCounter[];
  readonly carry: MetricsCarry;
}

/** A file's metrics from what its walk gave, in order, and its text's raw counts (and Halstead totals when known). */
export function fileMetrics(parts: readonly MetricsPart[], raw: RawMetrics, totals?: Halstead): FileMetrics {
  const halstead = totals ?? HalsteadCounter.merge(parts.flatMap((part) => part.halstead)).report();
  let complexity = 1;
  for (const part of parts) complexity += part.complexity;
  const mi = maintainabilityIndex({
    volume: halstead.volume,
    complexity,
    lloc: raw.lloc,
    sloc: raw.sloc,
    comments: raw.comments,
    multi: raw.multi,
  });
  return {
    loc: raw.loc,
    lloc: raw.lloc,
    sloc: raw.sloc,
    comments: raw.comments,
    multi: raw.multi,
    blank: raw.blank,
    halstead,
    mi,
    miRank: miRank(mi),
    blocks: parts.length === 1 ? parts[0].blocks : parts.flatMap((part) => part.blocks),
    cyclomatic: complexity,
  };
}

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
  /** Module Halstead counters in walk order (one unless statements are measured apart). */
  private readonly counters: HalsteadCounter[];
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
    this.counters = [this.hal.module];
  }

  // -- statement by statement (see ../statementReuse.ts) -----------------------

  private carry(): MetricsCarry {
    return {
      lastBool: this.cog.lastBool,
      decoratedIsFunction: this.decoratedIsFunction,
      depths: [this.cog.depth, this.cog.boolDepth, this.assertDepth, this.decoratorDepth, this.funcDecoratorDepth, this.compounds.length],
    };
  }

  private counts(): FrameCounts {
    const { cc, methodCc, methods, childCc, cognitive } = this.frame;
    return { cc, methodCc, methods, childCc, cognitive };
  }

  /** Module Halstead counts go to a new counter from here on, so a statement's counts can be kept apart. */
  private nextCounter(): void {
    this.hal.module = new HalsteadCounter();
    this.counters.push(this.hal.module);
  }

  stateKey(): string {
    const frame = this.frame === this.module ? '' : `${this.frame.kind}:${this.frame.qualifiedName}`;
    const cog = this.cog;
    return `${frame}|${cog.lastBool}${this.decoratedIsFunction ? 'd' : '-'}${cog.depth},${cog.boolDepth},${this.assertDepth},${this.decoratorDepth},${this.funcDecoratorDepth},${this.compounds.length}`;
  }

  mark(): MetricsMark {
    this.nextCounter();
    return { blocks: this.blocks.length, counters: this.counters.length - 1, frame: this.frame, counts: this.counts() };
  }

  since(mark: MetricsMark): MetricsDelta {
    if (this.frame !== mark.frame) throw new Error('metrics: a statement was measured across scopes');
    const now = this.counts();
    const before = mark.counts;
    const delta: MetricsDelta = {
      blocks: this.blocks.slice(mark.blocks),
      counts: {
        cc: now.cc - before.cc,
        methodCc: now.methodCc - before.methodCc,
        methods: now.methods - before.methods,
        childCc: now.childCc - before.childCc,
        cognitive: now.cognitive - before.cognitive,
      },
      halstead: this.counters.slice(mark.counters),
      carry: this.carry(),
    };
    this.nextCounter();
    return delta;
  }

  apply(delta: MetricsDelta): void {
    this.blocks.push(...delta.blocks);
    const frame = this.frame;
    frame.cc += delta.counts.cc;
    frame.methodCc += delta.counts.methodCc;
    frame.methods += delta.counts.methods;
    frame.childCc += delta.counts.childCc;
    frame.cognitive += delta.counts.cognitive;
    this.counters.push(...delta.halstead);
    this.nextCounter();
    const { lastBool, decoratedIsFunction, depths } = delta.carry;
    this.cog.lastBool = lastBool;
    this.decoratedIsFunction = decoratedIsFunction;
    [this.cog.depth, this.cog.boolDepth, this.assertDepth, this.decoratorDepth, this.funcDecoratorDepth] = depths;
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

  part(): MetricsPart {
    // Close frames left open (a walk that stopped early): never throw on odd trees.
    while (this.frame !== this.module) this.leaveDef();
    return { blocks: this.blocks, complexity: this.module.totalComplexity - 1, halstead: this.counters };
  }

  result(): FileMetrics {
    this.done ??= fileMetrics([this.part()], analyzeRaw(this.source));
    return this.done;
  }
}
