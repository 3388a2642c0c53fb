import * as path from 'node:path';
import { writeFileAtomic } from '../../state/atomicFile';
import { parseRequirementsFile } from '../requirements';
import { pinnedRequirementLine, rewriteRequirementsFile, type LineReplacement } from '../requirements/pin';
import * as fs from 'node:fs';
import type { PackageValidation } from './report';

export interface PinOutcome {
  /** Files rewritten. */
  files: string[];
  pinned: number;
  /** Dependencies appended to the first file (hash-checking mode needs every file pip installs). */
  added: number;
}

/**
 * Rewrites each requirements file's lines for validated projects as `name==version --hash=sha256:…`
 * (the downloaded file's digest: what pip will fetch and check). Dependencies the files do not list are
 * appended to the first file, so pip's hash-checking mode has the whole set. Included files are left alone.
 */
export function pinRequirementFiles(files: readonly string[], packages: readonly PackageValidation[]): PinOutcome {
  const byName = new Map(packages.map((p) => [p.name, p]));
  const listed = new Set<string>();
  const outcome: PinOutcome = { files: [], pinned: 0, added: 0 };
  const rewrites: { file: string; text: string }[] = [];
  for (const file of files) {
    const parsed = parseRequirementsFile(file);
    const own = path.resolve(file);
    const replacements: LineReplacement[] = [];
    for (const requirement of parsed.requirements) {
      listed.add(requirement.name);
      if (requirement.constraint || path.resolve(requirement.location.file) !== own) continue;
      const pkg = byName.get(requirement.name);
      if (!pkg || pkg.artifacts.length === 0 || pkg.verdict === 'fail') continue;
      replacements.push({ ...requirement.lineRange, newText: pinnedRequirementLine(requirement, pkg.version, [pkg.artifacts[0].sha256]) });
    }
    const text = fs.readFileSync(file, 'utf8');
    rewrites.push({ file, text: replacements.length ? rewriteRequirementsFile(text, replacements) : text });
    outcome.pinned += replacements.length;
  }
  const missing = packages.filter((p) => !listed.has(p.name) && p.artifacts.length > 0 && p.verdict !== 'fail');
  if (missing.length && rewrites.length) {
    const first = rewrites[0];
    const eol = first.text.includes('\r\n') ? '\r\n' : '\n';
    const lines = missing.map((p) => `${p.name}==${p.version} \\${eol}    --hash=sha256:${p.artifacts[0].sha256}${eol}    # via snakepit validate (dependency)`);
    first.text = `${first.text}${first.text === '' || first.text.endsWith('\n') ? '' : eol}${lines.join(eol)}${eol}`;
    outcome.added = missing.length;
  }
  for (const rewrite of rewrites) {
    if (rewrite.text === fs.readFileSync(rewrite.file, 'utf8')) continue;
    writeFileAtomic(rewrite.file, rewrite.text);
    outcome.files.push(rewrite.file);
  }
  return outcome;
}
