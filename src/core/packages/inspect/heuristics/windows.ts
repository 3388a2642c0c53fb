import type { Reason, Severity } from '../../reasons';
import { approximate } from '../python/approximate';
import { isDownloadCall, isProcessCall, isWriteCall } from '../python/callNames';
import { keywordArgument, positionalArguments, type CallFact, type PythonFacts } from '../python/pythonFacts';
import { runsAtImport } from '../python/reach';
import { makeReason } from '../reasonCatalog';
import { snippet, type FileRole } from './heuristic';
import { hasSuspiciousUrl } from './urls';

const PROGRAM = /\.(exe|scr|bat|cmd|vbs|vbe|js|jse|wsf|ps1|hta|msi|pif|lnk)(["'\s]|$)/i;
const USER_WRITABLE = /%(APPDATA|LOCALAPPDATA|TEMP|TMP|PROGRAMDATA|USERPROFILE|PUBLIC)%|AppData[/\\]|[/\\]Temp[/\\]|gettempdir|\\Users\\Public/i;
const HIDDEN_WINDOW = /CREATE_NO_WINDOW|DETACHED_PROCESS|0x0*8000000\b|134217728|SW_HIDE|STARTF_USESHOWWINDOW/;
const POWERSHELL = /\b(powershell|pwsh)(\.exe)?\b/i;
const HIDDEN_POWERSHELL = /\s[-/]w(in(dow(style)?)?)?\s+h(idden)?\b/i;
const STARTERS = /^(os\.startfile|os\.system|os\.popen|subprocess\.\w+|win32api\.ShellExecute|win32api\.WinExec|ctypes\.windll\.shell32\.ShellExecute[AW]?|ctypes\.windll\.kernel32\.WinExec|.*\.ShellExecute(Ex)?[AW]?)$/;

function startText(facts: PythonFacts, call: CallFact): string {
  const args = positionalArguments(call.node);
  const argsKw = keywordArgument(call.node, 'args');
  return [...args, ...(argsKw ? [argsKw] : [])].map((a) => approximate(facts, a).text).join(' ');
}

/**
 * Windows droppers, judged statically although they cannot run here: a program or script downloaded
 * or written and then started (os.startfile, subprocess, ShellExecute), a process started with its
 * window hidden (CREATE_NO_WINDOW, 0x08000000, SW_HIDE, `powershell -w hidden`) next to a download or
 * PowerShell, and programs dropped into %APPDATA%/%TEMP%.
 */
export function windowsDropper(facts: PythonFacts, role: FileRole): Reason[] {
  // Cheap look first: no program file name, no hidden-window flag and no startfile/ShellExecute means no dropper.
  if (!/\.(exe|scr|bat|cmd|vbs|vbe|jse?|wsf|ps1|hta|msi|pif|lnk)\b|CREATE_NO_WINDOW|DETACHED_PROCESS|0x0*8000000|134217728|SW_HIDE|STARTF_USESHOWWINDOW|WindowStyle|startfile|ShellExecute|WinExec|pythonw/i.test(facts.source)) return [];
  const starts = facts.calls.filter((c) => (isProcessCall(c.name) || STARTERS.test(c.name)) && c.name !== 'os.fork');
  if (starts.length === 0) return [];
  const downloads = facts.calls.filter((c) => isDownloadCall(c.name) || /\.(urlretrieve|download_file|DownloadFile)$/.test(c.name));
  const programWrites = facts.calls.filter((c) => (isWriteCall(c) || c.name === 'urllib.request.urlretrieve' || c.name === '.urlretrieve') && PROGRAM.test(approximate(facts, positionalArguments(c.node)[c.name.endsWith('urlretrieve') ? 1 : 0]).text + ' '));
  const appdata = facts.envReads.some((e) => /^(APPDATA|LOCALAPPDATA|TEMP|TMP|PROGRAMDATA|USERPROFILE)$/.test(e.name)) || facts.strings.some((s) => !s.docstring && USER_WRITABLE.test(s.value));
  const file = facts.path;
  for (const start of starts) {
    const text = startText(facts, start);
    const flags = keywordArgument(start.node, 'creationflags')?.text ?? '';
    const startupinfo = keywordArgument(start.node, 'startupinfo');
    const hiddenWindow = HIDDEN_WINDOW.test(flags) || (!!startupinfo && /SW_HIDE|STARTF_USESHOWWINDOW/.test(facts.source)) || HIDDEN_POWERSHELL.test(text) || /\bpythonw(\.exe)?\b/.test(text);
    const powershell = POWERSHELL.test(text);
    const startsProgram = PROGRAM.test(`${text} `) || start.name === 'os.startfile' || /ShellExecute|WinExec/.test(start.name);
    const droppedHere = programWrites.length > 0 || (downloads.length > 0 && startsProgram);
    const why: string[] = [];
    if (droppedHere && startsProgram) why.push(programWrites.length > 0 ? `writes a program (${snippet(programWrites[0].node).slice(0, 80)}) and starts it` : `downloads (${downloads[0].name}, line ${downloads[0].line}) and starts a program`);
    // A hidden console is ordinary for a GUI-friendly tool (selenium hides chromedriver's); what it starts makes it a dropper.
    const fetchesInCommand = /\b(invoke-webrequest|iwr|irm|invoke-restmethod|downloadfile|downloadstring|start-bitstransfer|net\.webclient|curl|wget|certutil|bitsadmin)\b/i.test(text);
    if (hiddenWindow && ((powershell && (downloads.length > 0 || fetchesInCommand)) || (startsProgram && (appdata || programWrites.length > 0 || downloads.length > 0)))) why.push(`${why.length > 0 ? 'hides its window' : `starts a process with its window hidden${powershell ? ' through PowerShell' : ''}`}`);
    if (why.length === 0) continue;
    // Open installers (nodeenv) download and run programs too, in plain view: hiding, %APPDATA%/%TEMP%,
    // install or import time is what a dropper adds.
    // So is a payload host no installer uses (a paste site, a chat attachment, a raw IP), and deleting the program
    // right after starting it.
    const removesAfter = facts.calls.some((c) => /^os\.(remove|unlink)$|\.unlink$/.test(c.name) && c.line > start.line && PROGRAM.test(`${approximate(facts, positionalArguments(c.node)[0]).text} `));
    const stealthy = hiddenWindow || (appdata && startsProgram) || start.name === 'os.startfile' || role.installTime || runsAtImport(facts, start.node) || removesAfter || hasSuspiciousUrl(facts);
    const severity: Severity = stealthy ? 'high' : 'medium';
    return [
      makeReason('windowsDropper', `${file} ${why.join(' and ')} (${start.name}, line ${start.line})${appdata ? ', using %APPDATA%/%TEMP%' : ''}: the shape of a Windows dropper. It cannot run on this machine, but it would on a Windows one. Do not install it.`, { file, line: start.line, evidence: `${text.slice(0, 80)} ⟵ ${snippet(start.node)}`, severity }),
    ];
  }
  return [];
}
