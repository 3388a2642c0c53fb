import type { Finding } from '../types';
import { ruleIdForName } from './catalog';

/** A suppression comment on one line: everything, or only some rule IDs. */
interface Directive {
  all: boolean;
  ids: Set<string>;
}

interface SourceDirectives {
  byLine: Map<number, Directive>;
  /** 1-based physical line → first and last line of its logical line (bracketed or `\`-continued statements span several). */
  logicalStart: Int32Array;
  logicalEnd: Int32Array;
}

/** Bandit's NOSEC_COMMENT: `# nosec`, `#nosec: B602, B607`, `# nosec subprocess_popen_with_shell_equals_true`. */
const NOSEC = /#\s*nosec:?\s*([^#]+)?#?/;
/** Ruff's `# noqa: S602, S607`; a bare `# noqa` is not honoured (Bandit ignores it and it usually targets other linters). */
const NOQA = /#\s*noqa:\s?([A-Z]+[0-9]+(?:[,\s]+[A-Z]+[0-9]+)*)/i;
const RULE_ID = /^[A-Z]+[0-9]+$/i;

function parseComment(comment: string): Directive | undefined {
  let directive: Directive | undefined;
  const nosec = NOSEC.exec(comment);
  if (nosec) {
    const ids = new Set<string>();
    for (const word of (nosec[1] ?? '').split(/[\s,]+/)) {
      if (!word) continue;
      // A rule name first, as Bandit: `md5` is B303's name, not an ID.
      const id = ruleIdForName(word) ?? (RULE_ID.test(word) ? word.toUpperCase() : undefined);
      if (id) ids.add(id);
    }
    directive = { all: ids.size === 0, ids };
  }
  const noqa = NOQA.exec(comment);
  if (noqa) {
    directive ??= { all: false, ids: new Set() };
    for (const code of noqa[1].split(/[,\s]+/)) {
      // Ruff's flake8-bandit S602 is Bandit's B602; other codes (C901, CCR001, SP001) are Snakepit's own IDs.
      const match = /^S(\d{3})$/i.exec(code);
      directive.ids.add(match ? `B${match[1]}` : code.toUpperCase());
    }
  }
  return directive;
}

/**
 * One pass over the text that finds real comments (not `#` inside strings)
 * and the logical-line structure, like Python's tokenizer but without tokens.
 */
function scan(source: string): SourceDirectives {
  let lineCount = 1;
  for (let i = 0; i < source.length; i++) if (source.charCodeAt(i) === 10) lineCount++;
  const logicalStart = new Int32Array(lineCount + 2);
  const logicalEnd = new Int32Array(lineCount + 2);
  const byLine = new Map<number, Directive>();

  let line = 1;
  let start = 1;
  let depth = 0;
  let quote = '';
  let triple = false;
  let continued = false;
  const endLogicalLine = (last: number) => {
    for (let l = start; l <= last; l++) logicalEnd[l] = last;
  };
  logicalStart[1] = 1;

  for (let i = 0; i < source.length; i++) {
    const ch = source[i];
    if (ch === '\n') {
      const open = depth > 0 || continued || (quote !== '' && triple);
      if (quote !== '' && !triple) quote = '';
      continued = false;
      if (!open) {
        endLogicalLine(line);
        start = line + 1;
      }
      line++;
      logicalStart[line] = start;
      continue;
    }
    if (quote) {
      if (ch === '\\') {
        if (source[i + 1] === '\n') continue;
        i++;
      } else if (ch === quote && (!triple || (source[i + 1] === quote && source[i + 2] === quote))) {
        if (triple) i += 2;
        quote = '';
      }
      continue;
    }
    switch (ch) {
      case '#': {
        let end = source.indexOf('\n', i);
        if (end < 0) end = source.length;
        const comment = source.slice(i, end);
        if (comment.includes('nosec') || /noqa/i.test(comment)) {
          const directive = parseComment(comment);
          if (directive) byLine.set(line, directive);
        }
        i = end - 1;
        break;
      }
      case '"':
      case "'":
        quote = ch;
        triple = source[i + 1] === ch && source[i + 2] === ch;
        if (triple) i += 2;
        break;
      case '(':
      case '[':
      case '{':
        depth++;
        break;
      case ')':
      case ']':
      case '}':
        if (depth > 0) depth--;
        break;
      case '\\':
        if (source[i + 1] === '\n' || (source[i + 1] === '\r' && source[i + 2] === '\n')) continued = true;
        break;
    }
  }
  endLogicalLine(line);
  return { byLine, logicalStart, logicalEnd };
}

let cachedSource: string | undefined;
let cachedDirectives: SourceDirectives | undefined;

function directivesOf(source: string): SourceDirectives {
  if (source !== cachedSource || !cachedDirectives) {
    cachedDirectives = scan(source);
    cachedSource = source;
  }
  return cachedDirectives;
}

function suppresses(directive: Directive | undefined, ruleId: string): boolean {
  return !!directive && (directive.all || directive.ids.has(ruleId));
}

function isSuppressed(finding: Finding, directives: SourceDirectives): boolean {
  const { byLine, logicalStart, logicalEnd } = directives;
  const line = finding.line;
  if (suppresses(byLine.get(line), finding.ruleId)) return true;
  if (line >= logicalStart.length) return false;
  for (let l = logicalStart[line], last = logicalEnd[line]; l <= last; l++) {
    if (suppresses(byLine.get(l), finding.ruleId)) return true;
  }
  return false;
}

/**
 * Drops findings silenced by a comment: `# nosec` (all rules), `# nosec B602, B607`
 * or `# nosec: B602` (those IDs or Bandit rule names; any ID such as SP001 works),
 * and Ruff's `# noqa: S602` (S-codes map to B-codes). A comment counts on any
 * line of the statement (logical line) containing the finding: its first line,
 * the finding's line, or a closing `)  # nosec` — like Bandit, which looks at
 * every line of the reported node.
 */
export function applySuppressions(findings: Finding[], source: string): Finding[] {
  if (findings.length === 0 || (!source.includes('nosec') && !/noqa/i.test(source))) return findings;
  const directives = directivesOf(source);
  if (directives.byLine.size === 0) return findings;
  return findings.filter((finding) => !isSuppressed(finding, directives));
}
