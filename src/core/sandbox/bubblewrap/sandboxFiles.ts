import { randomBytes, randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { SANDBOX_HOSTNAME, WORK_DIR } from './bwrapArgs';
import { keyringFilter } from './seccomp';
/** The name the sandbox's user gets in its /etc/passwd (unless it is root). */
export const SANDBOX_USER = 'sandbox';

/** Files bound over the host's in every command of one sandbox, so it learns neither the host's users nor its identity. */
export interface SandboxFiles {
  /** `<sandbox dir>/bwrap`: these files, and the option files of commands being started (launch.ts). */
  dir: string;
  /** /etc/passwd: root, the sandbox's user (the caller's uid, home /work) and nobody. */
  passwd: string;
  group: string;
  hostname: string;
  /** /etc/hosts without the host's names and addresses (used only without a network: with one, the host's resolves). */
  hosts: string;
  /** An empty read-only file, bound over host secrets and identifiers (/etc/shadow, /etc/machine-id, /proc/cmdline, …). */
  empty: string;
  /** /proc/sys/kernel/random/boot_id: a per-sandbox id instead of the host's boot id. */
  bootId: string;
  /** The seccomp program bwrap loads (seccomp.ts: no kernel keyrings); absent on architectures it has no numbers for. */
  seccomp?: string;
}

/**
 * Writes the sandbox's generated files into `<sandbox dir>/bwrap/` where they are missing or stale (atomically:
 * commands may start side by side). They go when the sandbox directory goes; snapshots do not include them.
 */
export function ensureSandboxFiles(sandboxDir: string, uid = process.getuid?.() ?? 0, gid = process.getgid?.() ?? 0): SandboxFiles {
  const dir = path.join(sandboxDir, 'bwrap');
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const files: SandboxFiles = {
    dir,
    passwd: path.join(dir, 'passwd'),
    group: path.join(dir, 'group'),
    hostname: path.join(dir, 'hostname'),
    hosts: path.join(dir, 'hosts'),
    empty: path.join(dir, 'empty'),
    bootId: path.join(dir, 'boot_id'),
  };
  writeIfChanged(files.passwd, passwdFile(uid, gid));
  writeIfChanged(files.group, groupFile(gid));
  writeIfChanged(files.hostname, `${SANDBOX_HOSTNAME}\n`);
  writeIfChanged(files.hosts, `127.0.0.1\tlocalhost\n127.0.1.1\t${SANDBOX_HOSTNAME}\n::1\tlocalhost ip6-localhost ip6-loopback\n`);
  writeIfChanged(files.empty, '');
  if (!fs.existsSync(files.bootId)) writeIfChanged(files.bootId, `${randomUUID()}\n`);
  const filter = keyringFilter();
  if (filter) {
    files.seccomp = path.join(dir, 'seccomp.bpf');
    writeIfChanged(files.seccomp, filter);
  }
  return files;
}

function passwdFile(uid: number, gid: number): string {
  const lines = [`root:x:0:0:root:${uid === 0 ? WORK_DIR : '/root'}:/bin/sh`];
  if (uid !== 0 && uid !== 65534) lines.push(`${SANDBOX_USER}:x:${uid}:${gid}:Snakepit sandbox:${WORK_DIR}:/bin/sh`);
  lines.push('nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin');
  return lines.join('\n') + '\n';
}

function groupFile(gid: number): string {
  const lines = ['root:x:0:'];
  if (gid !== 0 && gid !== 65534) lines.push(`${SANDBOX_USER}:x:${gid}:`);
  lines.push('nogroup:x:65534:');
  return lines.join('\n') + '\n';
}

function writeIfChanged(file: string, content: string | Buffer): void {
  try {
    if (fs.readFileSync(file).equals(Buffer.from(content))) return;
  } catch {
    // Missing: written below.
  }
  const temporary = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  fs.writeFileSync(temporary, content, { mode: 0o444 });
  fs.renameSync(temporary, file);
}
