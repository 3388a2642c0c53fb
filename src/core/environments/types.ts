/** Where an environment was found; decides nothing but how it is grouped and named. */
export type EnvironmentKind = 'workspace' | 'virtualenvwrapper' | 'pyenv' | 'pyenv-virtualenv' | 'conda' | 'poetry' | 'pipenv' | 'uv-python' | 'system';

export interface PythonEnvironment {
  /** Short name for the CLI (`.venv`, `pyenv:3.11.7`, `system:python3.11`); unique within one discovery. */
  name: string;
  kind: EnvironmentKind;
  /** sys.prefix (the venv directory); for a system interpreter, the interpreter's own prefix as far as it is known. */
  prefix: string;
  /** The interpreter inside it. */
  python: string;
  /** `3.11.7`, or `3.11` when only the file names tell. '' when unknown. */
  version: string;
  isVirtualEnv: boolean;
  /** True when the current user can install into it. */
  writable: boolean;
}

/** What the gate says about the files of one installed distribution. */
export type VerificationState = 'verified' | 'warned' | 'failed' | 'unverified' | 'modified';

export interface RecordEntry {
  /** As written in RECORD: relative to site-packages (`../../../bin/x` for scripts). */
  path: string;
  /** urlsafe-base64 sha256 without padding, as RECORD writes it; '' when RECORD lists none (RECORD itself, .pyc). */
  hash: string;
  size?: number;
}

export interface InstalledDistribution {
  /** As the METADATA writes it. */
  name: string;
  /** PEP 503 normalised. */
  key: string;
  version: string;
  /** From INSTALLER (`pip`, `uv`); '' when absent. */
  installer: string;
  /** The `.dist-info` directory. */
  distInfo: string;
  sitePackages: string;
  files: RecordEntry[];
  /** Requires-Dist lines as written. */
  requires: string[];
}

export interface VerificationResult {
  state: VerificationState;
  /** With verified/warned/failed: the gate's verdict this rests on. */
  verdict?: { verdict: 'pass' | 'warn' | 'fail'; score: number; validatedAt: string; artifact: { filename: string; sha256: string } };
  /** With modified: files that no longer match RECORD (at most a few named). */
  modifiedFiles?: string[];
  /** Why it is unverified when the gate did see the project (other version, artifact no longer cached, files differ). */
  note?: string;
}
