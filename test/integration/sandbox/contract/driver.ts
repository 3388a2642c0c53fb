import type { Engine, SandboxRecord } from '../../../../src/core/sandbox/engine';

/** A change to the work tree, relative to the sandbox's work dir. mtimes are [seconds, nanoseconds] (exact to the ns). */
export type FileOp =
  | { op: 'write'; path: string; text: string; mode?: number; mtime?: [number, number] }
  | { op: 'append'; path: string; text: string }
  | { op: 'mkdir'; path: string; mode?: number }
  | { op: 'symlink'; path: string; target: string }
  | { op: 'chmod'; path: string; mode: number }
  | { op: 'utime'; path: string; mtime: [number, number] }
  | { op: 'remove'; path: string };

/**
 * How the contract looks inside a sandbox and changes its files. The real engines run Python in the sandbox
 * (`pythonDriver`); an engine that runs nothing (the fake) brings its own.
 */
export interface SandboxDriver {
  /** Applies the changes in order, as the sandbox's own code would. */
  apply(record: SandboxRecord, ops: FileOp[]): Promise<void>;
  /** Every entry under the work dir (the work dir itself included) with type, mode, mtime and content hash or link target. */
  listing(record: SandboxRecord): Promise<string[]>;
  /** A file's content, read from inside. */
  read(record: SandboxRecord, relativePath: string): Promise<string>;
}

const APPLY = `
import json, os, shutil, sys
for change in json.load(sys.stdin):
    op, p = change['op'], change['path']
    if op == 'write':
        d = os.path.dirname(p)
        if d:
            os.makedirs(d, exist_ok=True)
        with open(p, 'w') as f:
            f.write(change['text'])
        if 'mode' in change:
            os.chmod(p, change['mode'])
        if 'mtime' in change:
            ns = change['mtime'][0] * 1000000000 + change['mtime'][1]
            os.utime(p, ns=(ns, ns))
    elif op == 'append':
        with open(p, 'a') as f:
            f.write(change['text'])
    elif op == 'mkdir':
        os.makedirs(p, exist_ok=True)
        if 'mode' in change:
            os.chmod(p, change['mode'])
    elif op == 'symlink':
        os.symlink(change['target'], p)
    elif op == 'chmod':
        os.chmod(p, change['mode'])
    elif op == 'utime':
        ns = change['mtime'][0] * 1000000000 + change['mtime'][1]
        os.utime(p, ns=(ns, ns), follow_symlinks=False)
    elif op == 'remove':
        if os.path.isdir(p) and not os.path.islink(p):
            shutil.rmtree(p)
        else:
            os.remove(p)
`;

const LISTING = `
import hashlib, os, stat, sys
def describe(p):
    st = os.lstat(p)
    if stat.S_ISLNK(st.st_mode):
        return 'l %s -> %s %d' % (p, os.readlink(p), st.st_mtime_ns)
    if stat.S_ISDIR(st.st_mode):
        return 'd %s %o %d' % (p, stat.S_IMODE(st.st_mode), st.st_mtime_ns)
    with open(p, 'rb') as f:
        digest = hashlib.sha256(f.read()).hexdigest()
    return 'f %s %o %d %d %s' % (p, stat.S_IMODE(st.st_mode), st.st_mtime_ns, st.st_size, digest)
print(describe('.'))
for root, dirs, files in os.walk('.'):
    dirs.sort()
    for name in sorted(dirs + files):
        print(describe(os.path.join(root, name)))
`;

/**
 * The default driver: Python inside the sandbox, in its work dir. `-I -S -B`: no site (a venv's .pth hooks would
 * import, and cache bytecode, from the very tree being listed), no bytecode written.
 */
export function pythonDriver(engine: Engine, python = 'python3'): SandboxDriver {
  const run = async (record: SandboxRecord, script: string, args: string[] = [], stdin?: string) => {
    const result = await engine.exec(record, [python, '-I', '-S', '-B', '-c', script, ...args], { cwd: record.workDir, stdin, timeoutMs: 120_000 });
    if (result.exitCode !== 0) throw new Error(`driver script failed in ${record.name} (${result.reason ?? `exit ${result.exitCode}`}): ${result.stderr}`);
    return result.stdout;
  };
  return {
    async apply(record, ops) {
      await run(record, APPLY, [], JSON.stringify(ops));
    },
    async listing(record) {
      return (await run(record, LISTING)).split('\n').filter(Boolean);
    },
    async read(record, relativePath) {
      return run(record, 'import sys; sys.stdout.write(open(sys.argv[1]).read())', [relativePath]);
    },
  };
}
