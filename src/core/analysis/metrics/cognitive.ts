import { Frame, FrameKind } from './blocks';

/**
 * Cognitive complexity (SonarSource, G. Ann Campbell, 2017), mapped to Python:
 *
 * - +1 plus the nesting level: `if`, conditional expression, `for`/`while`,
 *   `except`, `match`; each also raises the nesting level of what it contains.
 * - +1 without nesting (hybrid increments): `elif`, the `else` of an `if`, the
 *   `else` of a loop, each sequence of like boolean operators (`a and b and c`
 *   +1, `a and b or c` +2), and a function that calls itself (recursion, once).
 * - Nesting level only: nested functions and lambdas.
 * - Nothing: `try`, `finally`, the `else` of a `try`, `with`, `case`, `break`,
 *   `continue` (Python has no labels), comprehensions, decorators and
 *   parameter defaults.
 *
 * A nested function's structures count toward every enclosing function too
 * (one nesting level deeper, as the spec does for nested methods and lambdas);
 * a class's cognitive complexity is the sum of its methods'.
 */
export class CognitiveTracker {
  /** Current nesting level (absolute; each function measures from its `cogBase`). */
  depth = 0;
  /** Last boolean operator keyword seen in the current expression (0 none, 1 and, 2 or). */
  lastBool = 0;
  /** How many boolean_operator nodes are open, to detect the root of an expression. */
  boolDepth = 0;

  /** A structural increment (+1 + nesting) for each enclosing function. */
  structural(frame: Frame): void {
    for (let f: Frame | null = frame; f; f = f.parent) {
      if (f.kind === FrameKind.Function) f.cognitive += 1 + this.depth - f.cogBase;
    }
  }

  /** A hybrid or fundamental increment (+1, no nesting) for each enclosing function. */
  flat(frame: Frame): void {
    for (let f: Frame | null = frame; f; f = f.parent) {
      if (f.kind === FrameKind.Function) f.cognitive += 1;
    }
  }

  /** An `and`/`or` keyword: +1 when it differs from the previous operator of the expression. */
  boolToken(frame: Frame, op: 1 | 2): void {
    if (op !== this.lastBool) this.flat(frame);
    this.lastBool = op;
  }

  enterBoolOp(): void {
    if (this.boolDepth === 0) this.lastBool = 0;
    this.boolDepth++;
  }

  leaveBoolOp(): void {
    this.boolDepth--;
  }

  /** Calls and lambdas start a separate expression for boolean-sequence purposes. */
  newExpression(): void {
    this.lastBool = 0;
  }
}
