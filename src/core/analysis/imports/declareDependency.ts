import * as fs from 'node:fs';
import * as path from 'node:path';
import type { TextEditSpec } from '../fixes';

/** One way to declare a distribution: an edit of an existing declaration file. */
export interface DependencyDeclaration {
  /** Absolute path of the file the edit applies to. */
  file: string;
  /** `Add 'PyYAML' to requirements.txt` */
  title: string;
  edits: TextEditSpec[];
}

const REQUIREMENTS_FILE = /requirements.*\.(txt|in)$/i;

/**
 * Where `distribution` can be declared in the project at `root`: pyproject.toml's `[project].dependencies`
 * (when the file has a `[project]` table) and each requirements*.txt / *.in at the root, requirements.txt first.
 * Files that cannot be read are skipped; nothing is offered for formats edited by their own tools (Pipfile, setup.py).
 */
export function declarationsFor(root: string, distribution: string): DependencyDeclaration[] {
  const declarations: DependencyDeclaration[] = [];
  const pyproject = path.join(root, 'pyproject.toml');
  const pyprojectText = readText(pyproject);
  const pyprojectEdit = pyprojectText === undefined ? undefined : addToPyproject(pyprojectText, distribution);
  if (pyprojectEdit) declarations.push({ file: pyproject, title: `Add '${distribution}' to pyproject.toml [project].dependencies`, edits: pyprojectEdit });
  const requirements = listDir(root)
    .filter((name) => REQUIREMENTS_FILE.test(name))
    .sort((a, b) => Number(b === 'requirements.txt') - Number(a === 'requirements.txt') || a.localeCompare(b));
  for (const name of requirements) {
    const text = readText(path.join(root, name));
    if (text !== undefined) declarations.push({ file: path.join(root, name), title: `Add '${distribution}' to ${name}`, edits: [appendLine(text, distribution)] });
  }
  return declarations;
}

/** An edit that adds `line` as the file's last line, keeping one newline between it and what was there. */
export function appendLine(text: string, line: string): TextEditSpec {
  const lines = text.split('\n');
  const lastLine = lines.length;
  const lastColumn = lines[lines.length - 1].length + 1;
  const newText = text.length === 0 || text.endsWith('\n') ? `${line}\n` : `\n${line}\n`;
  return { line: lastLine, column: lastColumn, endLine: lastLine, endColumn: lastColumn, newText };
}

/**
 * An edit adding `"distribution"` to `[project].dependencies`, in the array's own layout (one per line or inline);
 * a `dependencies = [...]` line is added under `[project]` when there is none. Undefined without a `[project]` table.
 */
export function addToPyproject(text: string, distribution: string): TextEditSpec[] | undefined {
  const lines = text.split('\n');
  const header = lines.findIndex((l) => /^\s*\[project\]\s*(#.*)?$/.test(l));
  if (header < 0) return undefined;
  let end = lines.length;
  for (let i = header + 1; i < lines.length; i++) {
    if (/^\s*\[/.test(lines[i])) {
      end = i;
      break;
    }
  }
  const quoted = JSON.stringify(distribution);
  const key = lines.slice(header + 1, end).findIndex((l) => /^\s*dependencies\s*=\s*\[/.test(l));
  if (key < 0) return [{ line: header + 2, column: 1, endLine: header + 2, endColumn: 1, newText: `dependencies = [${quoted}]\n` }];
  const startLine = header + 1 + key;
  const open = lines[startLine].indexOf('[');
  const close = closingBracket(lines, startLine, open + 1);
  if (!close) return undefined;
  const { items, lastItemEnd } = arrayItems(lines, startLine, open + 1, close);
  if (close.line === startLine) {
    const insert = items === 0 ? quoted : `, ${quoted}`;
    const at = items === 0 ? close : lastItemEnd!;
    return [{ line: at.line + 1, column: at.column + 1, endLine: at.line + 1, endColumn: at.column + 1, newText: insert }];
  }
  // One item per line: a new line after the last item's line (its comment stays with it), indented like it.
  if (items === 0) {
    return [{ line: close.line + 1, column: close.column + 1, endLine: close.line + 1, endColumn: close.column + 1, newText: `    ${quoted},\n` }];
  }
  const last = lastItemEnd!;
  const indent = /^\s*/.exec(lines[last.line])![0];
  const lineEnd = { line: last.line + 1, column: lines[last.line].length + 1 };
  const comma = commaAfter(lines, last, close);
  const newLine = { ...lineEnd, endLine: lineEnd.line, endColumn: lineEnd.column, newText: `\n${indent}${quoted}${comma ? ',' : ''}` };
  if (comma) return [newLine];
  return [{ line: last.line + 1, column: last.column + 1, endLine: last.line + 1, endColumn: last.column + 1, newText: ',' }, newLine];
}

interface Position {
  line: number;
  column: number;
}

/** The `]` closing the array whose content starts at (line, column), skipping strings and comments. */
function closingBracket(lines: string[], line: number, column: number): Position | undefined {
  let depth = 0;
  for (let l = line; l < lines.length; l++) {
    const text = lines[l];
    for (let c = l === line ? column : 0; c < text.length; c++) {
      const ch = text[c];
      if (ch === '#') break;
      if (ch === '"' || ch === "'") {
        const endQuote = text.indexOf(ch, c + 1);
        if (endQuote < 0) return undefined;
        c = endQuote;
      } else if (ch === '[') depth++;
      else if (ch === ']') {
        if (depth === 0) return { line: l, column: c };
        depth--;
      }
    }
  }
  return undefined;
}

/** How many string items the array holds, and where the last one ends (just after its closing quote). */
function arrayItems(lines: string[], line: number, column: number, close: Position): { items: number; lastItemEnd?: Position } {
  let items = 0;
  let lastItemEnd: Position | undefined;
  for (let l = line; l <= close.line; l++) {
    const text = lines[l];
    const stop = l === close.line ? close.column : text.length;
    for (let c = l === line ? column : 0; c < stop; c++) {
      const ch = text[c];
      if (ch === '#') break;
      if (ch === '"' || ch === "'") {
        const endQuote = text.indexOf(ch, c + 1);
        items++;
        lastItemEnd = { line: l, column: endQuote + 1 };
        c = endQuote;
      }
    }
  }
  return { items, lastItemEnd };
}

/** Whether a comma follows the last item before the closing bracket. */
function commaAfter(lines: string[], after: Position, close: Position): boolean {
  for (let l = after.line; l <= close.line; l++) {
    const text = lines[l].slice(l === after.line ? after.column : 0, l === close.line ? close.column : undefined);
    if (text.split('#')[0].includes(',')) return true;
  }
  return false;
}

function readText(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

function listDir(dir: string): string[] {
  try {
    return fs.readdirSync(dir);
  } catch {
    return [];
  }
}
