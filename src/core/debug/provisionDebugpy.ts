import * as path from 'node:path';
import type { DebugpyCache } from './debugpyCache';
import type { DebugSandbox } from './debugSandbox';
import { localIndexPipArgs, type LocalIndex } from './localIndex';

export type DebugpyOutcome = { ok: true; pythonPath: string; note: string } | { ok: false; reason: string };

/**
 * Installs debugpy into the sandbox's work dir from the local package index, with the
 * sandbox's network still off, then keeps a copy in the cache for later sessions.
 */
export async function installDebugpy(sandbox: DebugSandbox, index: LocalIndex, cache: DebugpyCache | undefined): Promise<DebugpyOutcome> {
  if (index.indexUrls.length === 0 && index.findLinks.length === 0) {
    return { ok: false, reason: 'debugpy is not installed in the sandbox and pip is configured with no local package index (file: URL or find-links directory) to install it from' };
  }
  const target = path.posix.join(sandbox.record.workDir, '.snakepit-debugpy');
  const result = await sandbox.exec(['python3', '-m', 'pip', 'install', '--quiet', '--no-input', '--no-deps', '--target', target, ...localIndexPipArgs(index), 'debugpy'], {
    env: { PIP_CONFIG_FILE: '/dev/null', PIP_DISABLE_PIP_VERSION_CHECK: '1' },
    timeoutMs: 180_000,
  });
  if (result.exitCode !== 0) {
    return { ok: false, reason: `installing debugpy from the local index failed (${result.reason ?? `exit code ${result.exitCode}`}): ${lastLines(result.stderr || result.stdout)}` };
  }
  let note = `installed debugpy into the sandbox from ${[...index.indexUrls, ...index.findLinks].join(', ')} (network off)`;
  if (cache) {
    try {
      await cache.store(sandbox.record.engine, sandbox.record.image, (dir) => sandbox.engine.copyOut(sandbox.record, target, dir));
      note += '; cached for later sessions';
    } catch (error) {
      note += `; could not cache it (${error instanceof Error ? error.message : String(error)})`;
    }
  }
  return { ok: true, pythonPath: target, note };
}

function lastLines(text: string, count = 5): string {
  return text.trim().split('\n').slice(-count).join('\n');
}
