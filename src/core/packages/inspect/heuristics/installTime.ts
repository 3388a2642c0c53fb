import type { Reason } from '../../reasons';
import { isExecCall, isNetworkCall, isProcessCall, isWriteCall } from '../python/callNames';
import { lastPart, positionalArguments, stringLiteral, type CallFact, type PythonFacts } from '../python/pythonFacts';
import { makeReason } from '../reasonCatalog';
import { snippet, type FileRole } from './heuristic';

/** Commands whose override runs the package's own code during `pip install` / `setup.py develop`. */
const HOOKED_COMMANDS = new Set(['install', 'develop', 'egg_info', 'build_py', 'install_lib', 'install_scripts', 'easy_install']);
const HOOK_CLASS_MODULES = /^(setuptools|distutils|wheel)\.command\.|^setuptools\.command$|^distutils\.command$|^setuptools$|^distutils\.core$/;

/** `exec(open('pkg/version.py').read())`: the common way to read a version, not hidden code. */
function execOfLocalFile(call: CallFact): boolean {
  const arg = positionalArguments(call.node)[0];
  if (!arg) return false;
  const text = arg.text.replace(/\s+/g, '');
  return /^(compile\()?(open|io\.open|codecs\.open)\([^()]*(\([^()]*\))?[^()]*\)\.read\(\)/.test(text) || /^(f|fp|fh|file|version_file|fd)\.read\(\)$/.test(text);
}

function overriddenCommand(bases: readonly string[]): string | undefined {
  for (const base of bases) {
    const command = lastPart(base);
    const module = base.slice(0, Math.max(0, base.length - command.length - 1));
    if (HOOKED_COMMANDS.has(command) && (module === '' || HOOK_CLASS_MODULES.test(module) || module.endsWith(`.${command}`))) return command;
  }
  return undefined;
}

/** setup.py that does more than call setup(): processes, network, file writes, dynamic code, command overrides. */
export function installTimeCode(facts: PythonFacts, role: FileRole): Reason[] {
  const reasons: Reason[] = [];
  const file = facts.path;
  if (role.installTime) {
    for (const call of facts.calls) {
      const at = { file, line: call.line, evidence: snippet(call.node) };
      if (isProcessCall(call.name)) {
        reasons.push(makeReason('setupProcess', `${file} starts a process (${call.name}) when the package is built or installed; read what it runs before installing.`, at));
      } else if (isNetworkCall(call.name)) {
        reasons.push(makeReason('setupNetwork', `${file} uses the network (${call.name}) when the package is built or installed; a build should need no network. Find out what it fetches or sends.`, at));
      } else if (isExecCall(call.name)) {
        // A literal's code is visible (and inspectPath analyses it as install-time code too).
        if (execOfLocalFile(call) || stringLiteral(positionalArguments(call.node)[0]) !== undefined) continue;
        reasons.push(makeReason('setupExec', `${file} runs dynamic code (${call.name}) at install time; the code it runs is not visible in the source. Do not install it unless you can see what runs.`, at));
      } else if (isWriteCall(call)) {
        const target = stringLiteral(positionalArguments(call.node)[0]);
        reasons.push(makeReason('setupWrites', `${file} writes ${typeof target === 'string' ? JSON.stringify(target) : 'a file'} (${call.name}) at install time; check that it only writes inside the build directory.`, at));
      }
    }
  }
  for (const cls of facts.classes) {
    const command = overriddenCommand(cls.bases);
    if (!command) continue;
    if (!role.installTime && !facts.calls.some((c) => c.name.endsWith('setup') && lastPart(c.name) === 'setup')) continue;
    reasons.push(makeReason('cmdclassOverride', `${file} overrides the \`${command}\` command (class ${cls.name}): its code runs during installation. Read its run() before installing.`, { file, line: cls.line, evidence: `class ${cls.name}(${cls.bases.join(', ')})` }));
  }
  return reasons;
}
