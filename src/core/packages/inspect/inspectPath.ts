import * as path from 'node:path';
import { PythonParser } from '../../analysis/parser';
import type { Reason, Verdict } from '../reasons';
import { normalizeName } from '../names';
import { scoreReasons } from '../score';
import type { DistContents, DistFile } from './archive/distFiles';
import type { ArchiveLimits } from './archive/limits';
import { readDistribution } from './archive/readDistribution';
import { analysisFindingReasons } from './heuristics/analysisFindings';
import { bundledBinaries } from './heuristics/binaries';
import { combineReasons } from './heuristics/combine';
import { credentials } from './heuristics/credentials';
import { downloadExecute } from './heuristics/downloadExecute';
import { downloadWrittenAndRun } from './heuristics/downloadRun';
import { evasion } from './heuristics/evasion';
import { dataFlows, shellBeacons } from './heuristics/flows';
import type { FileRole, PythonHeuristic } from './heuristics/heuristic';
import { imageCode } from './heuristics/imageCode';
import { installTimeCode } from './heuristics/installTime';
import { metadataReasons } from './heuristics/metadataChecks';
import { obfuscation } from './heuristics/obfuscation';
import { clipboard, detachedProcess, persistence, reverseShell } from './heuristics/processTricks';
import { bidiControls, homoglyphIdentifiers, normalizedIdentifiers } from './heuristics/trojanSource';
import { hiddenStrings, shellPayloads } from './heuristics/shellPayload';
import { suspiciousUrls } from './heuristics/urls';
import { windowsDropper } from './heuristics/windows';
import { distributionIdentity } from './identity';
import { readLayout, type DistLayout } from './metadata';
import { analyzePythonFile } from './python/analyzePythonFile';
import { codeStrings, type CodeString } from './python/codeStrings';
import { positionalArguments, stringLiteral, type PythonFacts } from './python/pythonFacts';
import { INSPECT_REASONS, makeReason } from './reasonCatalog';
import { selectedSubmodules, topLevelModules } from './topLevelModules';

export type { ArchiveLimits } from './archive/limits';
export { DEFAULT_LIMITS } from './archive/limits';
export { NotAnArchiveError } from './archive/notAnArchive';

/** `snakepit inspect`'s result for one distribution. */
export interface InspectedPackage {
  /** The path as given. */
  path: string;
  name: string;
  version: string;
  verdict: Verdict;
  score: number;
  reasons: Reason[];
  /** Regular files read from the distribution. */
  files: number;
  pythonFiles: number;
  /** Lines of Python inspected. */
  lines: number;
  /** Importable top-level names (what the gate's import probe imports). */
  topLevelModules: string[];
  /** Submodules the gate imports as well: a bounded, deterministic selection (see selectedSubmodules). */
  submodules: string[];
  /** Its metadata's Requires-Dist lines: how the gate names the chain that pulled a dependency in. */
  requires: string[];
}

export interface InspectOptions {
  limits?: Partial<ArchiveLimits>;
  signal?: AbortSignal;
}

const HEURISTICS: readonly PythonHeuristic[] = [
  installTimeCode, obfuscation, downloadExecute, downloadWrittenAndRun, credentials, suspiciousUrls, reverseShell, persistence, detachedProcess, clipboard, imageCode,
  shellPayloads, hiddenStrings, dataFlows, shellBeacons, windowsDropper, evasion,
];

/** At most this many reasons of one code are listed; the rest are counted in one summary reason. */
const MAX_REASONS_PER_CODE = 20;

let parserPromise: Promise<PythonParser> | undefined;
const sharedParser = () => (parserPromise ??= PythonParser.create());

function isInstallTime(file: DistFile, contents: DistContents, layout: DistLayout): boolean {
  return contents.kind !== 'wheel' && file.path === `${layout.root}setup.py`;
}

/** setuptools' generated `*-nspkg.pth` namespace loader. */
const NSPKG_TEMPLATE = /^import sys, types, os;.*sys\._getframe\(1\)\.f_locals\['sitedir'\]/;
/** setuptools' own `distutils-precedence.pth`, in full: it puts setuptools' distutils first unless told not to. */
const DISTUTILS_PRECEDENCE = /^import os; var = 'SETUPTOOLS_USE_DISTUTILS'; enabled = os\.environ\.get\(var, '(local|stdlib)'\) == 'local'; enabled and __import__\('_distutils_hack'\)\.add_shim\(\); *$/;

/** The lines of a .pth file that Python executes at every start-up (those beginning with `import`). */
function pthCode(text: string): string {
  return text
    .split(/\r?\n/)
    .filter((l) => /^import[ \t]/.test(l))
    .join('\n');
}

interface PythonScan {
  reasons: Reason[];
  pythonFiles: number;
  lines: number;
  installHooks: boolean;
  /** Files that run at install time (setup.py, .pth). */
  installTimeFiles: Set<string>;
}

async function scanPython(contents: DistContents, layout: DistLayout, project: string | undefined, signal?: AbortSignal): Promise<PythonScan> {
  const parser = await sharedParser();
  const scan: PythonScan = { reasons: [], pythonFiles: 0, lines: 0, installHooks: false, installTimeFiles: new Set() };
  for (const file of contents.files) {
    if (!file.data) continue;
    const isPython = /\.pyw?$/i.test(file.path);
    const isPth = /\.pth$/i.test(file.path);
    if (!isPython && !isPth) {
      // Stubs are read by type checkers and IDEs, so a reordered line misleads there too; bundled JavaScript and
      // data files legitimately carry bidi text (jupyterlab's bundles do).
      if (/\.pyi$/i.test(file.path)) scan.reasons.push(...bidiControls(file.path, file.data.toString('utf8')));
      continue;
    }
    signal?.throwIfAborted();
    const text = file.data.toString('utf8');
    scan.reasons.push(...bidiControls(file.path, text));
    let source = text;
    let role: FileRole = { installTime: isInstallTime(file, contents, layout), project };
    if (isPth) {
      source = pthCode(text);
      if (!source) continue;
      role = { installTime: true, project };
      const nspkg = /-nspkg\.pth$/.test(file.path) && NSPKG_TEMPLATE.test(source);
      const distutilsShim = file.path === 'distutils-precedence.pth' && DISTUTILS_PRECEDENCE.test(source);
      const known = nspkg ? "it has the shape of setuptools' namespace-package loader" : distutilsShim ? "it is exactly setuptools' distutils-precedence.pth (setuptools' distutils first, unless SETUPTOOLS_USE_DISTUTILS=stdlib)" : 'read it';
      scan.reasons.push(makeReason('pthCode', `${file.path} runs code at every Python start-up, not only when the package is imported; ${known} (${source.split('\n').length} line(s)).`, { file: file.path, line: 1, evidence: source, severity: nspkg || distutilsShim ? 'low' : undefined }));
    } else {
      scan.pythonFiles++;
      scan.lines += countLines(text);
    }
    if (role.installTime) scan.installTimeFiles.add(file.path);
    analyzeSource(parser, file.path, source, role, scan, 1);
  }
  return scan;
}

/** Reasons found in code held in a string that are kept: what the code does, not how it is written. */
const EMBEDDED_KEPT = new Set<string>((['execDecoded', 'downloadExecute', 'shellPayload', 'credentialExfiltration', 'secretFlow', 'reverseShell', 'persistence', 'windowsDropper'] as const).map((key) => INSPECT_REASONS[key].code));

/**
 * Runs every heuristic on one source; install-time `exec('literal')` code is analysed the same way, once deep,
 * and so is Python held in a string literal (written to a file and run, or passed to `python -c`) anywhere.
 */
function analyzeSource(parser: PythonParser, file: string, source: string, role: FileRole, scan: PythonScan, depth: number): void {
  const tree = parser.parse(source);
  const nested: string[] = [];
  let embedded: CodeString[] = [];
  try {
    const { facts, findings } = analyzePythonFile(file, source, tree);
    const found = HEURISTICS.flatMap((heuristic) => heuristic(facts, role));
    if (role.installTime && found.some((r) => /^SPK10[0-4]$/.test(r.code))) scan.installHooks = true;
    scan.reasons.push(...found, ...homoglyphIdentifiers(file, source, tree), ...normalizedIdentifiers(file, source, tree), ...analysisFindingReasons(file, findings, role));
    if (depth > 0) {
      if (role.installTime) nested.push(...literalExecSources(facts));
      embedded = codeStrings(facts).filter((c) => !nested.includes(c.code));
    }
  } finally {
    tree.delete();
  }
  for (const code of nested) analyzeSource(parser, file, code, role, scan, depth - 1);
  for (const { code, line } of embedded) scan.reasons.push(...embeddedCodeReasons(parser, file, code, line, role));
}

/** What the code in a string would do if run, at the file's lines (the string starts on `line`). */
function embeddedCodeReasons(parser: PythonParser, file: string, code: string, line: number, role: FileRole): Reason[] {
  const tree = parser.parse(code);
  try {
    if (tree.rootNode.hasError) return [];
    const { facts } = analyzePythonFile(file, code, tree);
    return HEURISTICS.flatMap((heuristic) => heuristic(facts, role))
      .filter((r) => r.severity === 'high' && EMBEDDED_KEPT.has(r.code))
      .map((r) => ({ ...r, line: line + (r.line ?? 1) - 1, message: `Code held in a string (line ${line}; lines below count from there), which droppers write to a file or pass to the interpreter: ${r.message}` }));
  } finally {
    tree.delete();
  }
}

function literalExecSources(facts: PythonFacts): string[] {
  const sources: string[] = [];
  for (const call of facts.calls) {
    if (call.name !== 'exec' && call.name !== 'builtins.exec') continue;
    const code = stringLiteral(positionalArguments(call.node)[0]);
    if (typeof code === 'string') sources.push(code);
  }
  return sources;
}

function countLines(text: string): number {
  if (text.length === 0) return 0;
  let lines = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < text.length - 1; i = text.indexOf('\n', i + 1)) lines++;
  return lines;
}

/** Same code, file, line and message once; at most MAX_REASONS_PER_CODE of a code, then one summary. */
function tidy(reasons: readonly Reason[]): Reason[] {
  const seen = new Set<string>();
  const perCode = new Map<string, number>();
  const out: Reason[] = [];
  const overflow = new Map<string, Reason[]>();
  for (const reason of reasons) {
    const key = `${reason.code}|${reason.file ?? ''}|${reason.line ?? ''}|${reason.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const count = (perCode.get(reason.code) ?? 0) + 1;
    perCode.set(reason.code, count);
    if (count <= MAX_REASONS_PER_CODE) out.push(reason);
    else overflow.set(reason.code, [...(overflow.get(reason.code) ?? []), reason]);
  }
  for (const [code, rest] of overflow) {
    const worst = rest.some((r) => r.severity === 'high') ? 'high' : rest.some((r) => r.severity === 'medium') ? 'medium' : 'low';
    out.push({ code, severity: worst, message: `${rest.length} more ${code} reason(s) not listed (first ${MAX_REASONS_PER_CODE} shown).`, evidence: rest.slice(0, 3).map((r) => `${r.file ?? ''}:${r.line ?? ''}`).join(', ') });
  }
  return out;
}

/**
 * Statically inspects one wheel, sdist or unpacked directory: reads it under the archive
 * limits (never extracting, never executing), then runs the metadata checks, the heuristics
 * and the analysis engine's security rules over every Python file.
 * Throws NotAnArchiveError when the path is not something it can read.
 */
export async function inspectPath(file: string, options: InspectOptions = {}): Promise<InspectedPackage> {
  const contents = await readDistribution(file, options);
  const layout = readLayout(contents);
  const { name, version } = distributionIdentity(file, contents, layout);
  const modules = topLevelModules(contents, layout);
  const python = await scanPython(contents, layout, name ? normalizeName(name) : undefined, options.signal);
  const reasons = [
    ...contents.reasons,
    ...metadataReasons(contents, layout, { name, version, artifact: path.basename(file), modules }, python.installHooks),
    ...bundledBinaries(contents, layout.wheelTags, path.basename(file), name ? normalizeName(name) : undefined),
    ...combineReasons(python.reasons, python.installTimeFiles),
  ];
  const tidied = tidy(reasons);
  const { verdict, score } = scoreReasons(tidied);
  return {
    path: file,
    name,
    version,
    verdict,
    score,
    reasons: tidied,
    files: contents.files.length,
    pythonFiles: python.pythonFiles,
    lines: python.lines,
    topLevelModules: modules,
    submodules: selectedSubmodules(contents, layout, modules, new Set(tidied.map((r) => r.file).filter((f): f is string => f !== undefined))),
    requires: layout.metadata?.requiresDist ?? [],
  };
}

/** Inspects several paths in order; one unreadable path throws (NotAnArchiveError) before any result is lost silently. */
export async function inspectPaths(paths: readonly string[], options: InspectOptions = {}): Promise<InspectedPackage[]> {
  const results: InspectedPackage[] = [];
  for (const p of paths) results.push(await inspectPath(p, options));
  return results;
}
