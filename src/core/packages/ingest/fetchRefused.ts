import * as path from 'node:path';
import { normalizeName } from '../names';
import { parseDistFilename } from './distFilename';
import type { GateSandbox } from '../gate/gateSandboxes';

/**
 * The archive pip was working on when it gave up: its last `Processing <path>` or `Downloading <url>` line (a path
 * may be relative to pip's working directory, the sandbox's work dir). With `project`, the last one of that project:
 * pip may have gone on to its dependencies (and failed on one of them) after reading the project's own file.
 */
export function lastArchive(pipOutput: string, project?: string): string | undefined {
  const matches = [...pipOutput.matchAll(/^\s*(?:Processing|Downloading) (\S+\.(?:whl|tar\.gz|tgz|tar\.bz2|tar\.xz|tar|zip))\b/gm)].map((m) => m[1]);
  const own = project === undefined ? matches : matches.filter((source) => parseDistFilename(path.posix.basename(source.split('#', 1)[0]))?.name === normalizeName(project));
  return own[own.length - 1];
}

// Copies or downloads one file into a directory and prints its path; plain stdlib, no package code runs.
const FETCH_ONE = `
import os, shutil, sys, urllib.parse, urllib.request
source, dest = sys.argv[1].split('#', 1)[0], sys.argv[2]
remote = '://' in source and not source.startswith('file:')
path = urllib.parse.urlparse(source).path if '://' in source else source
os.makedirs(dest, exist_ok=True)
target = os.path.join(dest, os.path.basename(urllib.parse.unquote(path)))
if remote:
    with urllib.request.urlopen(source, timeout=60) as response, open(target, 'wb') as out:
        shutil.copyfileobj(response, out)
else:
    shutil.copyfile(urllib.parse.unquote(path), target)
print(target)
`;

const FETCH_TIMEOUT_MS = 120_000;

/**
 * Fetches the archive pip refused (a setup.py that crashed, broken metadata) into `dest`, so it is cached and inspected
 * statically like every other file: a package that cannot be built here is still read. Undefined when it cannot be had.
 */
export async function fetchRefusedArchive(sandbox: GateSandbox, pipOutput: string, dest: string, project?: string): Promise<string | undefined> {
  const source = lastArchive(pipOutput, project);
  if (!source) return undefined;
  const result = await sandbox.exec([sandbox.python, '-I', '-S', '-c', FETCH_ONE, source, dest], { timeoutMs: FETCH_TIMEOUT_MS });
  return result.exitCode === 0 ? result.stdout.trim() : undefined;
}
