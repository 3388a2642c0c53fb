import type { SyntaxNode, Tree } from './parser';
import type { Finding } from './types';

/** A replacement of a 1-based range, as the editor applies it. */
export interface TextEditSpec {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  newText: string;
}

export interface Fix {
  title: string;
  edits: TextEditSpec[];
  /** The fix a user most likely wants (the editor's "preferred" quick fix). */
  preferred: boolean;
}

export const DEFAULT_REQUEST_TIMEOUT = 30;
/** Characters whose meaning changes once the shell is gone: a command with any of them is left alone. */
const SHELL_SYNTAX = /[|&;<>()$`\\"'*?[\]#~=%{}!\n]/;

function editOf(node: SyntaxNode, newText: string): TextEditSpec {
  return {
    line: node.startPosition.row + 1,
    column: node.startPosition.column + 1,
    endLine: node.endPosition.row + 1,
    endColumn: node.endPosition.column + 1,
    newText,
  };
}

/** The innermost call whose span contains the finding's start. */
function callAt(tree: Tree, finding: Finding): SyntaxNode | undefined {
  let node: SyntaxNode | null = tree.rootNode.descendantForPosition({ row: finding.line - 1, column: finding.column - 1 });
  while (node && node.type !== 'call') node = node.parent;
  return node ?? undefined;
}

function keywordArgument(call: SyntaxNode, name: string): SyntaxNode | undefined {
  const args = call.childForFieldName('arguments');
  return args?.namedChildren.find((a) => a?.type === 'keyword_argument' && a.childForFieldName('name')?.text === name) ?? undefined;
}

/** An edit that deletes an argument together with the comma that separates it from its neighbour. */
function removeArgument(argument: SyntaxNode): TextEditSpec {
  const previous = argument.previousSibling;
  const next = argument.nextSibling;
  if (previous?.type === ',') {
    return { ...editOf(argument, ''), line: previous.startPosition.row + 1, column: previous.startPosition.column + 1 };
  }
  if (next?.type === ',') {
    const after = next.nextSibling;
    const end = after && after.type !== ')' ? after.startPosition : next.endPosition;
    return { ...editOf(argument, ''), endLine: end.row + 1, endColumn: end.column + 1 };
  }
  return editOf(argument, '');
}

/** `# nosec ID` at the end of the finding's line, merged into an existing nosec list. */
export function nosecFix(finding: Finding, source: string): Fix {
  const lines = source.split('\n');
  const text = (lines[finding.line - 1] ?? '').replace(/\r$/, '');
  const existing = /#\s*nosec\b:?\s*([A-Z]+\d+(?:\s*,\s*[A-Z]+\d+)*)?/.exec(text);
  let edit: TextEditSpec;
  if (existing && existing[1]) {
    const end = existing.index + existing[0].length + 1;
    edit = { line: finding.line, column: end, endLine: finding.line, endColumn: end, newText: `, ${finding.ruleId}` };
  } else {
    const end = text.length + 1;
    edit = { line: finding.line, column: end, endLine: finding.line, endColumn: end, newText: `  # nosec ${finding.ruleId} -- justification: ` };
  }
  return { title: `Suppress ${finding.ruleId} on this line (# nosec)`, edits: [edit], preferred: false };
}

/** `yaml.load(...)` → `yaml.safe_load(...)`, dropping a `Loader=` argument. */
function safeYamlLoad(call: SyntaxNode): Fix | undefined {
  const fn = call.childForFieldName('function');
  const attribute = fn?.type === 'attribute' ? fn.childForFieldName('attribute') : undefined;
  if (!attribute || attribute.text !== 'load') return undefined;
  const edits = [editOf(attribute, 'safe_load')];
  const loader = keywordArgument(call, 'Loader');
  if (loader) edits.push(removeArgument(loader));
  return { title: 'Use yaml.safe_load', edits, preferred: true };
}

/** Adds `timeout=` before the closing parenthesis of a request call. */
function addTimeout(call: SyntaxNode): Fix | undefined {
  const args = call.childForFieldName('arguments');
  const close = args?.lastChild;
  if (!args || close?.type !== ')') return undefined;
  const hasArguments = args.namedChildren.length > 0;
  const trailingComma = close.previousSibling?.type === ',';
  const newText = `${hasArguments && !trailingComma ? ', ' : ''}timeout=${DEFAULT_REQUEST_TIMEOUT}`;
  const at = { line: close.startPosition.row + 1, column: close.startPosition.column + 1 };
  return {
    title: `Add timeout=${DEFAULT_REQUEST_TIMEOUT} (seconds)`,
    edits: [{ ...at, endLine: at.line, endColumn: at.column, newText }],
    preferred: true,
  };
}

/** `run("ls -l", shell=True)` → `run(["ls", "-l"])` when the command is a plain literal with no shell syntax. */
function shellToArgv(call: SyntaxNode): Fix | undefined {
  const args = call.childForFieldName('arguments');
  const command = args?.namedChildren[0];
  const shell = keywordArgument(call, 'shell');
  if (!command || command.type !== 'string' || !shell || shell.childForFieldName('value')?.text !== 'True') return undefined;
  const content = command.namedChildren.filter((c) => c?.type === 'string_content');
  const prefix = command.firstChild?.text ?? '';
  if (command.namedChildren.some((c) => c?.type === 'interpolation' || c?.type === 'escape_sequence') || /[fbFB]/.test(prefix)) return undefined;
  const text = content.map((c) => c!.text).join('');
  if (!text.trim() || SHELL_SYNTAX.test(text)) return undefined;
  const argv = text.trim().split(/\s+/).map((word) => JSON.stringify(word));
  return {
    title: 'Pass the command as an argument list without shell=True',
    edits: [editOf(command, `[${argv.join(', ')}]`), removeArgument(shell)],
    preferred: true,
  };
}

const FIXERS: Record<string, (call: SyntaxNode) => Fix | undefined> = {
  B506: safeYamlLoad,
  B113: addTimeout,
  B602: shellToArgv,
};

/** The quick fixes for a finding: a rewrite where one is safe, and always a `# nosec` suppression. */
export function fixesFor(finding: Finding, tree: Tree, source: string): Fix[] {
  const fixes: Fix[] = [];
  const fixer = FIXERS[finding.ruleId] as ((call: SyntaxNode) => Fix | undefined) | undefined;
  const call = fixer && callAt(tree, finding);
  const rewrite = call ? fixer!(call) : undefined;
  if (rewrite) fixes.push(rewrite);
  fixes.push(nosecFix(finding, source));
  return fixes;
}
