import { requirementName } from './projectNames';

/** What a requirements file declares: project names and the files it includes (`-r other.txt`). */
export interface RequirementsFile {
  readonly names: string[];
  /** Paths of `-r`/`--requirement` includes, as written (relative to the including file). */
  readonly includes: string[];
}

/**
 * Project names of a pip requirements file, minimally: one requirement a line,
 * `#` comments, `\` continuations, `-r` includes, `-e`/URL lines with `#egg=name`,
 * `name @ url`; other options (`-c`, `-i`, `--hash`...) are skipped.
 */
export function parseRequirementsFile(text: string): RequirementsFile {
  const names: string[] = [];
  const includes: string[] = [];
  for (const line of logicalLines(text)) {
    const include = /^(?:-r|--requirement)(?:\s+|=)(\S+)/.exec(line);
    if (include) {
      includes.push(include[1]);
      continue;
    }
    const egg = /[#&]egg=([A-Za-z0-9][A-Za-z0-9._-]*)/.exec(line);
    if (egg) {
      names.push(egg[1]);
      continue;
    }
    if (line.startsWith('-') || /^[a-z+]+:\/\//i.test(line) || /^[./\\~]/.test(line)) continue;
    const name = requirementName(line);
    if (name) names.push(name);
  }
  return { names, includes };
}

/** Non-empty lines with continuations joined and comments removed. */
function logicalLines(text: string): string[] {
  const lines: string[] = [];
  let pending = '';
  for (const raw of text.split(/\r?\n/)) {
    if (raw.endsWith('\\')) {
      pending += raw.slice(0, -1) + ' ';
      continue;
    }
    const line = (pending + raw).replace(/(^|\s)#(?!egg=).*$/, '').trim();
    pending = '';
    if (line) lines.push(line);
  }
  if (pending.trim()) lines.push(pending.trim());
  return lines;
}
