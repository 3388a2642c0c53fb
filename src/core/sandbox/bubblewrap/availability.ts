import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { Availability } from '../engine';
import { cgroupVersion, removeSandboxCgroup, sandboxCgroup } from '../hostDir/cgroup';

// A function, not promisify(execFile) at load: reading execFile loads child_process, which the CLI loads on first use.
const run = (file: string, args: string[], options: { timeout: number }) => promisify(execFile)(file, args, options);

const USERNS_HINT =
  'User namespaces look disabled. Enable them with `sudo sysctl kernel.unprivileged_userns_clone=1` (Debian), ' +
  '`sudo sysctl user.max_user_namespaces=15000`, or on Ubuntu 24.04+ `sudo sysctl kernel.apparmor_restrict_unprivileged_userns=0` ' +
  '(or an AppArmor profile for bwrap)';

/** bwrap is installed and can make the namespaces we use; the detail says how limits will be enforced. */
export async function bubblewrapAvailability(): Promise<Availability> {
  let version: string;
  try {
    version = (await run('bwrap', ['--version'], { timeout: 10_000 })).stdout.trim();
  } catch {
    return { ok: false, reason: 'bubblewrap (bwrap) is not installed. Install it: `sudo apt install bubblewrap` / `sudo dnf install bubblewrap`' };
  }
  try {
    await run('bwrap', ['--ro-bind', '/', '/', '--unshare-all', 'true'], { timeout: 10_000 });
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim() ?? String(error);
    return { ok: false, reason: `${version} is installed but cannot create a sandbox: ${stderr}. ${USERNS_HINT}` };
  }
  return { ok: true, detail: `${version}; limits: ${await limitsDetail()}` };
}

async function limitsDetail(): Promise<string> {
  const version = cgroupVersion();
  const probe = `snakepit-probe-${process.pid}`;
  const writable = version !== undefined && sandboxCgroup(probe, { pids: 1_000_000 }) !== undefined;
  await removeSandboxCgroup(probe);
  return writable
    ? `cgroup v${version} (memory, pids, cpu) + rlimits`
    : `rlimits only via prlimit (cgroups ${version ? `v${version} not writable` : 'not found'}): memory is an address-space limit, processes are counted per user, no CPU share limit`;
}
