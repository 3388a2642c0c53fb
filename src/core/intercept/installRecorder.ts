import * as fs from 'node:fs';
import * as path from 'node:path';

/** One change an intercepted command made to an environment. */
export interface InstallRecord {
  time: string;
  /** The environment's prefix (a venv dir, a --target dir, the user base). */
  prefix: string;
  python: string;
  /** `verified`: exactly the files the gate passed; `unverified`: the real installer ran (--snakepit-bypass). */
  state: 'verified' | 'unverified';
  /** Distributions added or changed, with the sha256 of the installed wheel when it went through the gate. */
  packages: Array<{ name: string; version: string; sha256?: string }>;
  /** The command as typed (program name first). */
  command: string[];
  reportPath?: string;
}

/**
 * The seam to the environments' history (issue #13): every intercepted change is handed to a recorder.
 * Until environments/ exists, {@link JsonlInstallRecorder} keeps them in a JSON-lines file.
 */
export interface InstallRecorder {
  record(entry: InstallRecord): void;
  /** Runs a change to the environment of `python` as one transaction of its history, when it keeps one. */
  transaction?<T>(python: string, what: string, change: () => Promise<T>): Promise<T>;
}

export class JsonlInstallRecorder implements InstallRecorder {
  constructor(readonly file: string) {}

  record(entry: InstallRecord): void {
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    fs.appendFileSync(this.file, `${JSON.stringify(entry)}\n`, { mode: 0o600 });
  }

  read(): InstallRecord[] {
    if (!fs.existsSync(this.file)) return [];
    return fs
      .readFileSync(this.file, 'utf8')
      .split('\n')
      .filter(Boolean)
      .flatMap((line) => {
        try {
          return [JSON.parse(line) as InstallRecord];
        } catch {
          return [];
        }
      });
  }

  /** The latest state of each distribution in one environment: `name → verified | unverified`. */
  stateOf(prefix: string): Map<string, { version: string; state: InstallRecord['state'] }> {
    const state = new Map<string, { version: string; state: InstallRecord['state'] }>();
    for (const entry of this.read()) if (path.resolve(entry.prefix) === path.resolve(prefix)) for (const p of entry.packages) state.set(p.name.toLowerCase().replace(/[-_.]+/g, '-'), { version: p.version, state: entry.state });
    return state;
  }
}

/** Where the CLI keeps the record: `<stateDir>/intercept/installs.jsonl`. */
export const installLogFile = (stateDir: string) => path.join(stateDir, 'intercept', 'installs.jsonl');
