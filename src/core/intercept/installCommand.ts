/** Which installer a command line belongs to. */
export type Installer = 'pip' | 'uv-pip' | 'uv-add' | 'pipx';

/** Where the original command would have installed (pip's `--user`, `--target`, `--prefix`; else the interpreter's environment). */
export type InstallLocation = { kind: 'environment' } | { kind: 'user' } | { kind: 'target'; dir: string } | { kind: 'prefix'; dir: string };

/** An install command, read with the installer's own option semantics. */
export interface InstallCommand {
  kind: 'install';
  installer: Installer;
  /** Positional requirements as written: `six`, `attrs[x]>=23; python_version>"3"`, `./dist/x.whl`, `git+https://…`. */
  specs: string[];
  requirementFiles: string[];
  constraintFiles: string[];
  /** `-e PATH` values (pip, uv pip); pipx's `-e` marks its specs editable instead. */
  editables: string[];
  indexUrl?: string;
  extraIndexUrls: string[];
  findLinks: string[];
  noIndex: boolean;
  location: InstallLocation;
  /** `--root DIR`: every path of the install relocated under DIR. */
  root?: string;
  upgrade: boolean;
  noDeps: boolean;
  pre: boolean;
  requireHashes: boolean;
  /** `--python` (pip ≥ 22.3, uv `-p`, pipx): the interpreter whose environment is changed. */
  python?: string;
  /** uv `--system`. */
  system: boolean;
}

/** Anything the gate does not need to see: the real tool runs it unchanged. */
export interface PassThrough {
  kind: 'pass-through';
  /** For the audit log and `--snakepit-explain`-style messages: `pip list`, `help`, `--dry-run`. */
  reason: string;
}

/** An install the command-line reader cannot understand: refused rather than let through unchecked. */
export interface Unreadable {
  kind: 'unreadable';
  message: string;
}

export type ParsedCommand = InstallCommand | PassThrough | Unreadable;
