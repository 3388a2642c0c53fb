import type { SyntaxNode } from '../../../analysis/parser';
import type { Reason, Severity } from '../../reasons';
import { approximate, type Approximation } from '../python/approximate';
import { isProcessCall } from '../python/callNames';
import { keywordArgument, positionalArguments, type CallFact, type PythonFacts } from '../python/pythonFacts';
import { makeReason } from '../reasonCatalog';
import { snippet, type FileRole } from './heuristic';

/** Commands that fetch code and run it, or run encoded code: one line of shell is a whole dropper. */
export const SHELL_PAYLOADS: ReadonlyArray<[RegExp, string]> = [
  [/\b(curl|wget|fetch)\b[^|\n;&]*\|\s*(sudo\s+(-\S+\s+)*)?(env\s+)?(\/(usr\/)?(local\/)?bin\/)?((ba|z|da|k|c|tc|fi)?sh|python[\d.]*|perl|ruby|php|node)\b/i, 'a download piped into a shell or interpreter'],
  [/<\(\s*(curl|wget)\b|\$\(\s*(curl|wget)\b[^)]*\)\s*("|'|$|\)|;)|`\s*(curl|wget)\b[^`]*`/i, 'a download run through command substitution'],
  [/\b(curl|wget)\b[^\n;|&]*\s(-o|-O|--output|--output-document)\s*\S+[^\n]*?(;|&&|\|\|)\s*(chmod\s+(\+x|[0-7]*[1357][0-7]*)\s+\S+\s*(;|&&)\s*)?((sudo\s+)?(ba|z|da)?sh\s+\S|\.\/\S|(py|pyw|pythonw?[\d.]*)(\.exe)?\s+\S|nohup\b|start\s+\S|\S+\.(exe|bat|cmd|ps1|vbs|pyw)\b)/i, 'a download saved and then run'],
  [/\bpowershell(\.exe)?\b[^\n]*\s[-/](e|ec|en|enc|enco|encod|encode|encoded|encodedcommand)\s+["']?[A-Za-z0-9+/=]{16,}/i, 'PowerShell running an encoded command'],
  [/\b(iex|invoke-expression)\b[^\n]*\b(downloadstring|downloaddata|net\.webclient|invoke-webrequest|iwr|irm|invoke-restmethod|start-bitstransfer)\b|\b(downloadstring|invoke-webrequest|iwr|irm|invoke-restmethod)\b[^\n]*\|\s*(iex|invoke-expression)\b/i, 'a PowerShell download cradle (IEX of downloaded code)'],
  [/net\.webclient\)?\s*\.\s*downloadfile\s*\([^\n]*(start-process|invoke-item|\.exe\b|&\s*\$)/i, 'PowerShell downloading and starting a program'],
  [/\bcertutil(\.exe)?\b[^\n]*[-/](urlcache|verifyctl)\b/i, 'certutil used as a downloader'],
  [/\bbitsadmin(\.exe)?\b[^\n]*\/(transfer|addfile)\b/i, 'bitsadmin used as a downloader'],
  [/\bmshta(\.exe)?\s+["']?(https?|vbscript|javascript):/i, 'mshta running remote or inline script'],
  [/\bregsvr32(\.exe)?\b[^\n]*\/i:\s*["']?https?:/i, 'regsvr32 loading a remote scriptlet'],
  [/\brundll32(\.exe)?\s+["']?(javascript|vbscript):/i, 'rundll32 running inline script'],
  [/\bpython[\d.]*\s+-c\s+["'][^"'\n]*\b(urlopen|urllib|requests\.get)\b[^"'\n]*\b(exec|eval)\s*\(/i, 'python -c running downloaded code'],
];

/** A command is one line: each line is tested on its own, and only so much of it, so a crafted line cannot make the regexes crawl. */
const MAX_LINE = 4096;
const MAX_LINES = 4000;

/** The same, for a whole file: words too common in code (python, fetch) only in the shape they take in a payload. */
const FILE_WORDS = /curl|wget|powershell|\biex\b|invoke-|downloadstring|certutil|bitsadmin|mshta|regsvr32|rundll32|-c\s+["'][^"'\n]*urlopen|\bfetch\b[^\n]*\|/i;
const PAYLOAD_WORDS = /curl|wget|fetch|powershell|iex|invoke-|downloadstring|certutil|bitsadmin|mshta|regsvr32|rundll32|python/i;

/** The first download-and-run shape in `text`, if any. */
export function shellPayloadKind(text: string): string | undefined {
  if (!PAYLOAD_WORDS.test(text)) return undefined;
  const lines = text.split(/\r?\n/, MAX_LINES);
  for (const line of lines) {
    const bounded = line.length > MAX_LINE ? line.slice(0, MAX_LINE) : line;
    for (const [pattern, kind] of SHELL_PAYLOADS) if (pattern.test(bounded)) return kind;
  }
  return undefined;
}

const THREAD_LIKE = /^(threading\.Thread|threading\.Timer|multiprocessing\.Process|atexit\.register|signal\.signal|concurrent\.futures\.\w+\.submit|\.submit|\.apply_async|\.run_in_executor|\.call_later|\.call_soon)$/;
const WRITES = /\.(write|writelines|write_text|write_bytes)$/;
const SHELL_EXECUTE = /(ShellExecute(Ex)?[AW]?|WinExec|CreateProcess[AW]?)$/;

interface Sink {
  call: CallFact;
  kind: 'runs' | 'writes';
  values: SyntaxNode[];
}

function isProcessName(facts: PythonFacts, node: SyntaxNode | undefined): boolean {
  if (!node) return false;
  const name = facts.scope.qualify(node);
  return !!name && (isProcessCall(name) || name === 'pty.spawn');
}

/** Calls that run a command given as data, with the arguments holding it; and writes of file contents. */
function sinks(facts: PythonFacts): Sink[] {
  const out: Sink[] = [];
  for (const call of facts.calls) {
    const runs = isProcessCall(call.name) || call.name === 'pty.spawn' || SHELL_EXECUTE.test(call.name);
    const thread = !runs && THREAD_LIKE.test(call.name);
    const writes = !runs && !thread && WRITES.test(call.name) && !/^sys\.(stdout|stderr)\./.test(call.name);
    if (!runs && !thread && !writes) continue;
    const positional = positionalArguments(call.node);
    if (runs) {
      const args = keywordArgument(call.node, 'args');
      out.push({ call, kind: 'runs', values: args ? [...positional, args] : positional });
      continue;
    }
    if (thread) {
      // Thread(target=os.system, args=("…",)), atexit.register(os.system, "…"), Timer(5, os.system, ["…"]).
      const target = keywordArgument(call.node, 'target') ?? positional.find((p) => isProcessName(facts, p));
      if (!isProcessName(facts, target)) continue;
      const args = keywordArgument(call.node, 'args');
      out.push({ call, kind: 'runs', values: [...positional.filter((p) => p !== target), ...(args ? [args] : [])] });
      continue;
    }
    if (positional[0]) {
      out.push({ call, kind: 'writes', values: [positional[0]] });
    }
  }
  return out;
}

/**
 * Download-and-run commands (`curl … | sh`, `wget -O- … | bash`, PowerShell `-enc` and IEX cradles,
 * certutil/bitsadmin/mshta downloaders) wherever the code runs them: subprocess/os calls, threads and
 * atexit handlers whose target starts a process, contents written to files; and strings that hold one
 * after decoding. A plain mention (help text) only lowers the score.
 */
export function shellPayloads(facts: PythonFacts, role: FileRole): Reason[] {
  // Every shape names its tool in the text; hidden ones are decoded into facts.strings already.
  if (!FILE_WORDS.test(facts.source) && !facts.strings.some((s) => s.hidden)) return [];
  const file = facts.path;
  const reasons: Reason[] = [];
  const reported: string[] = [];
  for (const sink of sinks(facts)) {
    for (const value of sink.values) {
      const approx: Approximation = approximate(facts, value);
      const kind = shellPayloadKind(approx.text);
      if (!kind) continue;
      reported.push(approx.text);
      const hidden = approx.hidden ? ` decoded from ${approx.hidden}` : '';
      const severity: Severity = sink.kind === 'runs' || role.installTime || approx.hidden ? 'high' : 'medium';
      const how = sink.kind === 'runs' ? `runs ${kind}` : `writes ${kind} into a file (a script, unit or autostart entry that runs it later)`;
      reasons.push(makeReason('shellPayload', `${file} ${how}${hidden} (${sink.call.name}): whatever the server sends is executed on this machine. Do not install it; if it ran, treat the machine as compromised.`, { file, line: sink.call.line, evidence: `${approx.text}  ⟵ ${snippet(sink.call.node)}`, severity }));
      break;
    }
  }
  for (const str of facts.strings) {
    if (str.docstring) continue;
    const kind = shellPayloadKind(str.value);
    if (!kind || reported.some((r) => r.includes(str.value) || str.value.includes(r))) continue;
    if (str.hidden) {
      reasons.push(makeReason('shellPayload', `${file} hides ${kind} in a string decoded from ${str.hidden}: nobody encodes a command except to keep it from reviewers and scanners. Do not install it.`, { file, line: str.line, evidence: str.value }));
    } else {
      reasons.push(makeReason('shellPayload', `${file} mentions ${kind} but no call here was seen running it (install instructions in a message look like this); check where the string goes.`, { file, line: str.line, evidence: str.value, severity: 'low' }));
    }
  }
  return reasons;
}

const INTERESTING_HIDDEN: ReadonlyArray<[RegExp, string]> = [
  [/\b(import\s+[a-z_]|exec\s*\(|eval\s*\(|os\.system|subprocess|socket\.|__import__|urlopen|requests\.(get|post))/, 'Python code'],
  [/\b(curl|wget|powershell|cmd(\.exe)?\s+\/c|bash\s+-c|sh\s+-c|chmod\s|certutil|bitsadmin|mshta|schtasks|reg\s+add)\b/i, 'a shell command'],
  [/\.(exe|scr|bat|cmd|vbs|ps1|hta|dll|so)\b/i, 'a program file name'],
  [/\b(https?|ftp|wss?):\/\/[^\s'"]+/i, 'a URL'],
  [/(^|[/\\~])\.(ssh|aws|bashrc|zshrc|profile|netrc|pypirc|config[/\\]autostart)|AppData|Local Storage|leveldb|Login Data|\/etc\/(passwd|shadow)|\/tmp\/|CurrentVersion[/\\]+Run/i, 'a sensitive path'],
  [/^(os|subprocess|socket|builtins|urllib\.request|requests|ctypes|base64|marshal|zlib)$/, 'a module name'],
  [/^(exec|eval|compile|system|popen|Popen|getattr|__import__|open|b64decode|urlopen)$/, 'a function name'],
];

/**
 * Strings decoded from base64/hex/zlib/rot13/chr codes/reversal that hold a URL, code, a command, a
 * program name or a sensitive path: hiding such a string has no purpose but to keep it from a reader.
 */
export function hiddenStrings(facts: PythonFacts, role: FileRole): Reason[] {
  const reasons: Reason[] = [];
  for (const str of facts.strings) {
    if (!str.hidden) continue;
    const value = str.value.trim();
    // Decoded JSON (tokens in tests, fixtures) is data, not a hidden instruction.
    if (/^[{[]/.test(value) && /[}\]]$/.test(value)) continue;
    const hit = INTERESTING_HIDDEN.find(([pattern]) => pattern.test(value));
    if (!hit) continue;
    const payload = shellPayloadKind(value) !== undefined || hit[1] === 'Python code' || hit[1] === 'a shell command';
    reasons.push(makeReason('hiddenString', `${facts.path} decodes ${hit[1]} from ${str.hidden} at run time (${JSON.stringify(value.slice(0, 60))}); the readable source does not show it, which is the point of hiding it. Read the decoded value before installing.`, { file: facts.path, line: str.line, evidence: `${str.hidden}: ${value}`, severity: payload || role.installTime ? 'high' : 'medium' }));
  }
  return reasons;
}
