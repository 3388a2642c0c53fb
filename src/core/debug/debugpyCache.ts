import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

const COMPLETE = '.snakepit-complete';

/**
 * debugpy installed once per engine and image (inside a sandbox, from the local index),
 * kept on the host and mounted read-only into later sandboxes of the same kind, so a
 * session does not pay for a pip install each time.
 */
export class DebugpyCache {
  constructor(private readonly root: string) {}

  private dir(engine: string, image: string): string {
    return path.join(this.root, `${engine}-${createHash('sha256').update(`${engine}\0${image}`).digest('hex').slice(0, 16)}`);
  }

  /** The cached install for this engine and image, if a complete one exists. */
  find(engine: string, image: string): string | undefined {
    const dir = this.dir(engine, image);
    return fs.existsSync(path.join(dir, COMPLETE)) ? dir : undefined;
  }

  /** Fills a fresh directory with `fill` and makes it the cache entry; a failed fill leaves nothing. */
  async store(engine: string, image: string, fill: (dir: string) => Promise<void>): Promise<string> {
    const final = this.dir(engine, image);
    fs.mkdirSync(this.root, { recursive: true });
    const staging = fs.mkdtempSync(path.join(this.root, '.staging-'));
    try {
      const target = path.join(staging, 'debugpy');
      await fill(target);
      fs.writeFileSync(path.join(target, COMPLETE), new Date().toISOString());
      fs.rmSync(final, { recursive: true, force: true });
      fs.renameSync(target, final);
      return final;
    } finally {
      fs.rmSync(staging, { recursive: true, force: true });
    }
  }
}
