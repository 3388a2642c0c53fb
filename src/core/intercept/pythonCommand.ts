/** Interpreter options that take a value (the next argument, or the rest of a short cluster). */
const SHORT_WITH_VALUE = new Set(['W', 'X']);
const SHORT_FLAGS = new Set(['b', 'B', 'd', 'E', 'i', 'I', 'O', 'P', 'q', 's', 'S', 'u', 'v', 'x', 'R']);
const LONG_WITH_VALUE = new Set(['--check-hash-based-pycs']);

/** `python [options] -m MODULE ARGS…`: the module and its arguments; undefined for anything else (a script, -c, -, --help, a REPL). */
export function moduleInvocation(args: readonly string[]): { module: string; moduleArgs: string[] } | undefined {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--' || arg === '-' || !arg.startsWith('-')) return undefined;
    if (arg.startsWith('--')) {
      if (LONG_WITH_VALUE.has(arg)) i++;
      else if (!arg.includes('=') || !LONG_WITH_VALUE.has(arg.slice(0, arg.indexOf('=')))) return undefined; // --help, --version, …
      continue;
    }
    for (let j = 1; j < arg.length; j++) {
      const letter = arg[j];
      if (letter === 'm' || letter === 'c') {
        if (letter === 'c') return undefined;
        const inline = arg.slice(j + 1);
        const module = inline || args[i + 1];
        if (module === undefined) return undefined;
        return { module, moduleArgs: args.slice(inline ? i + 1 : i + 2) };
      }
      if (SHORT_WITH_VALUE.has(letter)) {
        if (j === arg.length - 1) i++;
        break;
      }
      if (!SHORT_FLAGS.has(letter)) return undefined; // -h, -V, -? and unknown letters: not an install
    }
  }
  return undefined;
}
