import type { SyntaxNode } from '../../../analysis/parser';
import { decodeEscapes, literalValue, stringPrefix, unparenthesize } from '../../../analysis/security/literals';
import type { Reason } from '../../reasons';
import { bindingFor } from '../python/approximate';
import { isDecodeCall, isDownloadCall, isProcessCall } from '../python/callNames';
import { dottedParts, keywordArgument, lastPart, positionalArguments, type CallFact, type PythonFacts } from '../python/pythonFacts';
import { makeReason } from '../reasonCatalog';
import { snippet } from './heuristic';

/** A file the code fills with downloaded or decoded bytes: the names that hold its path, and its file name when literal. */
interface DroppedFile {
  names: Set<string>;
  basename?: string;
  written: CallFact;
  source: CallFact;
}

const OPENERS = /^(open|io\.open|codecs\.open|builtins\.open)$/;
const TEMP_FILES = /^tempfile\.(NamedTemporaryFile|mkstemp|TemporaryFile)$/;
const STARTS_FILE = /^(os\.startfile|win32api\.ShellExecute|win32api\.WinExec|.*\.ShellExecute(Ex)?[AW]?|.*\.WinExec)$/;
/** What may stand before a file name that then runs: an interpreter, a launcher, or a shell separator. */
const LAUNCHER = /^(python[\d.]*w?|py|pythonw|bash|sh|zsh|dash|ksh|start|cmd|powershell|pwsh|wscript|cscript|msiexec|rundll32|open|nohup|sudo|exec|env|\/c|\/k|-file|-command|\/i|&|&&|;|\|\||\.)$/i;

/** Where the payload comes from: fetched from the network, or decoded/decompressed/decrypted from data the package carries. */
const isPayloadSource = (call: CallFact) => isDownloadCall(call.name) || isDecodeCall(call);

/** The download or decoding a value comes from, followed through names (`r = requests.get(u)` … `f.write(r.content)`). */
function payloadSourceOf(facts: PythonFacts, sources: readonly CallFact[], node: SyntaxNode, depth = 4, seen = new Set<number>()): CallFact | undefined {
  if (seen.has(node.startIndex) || depth < 0) return undefined;
  seen.add(node.startIndex);
  const direct = sources.find((call) => call.node.startIndex >= node.startIndex && call.node.endIndex <= node.endIndex);
  if (direct) return direct;
  const ids = node.type === 'identifier' || node.type === 'attribute' ? [node] : node.descendantsOfType(['identifier', 'attribute']).filter((n): n is SyntaxNode => !!n);
  for (const id of ids.slice(0, 50)) {
    const parts = dottedParts(id);
    if (!parts) continue;
    for (const value of bindingFor(facts, parts.join('.'), id)) {
      const found = payloadSourceOf(facts, sources, value, depth - 1, seen);
      if (found) return found;
    }
    // `r.content` where only `r` was bound.
    if (parts.length > 1) {
      for (const value of bindingFor(facts, parts[0], id)) {
        const found = payloadSourceOf(facts, sources, value, depth - 1, seen);
        if (found) return found;
      }
    }
  }
  return undefined;
}

const placeholder = (node: SyntaxNode) => `{${node.text.replace(/\s+/g, '')}}`;

/**
 * A command as text, with what cannot be known statically kept as `{expression}`: literals, f-strings,
 * argument lists, `+`, `.format`, `os.path.join`, and names bound to any of those. A name bound to
 * something else stays `{name}`, so it can be matched against the name a download was written to.
 */
export function commandText(facts: PythonFacts, node: SyntaxNode | null | undefined, depth = 3): string {
  const expr = unparenthesize(node ?? null);
  if (!expr) return '';
  switch (expr.type) {
    case 'string': {
      const prefix = stringPrefix(expr);
      if (!prefix.includes('f')) {
        const value = literalValue(expr);
        return typeof value === 'string' ? value : '';
      }
      let text = '';
      for (const child of expr.namedChildren) {
        if (child?.type === 'string_content') text += prefix.includes('r') ? child.text : decodeEscapes(child.text);
        else if (child?.type === 'interpolation') text += child.namedChildren[0] ? placeholder(child.namedChildren[0]) : '';
      }
      return text;
    }
    case 'concatenated_string':
      return expr.namedChildren.map((c) => (c ? commandText(facts, c, depth) : '')).join('');
    case 'list':
    case 'tuple':
      return expr.namedChildren.filter((c): c is SyntaxNode => !!c && c.type !== 'comment').slice(0, 32).map((c) => commandText(facts, c, depth)).join(' ');
    case 'identifier':
    case 'attribute': {
      const parts = dottedParts(expr);
      if (!parts || depth <= 0) return placeholder(expr);
      const values = bindingFor(facts, parts.join('.'), expr);
      const value = unparenthesize(values[values.length - 1] ?? null);
      if (!value || !/^(string|concatenated_string|list|tuple|binary_operator|identifier|attribute)$/.test(value.type)) return placeholder(expr);
      return commandText(facts, value, depth - 1);
    }
    case 'binary_operator': {
      const op = expr.childForFieldName('operator')?.text;
      const left = commandText(facts, expr.childForFieldName('left'), depth);
      if (op === '%') return left;
      if (op !== '+') return placeholder(expr);
      return left + commandText(facts, expr.childForFieldName('right'), depth);
    }
    case 'call': {
      const fn = expr.childForFieldName('function');
      const method = fn?.type === 'attribute' ? fn.childForFieldName('attribute')?.text : undefined;
      if (method === 'format') return commandText(facts, fn?.childForFieldName('object'), depth);
      if (/^(os\.path\.join|posixpath\.join|ntpath\.join)$/.test(fn?.text ?? '')) return positionalArguments(expr).map((a) => commandText(facts, a, depth)).join('/');
      return placeholder(expr);
    }
    default:
      return placeholder(expr);
  }
}

const unquote = (token: string) => token.replace(/^["']+|["']+$/g, '');
const baseOf = (text: string) => text.slice(Math.max(text.lastIndexOf('/'), text.lastIndexOf('\\')) + 1);

/** The file name of a path written as literal text (`C:\\Kingston\\server.exe` → `server.exe`); undefined when it is computed. */
function literalBasename(text: string): string | undefined {
  const base = baseOf(unquote(text.trim()));
  return base.length >= 3 && !/[{}\s]/.test(base) ? base : undefined;
}

function dropped(facts: PythonFacts, path: SyntaxNode | null | undefined, written: CallFact, source: CallFact, out: DroppedFile[]): void {
  const expr = unparenthesize(path ?? null);
  if (!expr) return;
  const names = new Set<string>();
  const parts = expr.type === 'identifier' || expr.type === 'attribute' ? dottedParts(expr) : undefined;
  if (parts) names.add(parts.join('.'));
  out.push({ names, basename: literalBasename(commandText(facts, expr)), written, source });
}

/** The path behind a file object (`open(p, 'wb')`, `with open(p) as f`, a NamedTemporaryFile `t` whose path is `t.name`). */
function fileObjectPaths(facts: PythonFacts, target: SyntaxNode | null, written: CallFact, source: CallFact, out: DroppedFile[]): void {
  const expr = unparenthesize(target);
  if (!expr) return;
  const opener = (call: SyntaxNode): boolean => {
    const fn = call.childForFieldName('function');
    const name = fn ? (facts.scope.qualify(fn) ?? fn.text) : '';
    if (OPENERS.test(name)) {
      dropped(facts, positionalArguments(call)[0] ?? keywordArgument(call, 'file'), written, source, out);
      return true;
    }
    return false;
  };
  if (expr.type === 'call') {
    opener(expr);
    return;
  }
  const parts = expr.type === 'identifier' || expr.type === 'attribute' ? dottedParts(expr) : undefined;
  if (!parts) return;
  for (const value of bindingFor(facts, parts.join('.'), expr)) {
    const bound = unparenthesize(value);
    if (bound?.type !== 'call' || opener(bound)) continue;
    const fn = bound.childForFieldName('function');
    if (TEMP_FILES.test(fn ? (facts.scope.qualify(fn) ?? fn.text) : '')) out.push({ names: new Set([`${parts.join('.')}.name`]), written, source });
  }
}

/** Write calls looked at per file: enough for any dropper, bounded for generated code that writes a lot. */
const MAX_WRITES = 200;

function droppedFiles(facts: PythonFacts, sources: readonly CallFact[]): DroppedFile[] {
  const out: DroppedFile[] = [];
  let writes = 0;
  for (const call of facts.calls) {
    const last = lastPart(call.name);
    if (last === 'urlretrieve' && isDownloadCall(call.name)) {
      dropped(facts, positionalArguments(call.node)[1] ?? keywordArgument(call.node, 'filename'), call, call, out);
    } else if (call.name === 'wget.download') {
      dropped(facts, positionalArguments(call.node)[1] ?? keywordArgument(call.node, 'out'), call, call, out);
    } else if (/^(write|writelines|write_bytes|write_text)$/.test(last)) {
      if (++writes > MAX_WRITES) break;
      const data = positionalArguments(call.node)[0];
      const source = data && payloadSourceOf(facts, sources, data);
      if (!source) continue;
      const target = call.node.childForFieldName('function')?.childForFieldName('object') ?? null;
      if (last === 'write_bytes' || last === 'write_text') {
        const path = unparenthesize(target);
        dropped(facts, path?.type === 'call' && /^(pathlib\.)?Path$/.test(path.childForFieldName('function')?.text ?? '') ? positionalArguments(path)[0] : path, call, source, out);
      } else fileObjectPaths(facts, target, call, source, out);
    } else if (call.name === 'shutil.copyfileobj') {
      const [from, destination] = positionalArguments(call.node);
      const source = from && payloadSourceOf(facts, sources, from);
      if (source) fileObjectPaths(facts, destination ?? null, call, source, out);
    }
  }
  return out;
}

/** Where in a started command a dropped file appears as the program (or the script an interpreter runs). */
function runsFile(facts: PythonFacts, start: CallFact, file: DroppedFile): boolean {
  const command = STARTS_FILE.test(start.name) ? positionalArguments(start.node).map((a) => commandText(facts, a)).join(' ') : commandText(facts, positionalArguments(start.node)[0] ?? keywordArgument(start.node, 'args'));
  const tokens = command.split(/\s+/).filter((t) => t.length > 0).slice(0, 64);
  const matches = (token: string): boolean => {
    const bare = unquote(token);
    if ([...file.names].some((n) => bare === `{${n}}`)) return true;
    if (!file.basename) return false;
    const lower = bare.toLowerCase();
    const base = file.basename.toLowerCase();
    return lower === base || (lower.endsWith(base) && /[/\\:]$/.test(lower.slice(0, -base.length)));
  };
  return tokens.some((token, i) => {
    if (!matches(token)) return false;
    if (i === 0 || STARTS_FILE.test(start.name)) return true;
    const previous = unquote(tokens[i - 1]);
    return LAUNCHER.test(baseOf(previous).replace(/\.exe$/i, '')) || /executable/.test(previous);
  });
}

/**
 * Download (or decode), write, run: bytes fetched from the network, or decoded from base64/hex/zlib/encrypted data, are written to a file (open(…).write, a temporary file,
 * urlretrieve, Path.write_bytes, copyfileobj) and that same file is then started, as the program or as the
 * script an interpreter runs. The data flow ties the three together, so this is high wherever it happens.
 */
export function downloadWrittenAndRun(facts: PythonFacts): Reason[] {
  const sources = facts.calls.filter(isPayloadSource);
  if (sources.length === 0) return [];
  const starts = facts.calls.filter((c) => (isProcessCall(c.name) && c.name !== 'os.fork') || STARTS_FILE.test(c.name));
  if (starts.length === 0) return [];
  const files = droppedFiles(facts, sources);
  for (const file of files) {
    const start = starts.find((s) => runsFile(facts, s, file));
    if (!start) continue;
    const where = file.basename ?? [...file.names][0] ?? 'a file';
    const fetched = isDownloadCall(file.source.name);
    const what = fetched ? `downloads data (${file.source.name}, line ${file.source.line})` : `decodes a payload it carries (${file.source.name}, line ${file.source.line})`;
    const why = fetched ? 'whatever the server sends is executed' : 'a program hidden in encoded data is dropped and started, out of sight of a reader';
    return [
      makeReason('downloadExecute', `${facts.path} ${what}, writes it to ${where} (line ${file.written.line}) and runs that file (${start.name}, line ${start.line}): ${why}. Do not install it.`, { file: facts.path, line: start.line, evidence: `${snippet(file.written.node).slice(0, 80)} ⟶ ${snippet(start.node)}` }),
    ];
  }
  return [];
}
