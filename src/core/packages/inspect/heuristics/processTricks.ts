import type { Reason } from '../../reasons';
import { approximate } from '../python/approximate';
import { isDownloadCall, isProcessCall, isWriteCall } from '../python/callNames';
import { runsAtImport } from '../python/reach';
import { shellPayloadKind } from './shellPayload';
import { constantValue, derivesFrom, keywordArgument, lastPart, positionalArguments, type PythonFacts } from '../python/pythonFacts';
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
  // Commands put together at run time: f"bash -i >& /dev/tcp/{host}/{port} 0>&1", 'nc -e /bin/sh ' + host.
  if (reasons.length === 0 && /\/dev\/tcp|\bnc(at)?\b|socat|bash\s+-i|mkfifo/.test(facts.source)) {
    for (const call of facts.calls) {
      if (!isProcessCall(call.name) && call.name !== 'pty.spawn') continue;
      const text = positionalArguments(call.node).map((a) => approximate(facts, a).text).join(' ');
      if (!SHELL_ONE_LINERS.test(text.slice(0, 4096))) continue;
      reasons.push(makeReason('reverseShell', `${file} runs a reverse-shell command (${text.slice(0, 80)}): it hands a shell on this machine to a remote host. Do not install it.`, { file, line: call.line, evidence: `${text} ⟵ ${snippet(call.node)}` }));
      break;
    }
  }
  const socket = facts.calls.find((c) => c.name === 'socket.socket' || c.name === 'socket.create_connection' || c.name === 'socket.fromfd');
  if (!socket) return reasons;
  // Commands read from the socket and run: `cmd = s.recv(1024).decode()` … `subprocess.Popen(cmd, shell=True)`.
  for (const call of facts.calls) {
    if (!isProcessCall(call.name)) continue;
    const command = positionalArguments(call.node)[0] ?? keywordArgument(call.node, 'args');
    const received = command && derivesFrom(facts, command, (c) => /(^|\.)(recv|recvfrom|recv_into)$/.test(c.name));
    if (!received) continue;
    reasons.push(makeReason('reverseShell', `${file} runs commands it receives from a socket (${received.name}, line ${received.line} → ${call.name}, line ${call.line}): a remote shell on this machine for whoever is at the other end. Do not install it.`, { file, line: call.line, evidence: snippet(call.node) }));
    return reasons;
  }
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

const START_UP_HOOKS = 'Python start-up hooks';

const PERSISTENCE_PLACES: ReadonlyArray<[RegExp, string]> = [
  [/(^|[/\\~])\.(bashrc|bash_profile|bash_login|profile|zshrc|zprofile|zshenv|config\/fish\/config\.fish)$/, 'a shell start-up file'],
  [/\/etc\/(cron|crontab)|\/var\/spool\/cron|^crontab(\s|$)|\|\s*crontab\s+-\s*$|\bcrontab\s+-l\b/, 'crontab'],
  [/\.config[/\\]systemd[/\\]user|systemctl\s+--user\s+enable|\/etc\/systemd\/system/, 'a systemd unit'],
  [/\.config[/\\]autostart|\/etc\/xdg\/autostart/, 'the desktop autostart folder'],
  [/Start Menu[/\\]+Programs[/\\]+Startup|CurrentVersion[/\\]+Run(Once)?\b|shell:startup/i, 'the Windows start-up folder or Run key'],
  [/\bschtasks(\.exe)?\b[^\n]*\/create\b|\breg(\.exe)?\s+add\b[^\n]*\\Run\b/i, 'a Windows scheduled task or Run key'],
  [/Library[/\\]Launch(Agents|Daemons)/, 'macOS LaunchAgents'],
  [/(^|[/\\])sitecustomize\.py$|(^|[/\\])usercustomize\.py$/, START_UP_HOOKS],
];

/** Writing shell rc files, crontab, systemd/autostart units, Startup folders, Run keys, scheduled tasks or LaunchAgents. */
export function persistence(facts: PythonFacts, role: FileRole): Reason[] {
  const places = facts.strings.flatMap((s) => {
    if (s.docstring || s.value.length > 300) return [];
    const hit = PERSISTENCE_PLACES.find(([pattern]) => pattern.test(s.value));
    return hit ? [{ kind: hit[1], line: s.line, value: s.value }] : [];
  });
  // Paths put together from pieces: os.path.join(os.getenv('APPDATA'), 'Microsoft', 'Windows', 'Start Menu', 'Programs', 'Startup').
  for (const call of facts.calls) {
    if (!/^(os\.path\.join|pathlib\.Path|Path)$|\.joinpath$/.test(call.name) || call.node.endIndex - call.node.startIndex > 400) continue;
    if (!/rc\b|rc['"]|profile|zsh|fish|cron|systemd|autostart|startup|\bRun\b|launch|customize/i.test(call.node.text)) continue;
    const value = approximate(facts, call.node).text;
    const hit = PERSISTENCE_PLACES.find(([pattern]) => pattern.test(value));
    if (hit) places.push({ kind: hit[1], line: call.line, value });
  }
  // Commands given as argument lists: ['schtasks', '/create', …], ['reg', 'add', …\\Run].
  for (const call of facts.calls) {
    if (!isProcessCall(call.name) || !/schtasks|reg|crontab|systemctl|launchctl/i.test(call.node.text)) continue;
    const value = approximate(facts, call.node.childForFieldName('arguments')?.namedChildren[0]).text;
    const hit = PERSISTENCE_PLACES.find(([pattern]) => pattern.test(value));
    if (hit && !places.some((p) => p.line === call.line)) places.push({ kind: hit[1], line: call.line, value });
  }
  if (places.length === 0) return [];
  const writers = facts.calls.filter((c) => isWriteCall(c) || /^\.(write|write_text|writelines)$/.test(c.name) || c.name === 'winreg.SetValueEx' || c.name === '_winreg.SetValueEx' || c.name === 'winreg.SetValue' || (isProcessCall(c.name) && /crontab|systemctl|launchctl|schtasks|reg\s+add|reg\.exe/i.test(approximate(facts, c.node.childForFieldName('arguments')?.namedChildren[0]).text + c.node.text)));
  if (writers.length === 0) return [];
  const first = places[0];
  // What makes it a dropper rather than a shell-completion installer: what it persists, and when it does it.
  const payload = facts.strings.some((s) => !s.docstring && shellPayloadKind(s.value)) || facts.calls.some((c) => /^\.(write|write_text|writelines)$/.test(c.name) && shellPayloadKind(approximate(facts, c.node.childForFieldName('arguments')?.namedChildren[0]).text));
  const download = facts.calls.find((c) => isDownloadCall(c.name));
  const atImport = !role.installTime && writers.some((w) => runsAtImport(facts, w.node));
  const why = payload ? ' a download-and-run command' : download ? ` code it downloads (${download.name}, line ${download.line})` : atImport ? ' as soon as the module is imported' : '';
  // pip's isolated build environments and coverage tools write sitecustomize.py for their own processes: a start-up
  // hook alone, written when a function is called, is worth a look, not a warning.
  const startUpHookOnly = places.every((p) => p.kind === START_UP_HOOKS);
  const severity = role.installTime || payload || download || atImport ? 'high' : startUpHookOnly ? 'low' : 'medium';
  return [
    makeReason('persistence', `${facts.path} writes to ${first.kind} (${first.value})${why ? `, persisting${why}` : ''}, which makes code run again at every login or boot. Unless installing start-up hooks is the package's stated purpose, do not install it.`, { file: facts.path, line: first.line, evidence: first.value, severity }),
  ];
}

const DETACH_FLAGS = /DETACHED_PROCESS|CREATE_NO_WINDOW|CREATE_NEW_PROCESS_GROUP|0x0*8\b|0x0*8000000\b|134217728|\b8\b/;

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
