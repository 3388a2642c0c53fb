// The `snakepit` executable (dist/cli.js). CommonJS, so it runs under any package.json; the program itself is the ES
// module dist/cli.mjs beside it, split into chunks so that a command loads only its own part of the bundle.
import * as nodeModule from 'node:module';
import { VERSION } from '../core/version';

const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  // What commander would print, without starting the ES module loader for it.
  process.stdout.write(`${VERSION}\n`);
} else {
  // Node ≥ 22.1 keeps compiled code between runs; older runtimes lack the call and compile every time.
  (nodeModule as { enableCompileCache?: () => unknown }).enableCompileCache?.();
  // A name esbuild leaves alone: dist/cli.mjs is its own build (esbuild.js), not part of this one.
  const program = './cli.mjs';
  void import(program);
}
