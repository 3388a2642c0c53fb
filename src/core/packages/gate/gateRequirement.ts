/** One requirement the gate validates, reduced to what pip and the verdict need. */
export interface GateRequirement {
  /** PEP 503 normalised project name. */
  name: string;
  /** As the user wrote it (`requests==2.32.3`). */
  requested: string;
  /** The line handed to pip (no options, no hashes: the gate checks hashes itself, per package). */
  pipLine: string;
  /** sha256 hex digests from `--hash=sha256:…` (any one may match, as in pip). */
  hashes: string[];
  /** The version when the requirement pins exactly one (`==2.32.3`). */
  pinnedVersion?: string;
  /** A local distribution file or directory the requirement points at (`name @ file:///…`, `./dist/x.whl`): mounted read-only. */
  localPath?: string;
  /** Where it was written, for pinning and diagnostics. */
  file?: string;
  line?: number;
}

/** The version pinned by `==V` / `===V` (no wildcard), else undefined. */
export function pinnedVersionOf(specifier: string): string | undefined {
  const match = /^\s*===?\s*([^\s,*]+)\s*$/.exec(specifier);
  return match ? match[1] : undefined;
}

/** True when the set can be judged from hashes alone: every requirement pinned and hashed (pip's hash-checking mode). */
export function fullyHashed(requirements: readonly GateRequirement[]): boolean {
  return requirements.length > 0 && requirements.every((r) => r.hashes.length > 0 && r.pinnedVersion !== undefined);
}
