import type { Requirement } from './types';

/**
 * A requirement pinned to `version` with its hashes, in pip-compile's layout (URL and path
 * requirements keep their text, since they already name one file):
 * ```
 * name[extras]==version ; marker \
 *     --hash=sha256:… \
 *     --hash=sha256:…
 * ```
 * Lines are joined with '\n'; `rewriteRequirementsFile` converts them to the file's line endings.
 */
export function pinnedRequirementLine(requirement: Requirement, version: string, sha256s: readonly string[]): string {
  if (!/^[A-Za-z0-9][A-Za-z0-9.!+_-]*$/.test(version)) {
    throw new Error(`Cannot pin ${requirement.displayName} to '${version}': that is not a version (expected e.g. 2.32.3).`);
  }
  const bad = sha256s.find((hash) => !/^[0-9a-fA-F]{64}$/.test(hash.replace(/^sha256:/, '')));
  if (bad !== undefined) {
    throw new Error(`Cannot pin ${requirement.displayName} with hash '${bad}': a sha256 is 64 hex digits.`);
  }
  if (requirement.editable) {
    throw new Error(`Cannot pin the editable requirement '-e ${requirement.text}' with hashes: pip cannot hash-check editable installs. Install it without -e first.`);
  }
  const extras = requirement.extras.length > 0 ? `[${requirement.extras.join(',')}]` : '';
  const marker = requirement.marker !== undefined ? ` ; ${requirement.marker}` : '';
  // A URL or path already names exactly one file: keep it as written and add the hashes.
  const head = requirement.url !== undefined || requirement.path !== undefined ? requirement.text : `${requirement.displayName}${extras}==${version}${marker}`;
  const options = requirement.perRequirementOptions.map((option) => `    ${option}`);
  const hashes = [...new Set(sha256s.map((hash) => `sha256:${hash.replace(/^sha256:/, '').toLowerCase()}`))].map((hash) => `    --hash=${hash}`);
  return [head, ...options, ...hashes].join(' \\\n');
}

/** Physical lines `line`..`endLine` (1-based, inclusive) to replace with `newText` (lines joined by '\n'). */
export interface LineReplacement {
  line: number;
  endLine: number;
  newText: string;
}

/**
 * Replaces whole lines and keeps every other byte as it was: comments, blank lines, the line ending
 * style (CRLF or LF, detected from the file) and whether the file ends with a newline.
 */
export function rewriteRequirementsFile(text: string, replacements: readonly LineReplacement[]): string {
  const parts = text.split(/(\r\n|\n|\r)/);
  const lines: string[] = [];
  const endings: string[] = [];
  for (let i = 0; i < parts.length; i += 2) {
    lines.push(parts[i]);
    endings.push(parts[i + 1] ?? '');
  }
  const eol = /\r\n/.test(text) ? '\r\n' : text.includes('\r') && !text.includes('\n') ? '\r' : '\n';
  const ordered = [...replacements].sort((a, b) => b.line - a.line);
  ordered.forEach((replacement, index) => {
    if (replacement.line < 1 || replacement.endLine < replacement.line || replacement.endLine > lines.length) {
      throw new Error(`Cannot replace lines ${replacement.line}–${replacement.endLine}: the file has ${lines.length} lines.`);
    }
    const previous = ordered[index - 1];
    if (previous !== undefined && replacement.endLine >= previous.line) {
      throw new Error(`Replacements of lines ${replacement.line}–${replacement.endLine} and ${previous.line}–${previous.endLine} overlap.`);
    }
  });
  for (const replacement of ordered) {
    const start = replacement.line - 1;
    const count = replacement.endLine - replacement.line + 1;
    const newLines = replacement.newText.split(/\r\n|\n|\r/);
    const lastEnding = endings[replacement.endLine - 1];
    lines.splice(start, count, ...newLines);
    endings.splice(start, count, ...newLines.map((_, i) => (i === newLines.length - 1 ? lastEnding : eol)));
  }
  return lines.map((line, i) => line + endings[i]).join('');
}
