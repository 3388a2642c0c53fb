/** The shapes produced by the requirements-file parser (pip's format) and its diagnostics. */

/** A span in a file. Lines and columns are 1-based; `endColumn` is exclusive (the column just after the last character). */
export interface SourceLocation {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export interface Requirement {
  /** PEP 503 normalised (`charset-normalizer`); '' when only building the path/URL would tell (`./pkg`, `https://…/archive.zip`). */
  name: string;
  /** The name as written (`Charset_Normalizer`), or the path/URL when there is no name. */
  displayName: string;
  /** Extras, PEP 503 normalised, in the order written. */
  extras: string[];
  /** The version specifier as written without spaces, e.g. `>=2,<3`; '' if none. */
  specifier: string;
  /** The PEP 508 environment marker after `;`, as written (trimmed). */
  marker?: string;
  /** Direct reference (`name @ url`), a URL requirement or a VCS URL (`git+https://…`). */
  url?: string;
  /** Local path requirement (`./pkg`, `dist/pkg-1.0-py3-none-any.whl`, from `file:` URLs too), as written. */
  path?: string;
  editable: boolean;
  /** `--hash` values, e.g. `sha256:…`, in the order written. */
  hashes: string[];
  /** Other per-requirement options as `--option=value` (`--config-settings`, `--global-option`). */
  perRequirementOptions: string[];
  /** The requirement as written, without its options (so without `--hash`). */
  text: string;
  location: SourceLocation;
  /**
   * The physical lines of the whole entry in `location.file` (1-based, inclusive): the requirement, its
   * `\` continuation lines with `--hash` options and comments. Replace these to rewrite the entry.
   */
  lineRange: { line: number; endLine: number };
  /** True when it came from a `-c` constraints file (a `-r` inside a constraints file includes requirements, as in pip). */
  constraint: boolean;
}

export interface RequirementOptions {
  indexUrl?: string;
  extraIndexUrls: string[];
  findLinks: string[];
  noIndex: boolean;
  pre: boolean;
  trustedHosts: string[];
  /** Project names or `:all:`/`:none:`, as pip's format control. */
  noBinary: string[];
  onlyBinary: string[];
  preferBinary: boolean;
  requireHashes: boolean;
  useFeatures: string[];
}

export type ProblemSeverity = 'error' | 'warning' | 'info';

export interface RequirementProblem {
  location: SourceLocation;
  severity: ProblemSeverity;
  /** Stable code from problemCodes.ts (`REQ001` …). */
  code: string;
  /** What is wrong and what to do about it. */
  message: string;
}

/** Where an option line was written: diagnostics need it for options that pip rejects or ignores. */
export interface OptionOccurrence {
  /** The option as pip knows it (`--index-url`), or as written when pip does not know it. */
  option: string;
  value?: string;
  location: SourceLocation;
}

export interface ParsedRequirements {
  requirements: Requirement[];
  options: RequirementOptions;
  problems: RequirementProblem[];
  /** Every file read, the top one first, in the order they were first included. */
  files: string[];
  /** Every option written in the files, in order (global options and `-r`/`-c` included). */
  optionOccurrences: OptionOccurrence[];
}
