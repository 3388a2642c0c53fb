/** A distribution file held in the content-addressed cache. */
export interface CachedArtifact {
  sha256: string;
  /** The file name as published (`requests-2.32.3-py3-none-any.whl`): pip reads name, version and tags from it. */
  filename: string;
  size: number;
  /** Absolute path of the cached, read-only file. */
  path: string;
  addedAt: string;
  /** Set when the gate failed the package: the file stays for the report but is never handed out for install. */
  quarantine?: QuarantineMark;
}

export interface QuarantineMark {
  reason: string;
  at: string;
}

export const SHA256_PATTERN = /^[0-9a-f]{64}$/;
