/**
 * `@renovatebot/pep440` is an ES module and this project compiles to CommonJS: Node loads it with
 * `require` (node ≥ 20.19) and esbuild bundles it, but TypeScript needs the types imported this way.
 */
import type * as Pep440 from '@renovatebot/pep440' with { 'resolution-mode': 'import' };

// eslint-disable-next-line @typescript-eslint/no-require-imports
const pep440 = require('@renovatebot/pep440') as typeof Pep440;

export const { satisfies, filter, validRange, valid, compare, explain } = pep440;
export const parseSpecifier: (ranges: string) => Array<{ operator: string; version?: string; prefix?: string; legacy?: string }> = (
  // The specifier module's `parse`; the package root exports the version `parse` under that name.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require('@renovatebot/pep440/lib/specifier.js') as { parse: (ranges: string) => Array<{ operator: string; version?: string; prefix?: string; legacy?: string }> }
).parse;
