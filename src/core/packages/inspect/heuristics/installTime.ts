import type { Reason } from '../../reasons';
import { isExecCall, isNetworkCall, isProcessCall, isWriteCall } from '../python/callNames';
import type { SyntaxNode } from '../../../analysis/parser';
import { approximate } from '../python/approximate';
import { lastPart, positionalArguments, stringLiteral, type CallFact, type PythonFacts } from '../python/pythonFacts';
import { runsAtImport } from '../python/reach';
import { makeReason } from '../reasonCatalog';
import { snippet, type FileRole } from './heuristic';
import { execOfLocalFile } from './obfuscation';

/** Commands whose override runs the package's own code during `pip install` / `setup.py develop`. */
const HOOKED_COMMANDS = new Set(['install', 'develop', 'egg_info', 'build_py', 'install_lib', 'install_scripts', 'easy_install']);
const HOOK_CLASS_MODULES = /^(setuptools|distutils|wheel)\.command\.|^setuptools\.command$|^distutils\.command$|^setuptools$|^distutils\.core$/;

function overriddenCommand(bases: readonly string[]): string | undefined {
  for (const base of bases) {
    const command = lastPart(base);
    const module = base.slice(0, Math.max(0, base.length - command.length - 1));
    if (HOOKED_COMMANDS.has(command) && (module === '' || HOOK_CLASS_MODULES.test(module) || module.endsWith(`.${command}`))) return command;
  }
  return undefined;
}

const PIP_CALL = /^(pip\.main|pip\._internal\.main|pip\._internal\.cli\.main\.main|pip\._internal\.cli\.main|pip\.__main__\.\w+|setuptools\.command\.easy_install\.main|easy_install\.main)$/;
const PIP_COMMAND = /(^|[\s/\\'"])(pip[\d.]*(\.exe)?|-m\s+pip|easy_install)\s+(install|download)\b/;

/** Installs other packages: `pip.main(['install', …])`, `subprocess … pip install …`. */
function pipInstall(facts: PythonFacts, call: CallFact): string | undefined {
  if (PIP_CALL.test(call.name)) return call.name;
  if (!isProcessCall(call.name) || !/pip|easy_install/.test(call.node.text)) return undefined;
  for (const arg of positionalArguments(call.node)) {
    const text = approximate(facts, arg).text;
    if (PIP_COMMAND.test(text)) return text;
  }
  return undefined;
}

/** Where a file write lands outside the project: the home directory, system paths, %APPDATA% … */
const OUTSIDE_TREE = /^(~|\/(?!tmp\b)|[A-Za-z]:[\\/]|%(HOME|USERPROFILE|APPDATA|LOCALAPPDATA|PROGRAMDATA|TEMP|TMP)%|\\\\)/;

/** The try statement whose body holds `node` and whose every handler only swallows the error (pass, ..., continue). */
function swallowingTry(node: SyntaxNode): SyntaxNode | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (current.type === 'function_definition' || current.type === 'class_definition') return undefined;
    if (current.type !== 'block' || current.parent?.type !== 'try_statement') continue;
    const tryNode = current.parent;
    if (tryNode.childForFieldName('body')?.startIndex !== current.startIndex) continue;
    const handlers = tryNode.namedChildren.filter((c) => c?.type === 'except_clause');
    if (handlers.length === 0) continue;
    const swallows = handlers.every((h) => {
      const body = h?.namedChildren.find((c) => c?.type === 'block');
      return !!body && body.namedChildren.every((st) => !!st && (st.type === 'pass_statement' || st.type === 'continue_statement' || st.type === 'comment' || (st.type === 'expression_statement' && st.text === '...')));
    });
    if (swallows) return tryNode;
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
      const pip = pipInstall(facts, call);
      if (pip) {
        reasons.push(makeReason('setupInstallsPackages', `${file} installs other packages while it is itself being installed (${pip}): those packages escape your requirements, pins and hashes, and this is how droppers pull their payload. Do not install it.`, at));
      }
      if ((isProcessCall(call.name) || isNetworkCall(call.name) || isExecCall(call.name) || pip) && swallowingTry(call.node)) {
        reasons.push(makeReason('setupHidesErrors', `${file} wraps ${call.name} in try/except that swallows every error: if it fails nobody sees it, which only matters to code that must not be noticed. Do not install it.`, at));
      }
      if (pip) continue;
      if (isProcessCall(call.name)) {
        reasons.push(makeReason('setupProcess', `${file} starts a process (${call.name}) when the package is built or installed; read what it runs before installing.`, at));
      } else if (isNetworkCall(call.name)) {
        reasons.push(makeReason('setupNetwork', `${file} uses the network (${call.name}) when the package is built or installed; a build should need no network. Find out what it fetches or sends.`, at));
      } else if (isExecCall(call.name)) {
        // A literal's code is visible (and inspectPath analyses it as install-time code too).
        if (execOfLocalFile(call) || stringLiteral(positionalArguments(call.node)[0]) !== undefined) continue;
        reasons.push(makeReason('setupExec', `${file} runs dynamic code (${call.name}) at install time; the code it runs is not visible in the source. Do not install it unless you can see what runs.`, at));
      } else if (isWriteCall(call)) {
        const target = approximate(facts, positionalArguments(call.node)[0]).text;
        const outside = OUTSIDE_TREE.test(target);
        const what = target !== '…' ? JSON.stringify(target) : 'a file';
        reasons.push(makeReason('setupWrites', outside ? `${file} writes ${what} (${call.name}) outside its own tree at install time: building a package has no business in your home directory or system paths. Do not install it.` : `${file} writes ${what} (${call.name}) at install time; check that it only writes inside the build directory.`, { ...at, severity: outside ? 'high' : undefined }));
      }
    }
  }
  if (!role.installTime) {
    // Package code that installs packages as it is imported.
    for (const call of facts.calls) {
      const pip = pipInstall(facts, call);
      if (!pip || !runsAtImport(facts, call.node)) continue;
      reasons.push(makeReason('setupInstallsPackages', `${file} installs packages (${pip}) as soon as it is imported: they escape your requirements, pins and hashes. Find out what it installs and why.`, { file, line: call.line, evidence: snippet(call.node), severity: 'medium' }));
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
