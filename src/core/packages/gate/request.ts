import type { DockerRuntimeChoice } from '../../sandbox/docker/runtimes';
import type { IndexSources } from '../ingest/pipConfig';
import type { EngineChoice } from '../../sandbox/selectEngine';
import type { GateProgress, ValidationReport } from './report';

/** What to validate and how: the CLI's `snakepit validate` flags and the VS Code commands both build one. */
export interface ValidateRequest {
  /** Requirement specifiers as written: `requests==2.32.3`, `attrs>=23`, `name @ file:///…whl`. */
  specs: string[];
  /** Requirements files (`-r`); their own options (`--index-url`, `--hash`, …) apply. */
  requirementFiles: string[];
  /** Constraints files (`-c`): they narrow the versions pip may choose, for the requirements and their dependencies. */
  constraintFiles?: string[];
  /** `--pre`: pre-release and development versions may be chosen, as pip's own flag. */
  pre?: boolean;
  /** Overrides pip's configured index (pip's own configuration is the default). */
  indexUrl?: string;
  extraIndexUrls?: string[];
  findLinks?: string[];
  /** `--no-index`: only the find-links locations (overrides the index settings). */
  noIndex?: boolean;
  /** What the user calls the index overrides above, for messages (CLI: `--index-url`; VS Code: `snakepit.gate.indexUrl`). */
  indexOrigins?: IndexSources;
  engine: EngineChoice;
  /**
   * docker: the runtime of the gate's sandboxes (CLI `--runtime`, VS Code `snakepit.gate.runtime`). Default `auto`:
   * runsc (gVisor) where dockerd has it — for the ingest sandbox only while it needs no network, unless runsc has one —
   * else runc. `runsc` asked for and missing is an error.
   */
  runtime?: DockerRuntimeChoice;
  /** docker image (default: the gate's default image); bubblewrap/venv: the interpreter. */
  image?: string;
  /** A user script run in the test sandbox after the imports (`--test-script FILE`). */
  testScript?: string;
  /** Install the verified files into the target when the verdict allows it. */
  install: boolean;
  /** Target interpreter for `install` (CLI `--python`; VS Code: the selected interpreter). */
  python?: string;
  /** Rewrite the requirement lines in the given files pinned with `--hash` values. */
  pinHashes: boolean;
  /** Ignore the verdict history and run every phase again. */
  noCache: boolean;
}

export interface ValidateHooks {
  onProgress?: (progress: GateProgress) => void;
  /** Cancels everything: running sandbox commands are killed and sandboxes destroyed. */
  signal?: AbortSignal;
  /** Asked before installing packages whose verdict is `warn`; without it a warn is not installed. */
  confirmWarn?: (report: ValidationReport) => Promise<boolean>;
}

/** Where the gate keeps its files: `cacheDir` holds the content-addressed artifacts, `stateDir` the verdict history and sandbox state. */
export interface GateDirs {
  cacheDir: string;
  stateDir: string;
}
