import type { SyntaxNode } from '../../../analysis/parser';
import type { Reason } from '../../reasons';
import { isDownloadCall, isProcessCall } from '../python/callNames';
import { positionalArguments, type PythonFacts } from '../python/pythonFacts';
import { runsAtImport } from '../python/reach';
import { makeReason } from '../reasonCatalog';
import type { FileRole } from './heuristic';

/** Names only malware looks for: VM guest tools, sandboxes, analysis and debugging tools. */
const ANALYSIS_NAMES = /\b(vboxservice|vboxtray|vboxguest|vmtoolsd|vmwaretray|vmwareuser|vmsrvc|vmusrvc|prl_tools|prl_cc|xenservice|qemu-ga|sbiedll|sandboxie|wireshark|fiddler|procmon|procexp|processhacker|x64dbg|x32dbg|ollydbg|ida64|idaq|httpdebuggerui|joeboxserver|joeboxcontrol|wdagutilityaccount|cuckoo|anyrun|vmcheck|sandbox_?detect|is_?sandbox|is_?vm|anti_?vm|anti_?debug)\b/i;
const DEBUGGER_CALLS = /(IsDebuggerPresent|CheckRemoteDebuggerPresent)$/;
const CONTAINER_PROBES = /^(\/\.dockerenv|\/proc\/1\/cgroup|\/proc\/self\/cgroup|\/run\/\.containerenv|\/proc\/self\/status)$/;
const CI_VARIABLES = /^(CI|GITHUB_ACTIONS|TRAVIS|JENKINS_URL|JENKINS_HOME|GITLAB_CI|CIRCLECI|BUILDKITE|TF_BUILD|TEAMCITY_VERSION|CODEBUILD_BUILD_ID|BITBUCKET_BUILD_NUMBER|APPVEYOR|DRONE)$/;
const HOST_FACT_CALLS = new Set(['getpass.getuser', 'os.getlogin', 'socket.gethostname', 'platform.node', 'socket.getfqdn']);

export interface EvasionMarker {
  what: string;
  line: number;
  /** VM/sandbox/debugger names and debugger APIs: nothing else looks for them. */
  strong: boolean;
}

function comparison(node: SyntaxNode): SyntaxNode | undefined {
  for (let current = node.parent, hops = 0; current && hops < 4; current = current.parent, hops++) {
    if (current.type === 'comparison_operator') return current;
    if (current.type === 'block' || current.type === 'expression_statement') return undefined;
  }
  return undefined;
}

/** Checks that tell an analysis sandbox, a VM, a container or CI from a victim's machine. */
export function evasionMarkers(facts: PythonFacts): EvasionMarker[] {
  const markers: EvasionMarker[] = [];
  const names = new Set<string>();
  for (const str of facts.strings) {
    if (str.docstring || str.value.length > 2000) continue;
    const m = ANALYSIS_NAMES.exec(str.value);
    if (m) {
      names.add(m[1].toLowerCase());
      if (names.size <= 1 || markers.length < 8) markers.push({ what: `looks for ${m[1]}`, line: str.line, strong: false });
    }
    if (CONTAINER_PROBES.test(str.value)) markers.push({ what: `probes ${str.value}`, line: str.line, strong: false });
  }
  // One analysis tool's name is a coincidence (a Wireshark wrapper); several are a checklist.
  if (names.size >= 2) for (const m of markers) if (m.what.startsWith('looks for')) m.strong = true;
  for (const call of facts.calls) {
    if (DEBUGGER_CALLS.test(call.name)) markers.push({ what: `asks ${call.name}`, line: call.line, strong: true });
    if (/^(os\.cpu_count|multiprocessing\.cpu_count|psutil\.cpu_count|psutil\.virtual_memory|psutil\.disk_usage|shutil\.disk_usage)$/.test(call.name)) {
      const cmp = comparison(call.node);
      if (cmp && /(<|<=|==)\s*\d+(\s*\*\s*\d+)*\s*$|^\s*\d+\s*(>|>=)/.test(cmp.text.replace(call.node.text, 'X'))) markers.push({ what: `checks ${call.name}() against a small limit (${cmp.text.slice(0, 60)})`, line: call.line, strong: false });
    }
    if (HOST_FACT_CALLS.has(call.name)) {
      const cmp = comparison(call.node);
      if (cmp && /\bin\b/.test(cmp.text) && /\[[^\]]*['"][^\]]*,/.test(cmp.text)) markers.push({ what: `compares ${call.name}() with a list of names`, line: call.line, strong: true });
    }
    if (call.name === 'time.sleep' && runsAtImport(facts, call.node)) {
      const seconds = Number(positionalArguments(call.node)[0]?.text);
      if (seconds >= 30) markers.push({ what: `sleeps ${seconds} s at import time`, line: call.line, strong: false });
    }
  }
  for (const read of facts.envReads) {
    if (!CI_VARIABLES.test(read.name)) continue;
    // Only a check that leads to quitting or skipping: `if os.getenv('CI'): sys.exit()`.
    let ifNode: SyntaxNode | null = read.node.parent;
    for (let hops = 0; ifNode && ifNode.type !== 'if_statement' && hops < 4; hops++) ifNode = ifNode.parent;
    const body = ifNode?.type === 'if_statement' ? ifNode.childForFieldName('consequence') : undefined;
    // `return Provider.GITHUB` is detection for a feature; a bare return or an exit is hiding.
    if (body && /^\s*(sys\.exit|exit\s*\(|quit\s*\(|os\._exit|raise SystemExit|return\s*($|\n|#|None\b))/.test(body.text)) markers.push({ what: `quits when ${read.name} is set`, line: read.line, strong: false });
  }
  return markers;
}

/**
 * Sandbox/VM/CI/debugger detection. Alone it only lowers the score (test suites and container-aware
 * tools probe /.dockerenv too); in a package with other findings it raises them (see combineReasons).
 */
export function evasion(facts: PythonFacts, role: FileRole): Reason[] {
  const markers = evasionMarkers(facts);
  if (markers.length === 0) return [];
  const strong = markers.some((m) => m.strong);
  const acts = facts.calls.some((c) => isProcessCall(c.name) || isDownloadCall(c.name));
  const first = markers.find((m) => m.strong) ?? markers[0];
  return [
    makeReason('evasion', `${facts.path} ${markers.slice(0, 3).map((m) => m.what).join('; ')}: ${strong ? 'malware checks for analysis sandboxes, VMs and debuggers so that it behaves only on real victims' : 'code that checks for containers, CI or small machines can hide its behaviour from sandboxes'}. On its own this proves nothing; together with other findings in the package it makes them worse. Read what the code does when the check lets it through.`, { file: facts.path, line: first.line, evidence: markers.map((m) => m.what).slice(0, 4).join('; '), severity: strong && (acts || role.installTime) ? 'medium' : 'low' }),
  ];
}
