import type { Reason } from '../../reasons';
import { isProcessCall, isWriteCall } from '../python/callNames';
import { constantValue, keywordArgument, lastPart, positionalArguments, type PythonFacts } from '../python/pythonFacts';
import { makeReason } from '../reasonCatalog';
import { snippet, type FileRole } from './heuristic';

const SHELL = /(^|\/)(ba|z|da|k|c|tc)?sh(\s+-i)?$|cmd\.exe|powershell/i;
const SHELL_ONE_LINERS = /\/dev\/tcp\/|\bnc(at)?\s+(-\w+\s+)*-e\s|\bsocat\b.*exec:|bash\s+-i\s*>&|mkfifo\s+\/tmp\//i;

/** socket + dup2 + a shell, pty.spawn of a shell next to a socket, or the classic one-liners. */
export function reverseShell(facts: PythonFacts): Reason[] {
  const file = facts.path;
  const reasons: Reason[] = [];
  for (const str of facts.strings) {
    if (!str.docstring && SHELL_ONE_LINERS.test(str.value)) {
      reasons.push(makeReason('reverseShell', `${file} contains a reverse-shell command (${str.value.slice(0, 80)}): it hands a shell on this machine to a remote host. Do not install it.`, { file, line: str.line, evidence: str.value }));
    }
  }
  const socket = facts.calls.find((c) => c.name === 'socket.socket' || c.name === 'socket.create_connection' || c.name === 'socket.fromfd');
  if (!socket) return reasons;
  const dup2 = facts.calls.filter((c) => c.name === 'os.dup2' && /fileno\s*\(/.test(c.node.text));
  const shellStarts = facts.calls.filter((c) => {
    if (!isProcessCall(c.name) && c.name !== 'pty.spawn') return false;
    const first = constantValue(positionalArguments(c.node)[0]);
    const program = Array.isArray(first) ? first[0] : first;
    return (typeof program === 'string' && SHELL.test(program.trim())) || /stdin\s*=\s*\w+\.fileno\(\)/.test(c.node.text);
  });
  if ((dup2.length > 0 && shellStarts.length > 0) || shellStarts.some((c) => c.name === 'pty.spawn' || /fileno\(\)/.test(c.node.text))) {
    const start = shellStarts[0];
    reasons.push(makeReason('reverseShell', `${file} connects a socket (line ${socket.line}) to a shell (${start.name}, line ${start.line}): a reverse shell. Do not install it.`, { file, line: start.line, evidence: snippet(start.node) }));
  }
  return reasons;
}

const PERSISTENCE_PLACES: ReadonlyArray<[RegExp, string]> = [
  [/(^|[/\\~])\.(bashrc|bash_profile|bash_login|profile|zshrc|zprofile|zshenv|config\/fish\/config\.fish)$/, 'a shell start-up file'],
  [/\/etc\/(cron|crontab)|\/var\/spool\/cron|^crontab(\s|$)/, 'crontab'],
  [/\.config[/\\]systemd[/\\]user|systemctl\s+--user\s+enable|\/etc\/systemd\/system/, 'a systemd unit'],
  [/\.config[/\\]autostart|\/etc\/xdg\/autostart/, 'the desktop autostart folder'],
  [/Start Menu[/\\]+Programs[/\\]+Startup|CurrentVersion[/\\]+Run(Once)?\b/i, 'the Windows start-up folder or Run key'],
  [/Library[/\\]Launch(Agents|Daemons)/, 'macOS LaunchAgents'],
  [/(^|[/\\])sitecustomize\.py$|(^|[/\\])usercustomize\.py$/, 'Python start-up hooks'],
];

/** Writing shell rc files, crontab, systemd/autostart units, Startup folders or LaunchAgents. */
export function persistence(facts: PythonFacts, role: FileRole): Reason[] {
  const places = facts.strings.flatMap((s) => {
    if (s.docstring || s.value.length > 300) return [];
    const hit = PERSISTENCE_PLACES.find(([pattern]) => pattern.test(s.value));
    return hit ? [{ kind: hit[1], line: s.line, value: s.value }] : [];
  });
  if (places.length === 0) return [];
  const writes = facts.calls.some((c) => isWriteCall(c) || c.name === 'winreg.SetValueEx' || c.name === '_winreg.SetValueEx' || (isProcessCall(c.name) && /crontab|systemctl|launchctl|schtasks|reg\s+add/.test(c.node.text)));
  if (!writes) return [];
  const first = places[0];
  return [
    makeReason('persistence', `${facts.path} writes to ${first.kind} (${first.value}), which makes code run again at every login or boot. Unless installing start-up hooks is the package's stated purpose, do not install it.`, { file: facts.path, line: first.line, evidence: first.value, severity: role.installTime ? 'high' : 'medium' }),
  ];
}

const DETACH_FLAGS = /DETACHED_PROCESS|CREATE_NO_WINDOW|CREATE_NEW_PROCESS_GROUP|0x00000008\b/;

/** Processes started so that they outlive the caller or stay invisible. */
export function detachedProcess(facts: PythonFacts, role: FileRole): Reason[] {
  const reasons: Reason[] = [];
  for (const call of facts.calls) {
    if (!isProcessCall(call.name)) continue;
    const text = call.node.text;
    const newSession = keywordArgument(call.node, 'start_new_session')?.text === 'True' || /preexec_fn\s*=\s*os\.setsid/.test(text);
    const flags = keywordArgument(call.node, 'creationflags');
    const hidden = (flags && DETACH_FLAGS.test(flags.text)) || /\bnohup\b|\bsetsid\b|\bdisown\b|&\s*['"]?\s*$/.test(literalValueText(call));
    const silent = keywordArgument(call.node, 'stdout')?.text.endsWith('DEVNULL') && keywordArgument(call.node, 'stderr')?.text.endsWith('DEVNULL') && lastPart(call.name) === 'Popen';
    if (!newSession && !hidden && !silent) continue;
    reasons.push(makeReason('detachedProcess', `${facts.path} starts a ${newSession || hidden ? 'detached' : 'silenced'} process (${call.name}) that outlives or hides from its caller; check what it runs.`, { file: facts.path, line: call.line, evidence: snippet(call.node), severity: role.installTime ? 'high' : 'low' }));
  }
  return reasons;
}

function literalValueText(call: { node: Parameters<typeof positionalArguments>[0] }): string {
  const value = constantValue(positionalArguments(call.node)[0]);
  return Array.isArray(value) ? value.join(' ') : typeof value === 'string' ? value : '';
}

const CLIPBOARD_MODULES = ['pyperclip', 'clipboard', 'win32clipboard', 'pyclip', 'klembord', 'jaraco.clipboard'];

/** Reads or replaces the clipboard (crypto-address swappers, password grabbers). */
export function clipboard(facts: PythonFacts, role: FileRole): Reason[] {
  const module = CLIPBOARD_MODULES.find((m) => facts.imports.has(m));
  const call = facts.calls.find((c) => /\.(clipboard_get|OpenClipboard|GetClipboardData|SetClipboardData)$/.test(c.name) || (isProcessCall(c.name) && /\b(pbpaste|pbcopy|xclip|xsel|wl-paste|wl-copy)\b/.test(c.node.text)));
  if (!module && !call) return [];
  return [
    makeReason('clipboard', `${facts.path} reads or writes the clipboard (${call ? call.name : module}); make sure the package has a reason to.`, { file: facts.path, line: call?.line, evidence: call ? snippet(call.node) : `import ${module}`, severity: role.installTime ? 'high' : undefined }),
  ];
}
