import type { SyntaxNode } from '../../parser';
import { callRule, lastPart } from '../rule';
import type { CallInfo } from '../callContext';
import { isStringNode, stringValue, unparenthesize } from '../literals';

/**
 * Bandit's default `shell_injection` configuration, plus Python 3's
 * subprocess.getoutput/getstatusoutput, which always run their argument through
 * a shell (Bandit's list still names only Python 2's `commands` module; Ruff's S605 has them).
 */
export const SUBPROCESS_CALLS = new Set([
  'subprocess.Popen', 'subprocess.call', 'subprocess.check_call', 'subprocess.check_output', 'subprocess.run',
]);
export const SHELL_CALLS = new Set([
  'os.system', 'os.popen', 'os.popen2', 'os.popen3', 'os.popen4',
  'popen2.popen2', 'popen2.popen3', 'popen2.popen4', 'popen2.Popen3', 'popen2.Popen4',
  'commands.getoutput', 'commands.getstatusoutput',
  'subprocess.getoutput', 'subprocess.getstatusoutput',
]);
export const NO_SHELL_CALLS = new Set([
  'os.execl', 'os.execle', 'os.execlp', 'os.execlpe', 'os.execv', 'os.execve', 'os.execvp', 'os.execvpe',
  'os.spawnl', 'os.spawnle', 'os.spawnlp', 'os.spawnlpe', 'os.spawnv', 'os.spawnve', 'os.spawnvp', 'os.spawnvpe',
  'os.startfile',
]);

/** Bandit's `full_path_match`: a drive letter, or a leading `/`, `\` or `.`. */
const FULL_PATH = /^(?:[A-Za-z](?=:)|[\\/.])/;

/** Bandit's `has_shell`: the truthiness of a literal `shell=` value; anything non-literal counts as true. */
export function hasShell(call: CallInfo): boolean {
  const value = unparenthesize(call.keyword('shell') ?? null);
  if (!value) return false;
  switch (value.type) {
    case 'integer':
    case 'float':
      return Number(value.text.replace(/_/g, '')) !== 0;
    case 'list':
    case 'dictionary':
      return value.namedChildren.some((child) => child?.type !== 'comment');
    case 'false':
    case 'none':
      return false;
    case 'identifier':
      return value.text !== 'False' && value.text !== 'None';
    default:
      return true;
  }
}

function firstCommandPart(call: CallInfo): SyntaxNode | undefined {
  let command: SyntaxNode | null | undefined = unparenthesize(call.args[0] ?? null);
  if (command?.type === 'list') command = command.namedChildren.find((child) => child?.type !== 'comment');
  return command ?? undefined;
}

const ALL_PROCESS_CALLS = [...SUBPROCESS_CALLS, ...SHELL_CALLS, ...NO_SHELL_CALLS];

export const subprocessRules = [
  callRule({
    names: ALL_PROCESS_CALLS.map(lastPart),
    visit(call, ctx) {
      const qualName = call.qualName;
      const literalCommand = call.args.length > 0 && isStringNode(unparenthesize(call.args[0]));
      if (SUBPROCESS_CALLS.has(qualName)) {
        const at = call.keyword('shell') ?? call.node;
        if (!hasShell(call)) ctx.report('B603', call.node, { at });
        else if (call.args.length > 0) {
          ctx.report('B602', call.node, literalCommand
            ? { at, severity: 'low', message: 'subprocess call with shell=True seems safe, but may be changed in the future, consider rewriting without shell' }
            : { at });
        }
      } else if (SHELL_CALLS.has(qualName)) {
        if (call.args.length > 0) {
          ctx.report('B605', call.node, literalCommand
            ? { severity: 'low', message: 'Starting a process with a shell: Seems safe, but may be changed in the future, consider rewriting without shell' }
            : {});
        }
      } else if (NO_SHELL_CALLS.has(qualName)) {
        ctx.report('B606', call.node);
      } else {
        return;
      }
      const executable = stringValue(firstCommandPart(call) ?? null);
      if (executable !== undefined && !FULL_PATH.test(executable)) ctx.report('B607', call.node);
    },
  }),
  // B604: any other callee given a truthy shell= argument.
  callRule({
    names: 'any',
    visit(call, ctx) {
      // A shell= keyword puts its name in the argument text: test that before parsing the arguments.
      if (!call.argumentText.includes('shell') || !call.mayHaveKeywords || !call.hasKeyword('shell') || SUBPROCESS_CALLS.has(call.qualName) || !hasShell(call)) return;
      ctx.report('B604', call.node, { at: call.keyword('shell') });
    },
  }),
];

