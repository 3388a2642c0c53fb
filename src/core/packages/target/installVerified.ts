import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { quarantineOf } from '../cache/artifactCache';
import type { CachedArtifact } from '../cache/cachedArtifact';
import { captureTarget, discardCapture } from './captureTarget';
import { lastLine, type TargetEnvironment } from './resolveTarget';
import { restoreTarget, RestoreError, type RestoreResult } from './restoreTarget';
import { isolatedEnv, runProcess, type ProcessResult } from './runProcess';

export const INSTALL_PREFIX = 'snakepit-install-';

export interface InstallOptions {
  signal?: AbortSignal;
  /** pip's output, line by line, as it runs. */
  onOutput?: (line: string) => void;
  /** Default 10 minutes. */
  timeoutMs?: number;
  /** Where pip puts the files when not the target's own scheme: `--user`, `--target DIR`, `--prefix DIR` (the target's paths must say the same). */
  pipArgs?: string[];
}

export interface InstalledArtifact {
  name: string;
  version: string;
  filename: string;
  sha256: string;
}

export interface InstallResult {
  installed: InstalledArtifact[];
  /** `pip freeze --all` of the target before the install. */
  freezeBefore: string;
  timings: { captureMs: number; pipMs: number; totalMs: number };
}

/** The install did not happen; `restored` says how the target was put back (it is always put back, or a RestoreError is thrown). */
export class InstallError extends Error {
  constructor(
    message: string,
    readonly restored: RestoreResult,
    readonly pip?: ProcessResult,
  ) {
    super(message);
    this.name = 'InstallError';
  }
}

/** `name-version(-build)?-py-abi-platform.whl` → name and version (PEP 427). */
export function wheelNameVersion(filename: string): { name: string; version: string } {
  const parts = filename.slice(0, -'.whl'.length).split('-');
  if (!filename.endsWith('.whl') || (parts.length !== 5 && parts.length !== 6)) throw new Error(`${filename} is not a wheel file name (name-version-python-abi-platform.whl)`);
  return { name: parts[0], version: parts[1] };
}

function checkArtifacts(target: TargetEnvironment, artifacts: CachedArtifact[]): InstalledArtifact[] {
  if (artifacts.length === 0) throw new Error('nothing to install: no verified artifacts were given');
  if (!target.hasPip) throw new Error(`${target.python} has no pip; add it with \`${target.python} -m ensurepip\` and try again`);
  const seen = new Map<string, string>();
  return artifacts.map((artifact) => {
    if (!artifact.filename.endsWith('.whl')) {
      throw new Error(`${artifact.filename} is not a wheel: only wheels are installed into the target (the gate builds a wheel from a source distribution inside the sandbox and installs that wheel)`);
    }
    const quarantine = quarantineOf(artifact);
    if (quarantine) throw new Error(`${artifact.filename} (sha256 ${artifact.sha256}) is quarantined since ${quarantine.at}: ${quarantine.reason}; it will not be installed`);
    if (!fs.existsSync(artifact.path)) throw new Error(`${artifact.path} is missing from the cache; validate the package again`);
    const { name, version } = wheelNameVersion(artifact.filename);
    const key = name.toLowerCase().replace(/[-_.]+/g, '-');
    const other = seen.get(key);
    if (other) throw new Error(`two files for ${name} were given (${other} and ${artifact.filename}); install one version of each project`);
    seen.set(key, artifact.filename);
    return { name, version, filename: artifact.filename, sha256: artifact.sha256 };
  });
}

/**
 * Installs exactly the given cached wheels into the target with its own pip (`--no-index --no-deps
 * --require-hashes --force-reinstall`, pip's configuration ignored). The target is captured first;
 * on any failure — pip's exit status, a cancel, a timeout, an exception — it is restored and verified
 * identical, and an {@link InstallError} says what failed. Temp dirs are always removed (the capture
 * is kept only if restoring itself failed, and the {@link RestoreError} names it).
 */
export async function installVerified(target: TargetEnvironment, artifacts: CachedArtifact[], options: InstallOptions = {}): Promise<InstallResult> {
  const started = Date.now();
  const wanted = checkArtifacts(target, artifacts);
  if (options.signal?.aborted) throw new Error('install cancelled before it started; nothing was changed');
  const work = fs.mkdtempSync(path.join(os.tmpdir(), INSTALL_PREFIX));
  try {
    const links = path.join(work, 'wheels');
    fs.mkdirSync(links);
    for (const artifact of artifacts) fs.symlinkSync(artifact.path, path.join(links, artifact.filename));
    const requirements = path.join(work, 'requirements.txt');
    fs.writeFileSync(requirements, wanted.map((w) => `${w.name}==${w.version} --hash=sha256:${w.sha256}\n`).join(''));
    // captureTarget cleans up after itself when it fails; from here on the capture is discarded or restored below.
    const capture = await captureTarget(target);
    const captureMs = Date.now() - started;
    let pip: ProcessResult | undefined;
    let failure: string;
    try {
      pip = await runProcess(
        target.python,
        ['-I', '-B', '-m', 'pip', 'install', '--isolated', '--no-index', '--no-deps', '--require-hashes', '--only-binary', ':all:', '--force-reinstall',
          ...(options.pipArgs ?? []), '--no-cache-dir', '--disable-pip-version-check', '--no-input', '--progress-bar', 'off', '--find-links', links, '-r', requirements],
        { env: isolatedEnv(), signal: options.signal, timeoutMs: options.timeoutMs ?? 600_000, onLine: options.onOutput },
      );
      if (pip.exitCode === 0 && !pip.cancelled && !options.signal?.aborted) {
        const result: InstallResult = { installed: wanted, freezeBefore: capture.freeze, timings: { captureMs, pipMs: pip.durationMs, totalMs: Date.now() - started } };
        discardCapture(capture);
        return result;
      }
      failure = pip.cancelled || options.signal?.aborted ? 'the install was cancelled' : pip.timedOut ? 'pip timed out' : `pip failed (exit ${pip.exitCode ?? pip.signal}): ${lastLine(pip.stderr || pip.stdout)}`;
    } catch (error) {
      failure = `the install failed: ${(error as Error).message}`;
    }
    let restored: RestoreResult;
    try {
      restored = await restoreTarget(capture);
    } catch (error) {
      const kept = error instanceof RestoreError;
      if (!kept) discardCapture(capture);
      throw new Error(`${failure}; restoring ${target.prefix} afterwards failed too: ${(error as Error).message}`);
    }
    discardCapture(capture);
    throw new InstallError(
      `${failure}. ${target.prefix} was restored exactly as it was (${restored.changed} path(s) put back, ${restored.verifiedFiles} files and the installed distributions verified); nothing was installed`,
      restored,
      pip,
    );
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}
