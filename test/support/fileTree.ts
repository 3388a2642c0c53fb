import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Every entry under `root`: type, permission bits, and the content's sha256 or the link's target. What "byte-exact" means here. */
export function listing(root: string): string[] {
  const lines: string[] = [];
  const visit = (relative: string) => {
    const full = path.join(root, relative);
    const stat = fs.lstatSync(full);
    const mode = (stat.mode & 0o7777).toString(8);
    if (stat.isSymbolicLink()) lines.push(`${relative} l ${mode} ${fs.readlinkSync(full)}`);
    else if (stat.isDirectory()) {
      lines.push(`${relative} d ${mode}`);
      for (const name of fs.readdirSync(full).sort()) visit(relative ? path.join(relative, name) : name);
    } else lines.push(`${relative} f ${mode} ${createHash('sha256').update(fs.readFileSync(full)).digest('hex')}`);
  };
  visit('');
  return lines;
}

/** The listing as one hash: equal means byte-identical. */
export function treeHash(root: string): string {
  return createHash('sha256').update(listing(root).join('\n')).digest('hex');
}
