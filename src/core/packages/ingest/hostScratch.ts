import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** Prefix of the gate's temporary directories on the host (tests look for leftovers with it). */
export const SCRATCH_PREFIX = 'snakepit-gate-';

const OWNED = new RegExp(`^${SCRATCH_PREFIX}(\\d+)-`);

/** A private temporary directory for one validation (named with our pid); `dispose` removes it (idempotent). */
export class HostScratch {
  readonly dir: string;

  constructor() {
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), `${SCRATCH_PREFIX}${process.pid}-`));
  }

  /** Removes the temp dirs of validations whose process is gone (killed before it could clean up). */
  static reapOrphans(): void {
    for (const name of fs.readdirSync(os.tmpdir())) {
      const pid = Number(OWNED.exec(name)?.[1] ?? 0);
      if (pid > 0 && pid !== process.pid && !processAlive(pid)) fs.rmSync(path.join(os.tmpdir(), name), { recursive: true, force: true });
    }
  }

  sub(name: string): string {
    const dir = path.join(this.dir, name);
    fs.mkdirSync(dir, { recursive: true });
    return dir;
  }

  dispose(): void {
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Regular files directly in `dir` (a copy out of a sandbox may hold links or directories: never followed). */
export function regularFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .sort()
    .map((name) => path.join(dir, name))
    .filter((file) => fs.lstatSync(file).isFile());
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
