import * as path from 'node:path';
import type { ShimKind } from '../core/intercept/runIntercepted';

/**
 * `snakepit pip3 …`, `snakepit python3.11 …`: which kind of program a name is. Its own module so that the CLI's
 * entry can route the shims without loading the gate.
 */
export function shimKindOf(name: string): ShimKind | undefined {
  const base = path.basename(name);
  if (/^pip(\d+(\.\d+)?)?$/.test(base)) return 'pip';
  if (/^python(\d+(\.\d+)?)?$/.test(base)) return 'python';
  if (base === 'uv') return 'uv';
  if (base === 'pipx') return 'pipx';
  return undefined;
}
