/**
 * Cyclomatic complexity as radon 5's ComplexityVisitor counts it.
 *
 * Decision points (+1 each): `if`, `elif`, conditional expression, `for` /
 * `async for` / `while` (+1 more with an `else`), each `except` of a plain
 * `try` and its `else` (a `try … except*` is not counted at all), each `and` /
 * `or` (radon adds `len(values) - 1` per BoolOp), each `for` and `if` of a
 * comprehension, and `assert` (whose expression is then not visited).
 * Not counted: `with`, `match`/`case`, `lambda` itself, `finally`, `try` itself.
 * Not visited at all: decorators, function parameters (defaults, annotations)
 * and return annotations, class bases and keywords.
 *
 * A function's complexity is 1 + its own decision points; nested functions
 * (closures) have their own and add nothing to the enclosing function, nor do
 * classes defined inside it.
 */

/** Class complexity: radon's `Class.complexity` from `real_complexity` (1 + body + Σ methods). */
export function classComplexity(realComplexity: number, methods: number): number {
  if (methods === 0) return realComplexity;
  return Math.trunc(realComplexity / methods) + (methods > 1 ? 1 : 0);
}

/** radon's `cc_rank`: A 1–5, B 6–10, C 11–20, D 21–30, E 31–40, F 41+. */
export function ccRank(cc: number): string {
  if (cc < 0) return 'A';
  const index = Math.min((Math.ceil(cc / 10) || 1) - (5 - cc < 0 ? 0 : 1), 5);
  return String.fromCharCode(index + 65);
}
