import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { writeFileAtomic } from '../../state/atomicFile';
import { SHA256_PATTERN, type CachedArtifact, type QuarantineMark } from './cachedArtifact';
import { copyHashing, sha256File } from './hashFile';

export type { CachedArtifact, QuarantineMark } from './cachedArtifact';

interface ArtifactMeta {
  filename: string;
  size: number;
  addedAt: string;
}

const META = 'artifact.json';

/** Thrown when a file's sha256 is not one of the `--hash` values it must match. */
export class HashMismatchError extends Error {
  constructor(
    readonly file: string,
    readonly expected: string[],
    readonly actual: string,
  ) {
    super(
      `${file}: sha256 ${actual} does not match the expected --hash=sha256:${expected.join(' / --hash=sha256:')}; ` +
        'the file was refused and not cached. Check the --hash values in the requirements file, or the index served a different file than the one that was pinned.',
    );
    this.name = 'HashMismatchError';
  }
}

function checkSha256(sha256: string): string {
  const normalised = sha256.replace(/^sha256:/, '').toLowerCase();
  if (!SHA256_PATTERN.test(normalised)) throw new Error(`"${sha256}" is not a sha256 digest (64 hexadecimal digits)`);
  return normalised;
}

function checkFilename(filename: string): string {
  if (!filename || filename === '.' || filename === '..' || filename === META || /[/\\\0]/.test(filename)) {
    throw new Error(`"${filename}" cannot be cached: a distribution file name must be a plain file name`);
  }
  return filename;
}

/**
 * Content-addressed store of distribution files: `<root>/sha256/ab/<sha256>/<filename>` (read-only)
 * beside `artifact.json`. Each entry appears by renaming a complete temp directory into place, so
 * readers never see half an entry and two processes adding the same file both end with the one copy.
 * Quarantine marks live apart (`<root>/quarantine/<sha256>.json`) so an entry never changes once written.
 */
export class ArtifactCache {
  readonly root: string;

  constructor(root: string) {
    this.root = path.resolve(root);
  }

  private entryDir(sha256: string): string {
    return path.join(this.root, 'sha256', sha256.slice(0, 2), sha256);
  }

  private quarantineFile(sha256: string): string {
    return path.join(this.root, 'quarantine', `${sha256}.json`);
  }

  private tempDir(): string {
    const dir = path.join(this.root, 'tmp', `${process.pid}-${randomBytes(6).toString('hex')}`);
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    return dir;
  }

  /**
   * Copies `file` into the cache. With `expectedSha256s` (the requirement's `--hash` values, any
   * one may match, as in pip) a file matching none of them is refused with a {@link HashMismatchError}.
   */
  async add(file: string, expectedSha256s: string[] = []): Promise<CachedArtifact> {
    const expected = expectedSha256s.map(checkSha256);
    const filename = checkFilename(path.basename(file));
    if (!fs.statSync(file).isFile()) throw new Error(`${file} is not a regular file; only distribution files can be cached`);
    // Hashed before copying: a file already cached (re-validation) costs one read and no write.
    const digest = await sha256File(file);
    if (expected.length > 0 && !expected.includes(digest)) throw new HashMismatchError(file, expected, digest);
    const cached = this.get(digest);
    if (cached) return cached;
    const temp = this.tempDir();
    try {
      // The hash of the bytes actually copied is the one that counts (the source could change in between).
      const { sha256, size } = await copyHashing(file, path.join(temp, filename));
      if (expected.length > 0 && !expected.includes(sha256)) throw new HashMismatchError(file, expected, sha256);
      if (sha256 !== digest) throw new Error(`${file} changed while it was being added to the cache; add it again`);
      const existing = this.get(sha256);
      if (existing) return existing;
      const meta: ArtifactMeta = { filename, size, addedAt: new Date().toISOString() };
      fs.writeFileSync(path.join(temp, META), `${JSON.stringify(meta)}\n`, { mode: 0o444 });
      fs.chmodSync(path.join(temp, filename), 0o444);
      fs.chmodSync(temp, 0o755);
      const target = this.entryDir(sha256);
      fs.mkdirSync(path.dirname(target), { recursive: true });
      try {
        fs.renameSync(temp, target);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        // Another process put the same content in place first: theirs is as good as ours.
        if (code !== 'ENOTEMPTY' && code !== 'EEXIST') throw error;
      }
      const added = this.get(sha256);
      if (!added) throw new Error(`${file} was copied into the cache but ${target} is not readable afterwards`);
      return added;
    } finally {
      fs.rmSync(temp, { recursive: true, force: true });
    }
  }

  /** The cached artifact, with its quarantine mark when it has one; undefined when not cached. */
  get(sha256: string): CachedArtifact | undefined {
    const digest = checkSha256(sha256);
    const dir = this.entryDir(digest);
    let meta: ArtifactMeta;
    try {
      meta = JSON.parse(fs.readFileSync(path.join(dir, META), 'utf8')) as ArtifactMeta;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw new Error(`cache entry ${dir} is damaged (${(error as Error).message}); remove it with ArtifactCache.remove or delete the directory`);
    }
    const artifact: CachedArtifact = { sha256: digest, filename: meta.filename, size: meta.size, path: path.join(dir, meta.filename), addedAt: meta.addedAt };
    const quarantine = this.isQuarantined(digest);
    if (quarantine) artifact.quarantine = quarantine;
    return artifact;
  }

  /** Where the file with this digest lives (or would live) in the cache. */
  path(sha256: string): string {
    const digest = checkSha256(sha256);
    const artifact = this.get(digest);
    return artifact ? artifact.path : this.entryDir(digest);
  }

  /** Marks artifacts as failed: they stay for the report, and install refuses them. */
  quarantine(sha256s: string[], reason: string): void {
    const mark: QuarantineMark = { reason, at: new Date().toISOString() };
    for (const sha256 of sha256s) writeFileAtomic(this.quarantineFile(checkSha256(sha256)), `${JSON.stringify(mark)}\n`);
  }

  isQuarantined(sha256: string): QuarantineMark | undefined {
    try {
      const mark = JSON.parse(fs.readFileSync(this.quarantineFile(checkSha256(sha256)), 'utf8')) as QuarantineMark;
      return { reason: String(mark.reason), at: String(mark.at) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      // A mark that cannot be read still counts: never hand out a file someone tried to quarantine.
      return { reason: `quarantine mark unreadable: ${(error as Error).message}`, at: new Date(0).toISOString() };
    }
  }

  list(): CachedArtifact[] {
    const artifacts: CachedArtifact[] = [];
    const base = path.join(this.root, 'sha256');
    for (const prefix of safeReaddir(base)) {
      for (const digest of safeReaddir(path.join(base, prefix))) {
        if (!SHA256_PATTERN.test(digest)) continue;
        const artifact = this.get(digest);
        if (artifact) artifacts.push(artifact);
      }
    }
    return artifacts.sort((a, b) => a.filename.localeCompare(b.filename) || a.sha256.localeCompare(b.sha256));
  }

  /** Deletes the file and its quarantine mark. Moved aside first so no reader sees a half-deleted entry. */
  remove(sha256: string): void {
    const digest = checkSha256(sha256);
    const dir = this.entryDir(digest);
    const aside = path.join(this.root, 'tmp', `removing-${digest}-${process.pid}-${randomBytes(4).toString('hex')}`);
    fs.mkdirSync(path.dirname(aside), { recursive: true });
    try {
      fs.renameSync(dir, aside);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    fs.rmSync(aside, { recursive: true, force: true });
    fs.rmSync(this.quarantineFile(digest), { force: true });
  }
}

function safeReaddir(dir: string): string[] {
  try {
    return fs.readdirSync(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

/** True when `artifact` carries a quarantine mark, or its cache has one on disk now (checked again just before install). */
export function quarantineOf(artifact: CachedArtifact): QuarantineMark | undefined {
  if (artifact.quarantine) return artifact.quarantine;
  const entryDir = path.dirname(artifact.path);
  const root = path.resolve(entryDir, '..', '..', '..');
  if (path.basename(path.resolve(entryDir, '..', '..')) !== 'sha256' || !SHA256_PATTERN.test(artifact.sha256)) return undefined;
  return new ArtifactCache(root).isQuarantined(artifact.sha256);
}
