import type { Reason } from '../../reasons';
import { isDownloadCall, isExecCall, isProcessCall } from '../python/callNames';
import { derivesFrom, positionalArguments, scopeOf, type PythonFacts } from '../python/pythonFacts';
import { makeReason } from '../reasonCatalog';
import { snippet, type FileRole } from './heuristic';

/** A web address written into the code: where a dropper's payload comes from (a library downloads what it is given). */
const URL_LITERAL = /^(https?|ftp):\/\/[^\s/]+/i;

const EXECUTABLE_MODE = /0o?7[0-7]{2}|0o?[0-7]?[1357][0-7]{2}|S_IX(USR|GRP|OTH)|S_IEXEC|S_IRWXU/;

/**
 * Download-and-execute: fetched content passed to exec/eval, or a download made executable
 * (chmod +x) and started, or urlretrieve followed by starting a process. Data flow into exec is
 * high; the looser same-file pattern is medium (installers such as nodeenv do it openly) unless at install time.
 */
export function downloadExecute(facts: PythonFacts, role: FileRole): Reason[] {
  const downloads = facts.calls.filter((c) => isDownloadCall(c.name));
  if (downloads.length === 0) return [];
  const file = facts.path;
  const reasons: Reason[] = [];
  for (const call of facts.calls) {
    if (!isExecCall(call.name)) continue;
    const arg = positionalArguments(call.node)[0];
    const fetched = arg && derivesFrom(facts, arg, (c) => isDownloadCall(c.name));
    if (fetched) {
      reasons.push(makeReason('downloadExecute', `${file} runs code downloaded with ${fetched.name} (${call.name}); whatever the server sends is executed. Do not install it.`, { file, line: call.line, evidence: snippet(call.node) }));
    }
  }
  if (reasons.length > 0) return reasons;
  const chmodExec = facts.calls.find((c) => c.name === 'os.chmod' && EXECUTABLE_MODE.test(c.node.text));
  const process = facts.calls.find((c) => isProcessCall(c.name));
  const retrieve = downloads.find((c) => /urlretrieve|wget\.download/.test(c.name));
  if (process && (chmodExec || retrieve)) {
    const first = downloads[0];
    // A utility module whose download and process helpers are separate functions, fetching whatever address it is
    // given (setuptools' vendored jaraco.context), is noted only; one function that does both, or a hard-coded address,
    // is how droppers look.
    const together = downloads.some((d) => scopeOf(d.node) === scopeOf(process.node));
    const hardCoded = facts.strings.some((s) => !s.docstring && URL_LITERAL.test(s.value));
    const severity = role.installTime ? 'high' : together || hardCoded ? 'medium' : 'low';
    reasons.push(makeReason('downloadExecute', `${file} downloads a file (${first.name}, line ${first.line})${chmodExec ? `, makes it executable (line ${chmodExec.line})` : ''} and starts a process (${process.name}, line ${process.line}); find out what it fetches and runs.`, { file, line: process.line, evidence: snippet(process.node), severity }));
  }
  return reasons;
}
