import type { BlockMetrics } from '../types';
import { ccRank, classComplexity } from './cyclomatic';
import type { HalsteadCounter } from './halstead';

export const enum FrameKind {
  Module = 0,
  Function = 1,
  Class = 2,
}

/**
 * One scope of the walk: the module, a function (or method, or closure) or a
 * class. Frames form a stack through `parent`; the walk pushes one when it
 * enters a `def`/`class` and pops it when it leaves.
 */
export class Frame {
  /** Until the walk reaches the body, we are in the header (name, parameters, bases…). */
  inHeader: boolean;
  /** 1 + the decision points of this scope's own code (radon's `complexity` / `real_complexity` start). */
  cc = 1;
  /** Class: Σ complexity of its methods and their count. */
  methodCc = 0;
  methods = 0;
  /** Module: Σ (complexity − 1) of its functions and Σ (real complexity − 1) of its classes. */
  childCc = 0;
  cognitive = 0;
  /** Cognitive nesting depth at which this function's body starts. */
  cogBase = 0;
  recursive = false;
  /** Function: Halstead counts of its body (radon `hal -f`). */
  hal: HalsteadCounter | null = null;
  /** Operand context: the function name, as radon's HalsteadVisitor `context`. */
  readonly halContext: string;
  block: BlockMetrics | null = null;

  constructor(
    readonly kind: FrameKind,
    readonly parent: Frame | null,
    readonly name: string,
    readonly nodeId: number,
    /** Where the body starts (-1 without one): nodes from there on are past the header, as the body is a def's last child. */
    readonly bodyStart: number,
  ) {
    this.inHeader = bodyStart >= 0;
    this.halContext =
      kind === FrameKind.Function ? 'F' + name : parent ? parent.halContext : '\u0000';
  }

  get qualifiedName(): string {
    const names: string[] = [this.name];
    for (let f = this.parent; f && f.kind !== FrameKind.Module; f = f.parent) names.push(f.name);
    return names.reverse().join('.');
  }

  /** Nearest enclosing function frame, this one included. */
  get innermostFunction(): Frame | null {
    if (this.kind === FrameKind.Function) return this;
    let f = this.parent;
    while (f && f.kind !== FrameKind.Function) f = f.parent;
    return f;
  }

  /** radon's class complexity (the average over methods), or the function's complexity. */
  get complexity(): number {
    if (this.kind === FrameKind.Class) return classComplexity(this.cc + this.methodCc, this.methods);
    return this.cc;
  }

  /**
   * Called when the walk leaves the frame: fills the block and adds this scope's
   * complexity where radon adds it (a class's methods, the module's total).
   */
  finish(): void {
    const parent = this.parent;
    if (this.kind === FrameKind.Function) {
      if (this.recursive) this.cognitive += 1;
      if (parent?.kind === FrameKind.Class) {
        parent.methodCc += this.cc;
        parent.methods += 1;
        parent.cognitive += this.cognitive;
      } else if (parent?.kind === FrameKind.Module) {
        parent.childCc += this.cc - 1;
      }
    } else if (this.kind === FrameKind.Class && parent?.kind === FrameKind.Module) {
      parent.childCc += this.cc + this.methodCc - 1;
    }
    const block = this.block;
    if (block) {
      block.cyclomatic = this.complexity;
      block.rank = ccRank(block.cyclomatic);
      block.cognitive = this.cognitive;
      if (this.hal) block.halstead = this.hal.report();
    }
  }

  /** The module's `total_complexity` (used by the maintainability index). */
  get totalComplexity(): number {
    return this.cc + this.childCc;
  }
}
