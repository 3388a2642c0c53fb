import * as os from 'node:os';
import {
  SandboxError,
  type Availability,
  type Engine,
  type ExecOptions,
  type ExecResult,
  type OwnedResource,
  type SandboxHealth,
  type SandboxProcess,
  type SandboxRecord,
  type SandboxSpec,
  type SandboxStats,
  type SnapshotRecord,
  type TerminalCommand,
  terminalPrompt,
} from '../engine';
import { joinCgroupPrefix, sandboxCgroup } from '../hostDir/cgroup';
import { runHostCommand, spawnHostCommand, type HostCommand } from '../hostDir/hostCommand';
import { HostDirSandboxes } from '../hostDir/hostDirSandboxes';
import { resolveInterpreter } from '../hostDir/interpreter';
import { cpuSecondsFor, prlimitPrefix } from '../hostDir/prlimit';
import { bubblewrapAvailability } from './availability';
import { VENV_DIR, WORK_DIR, bwrapArgs } from './bwrapArgs';
import { explainExit } from '../hostDir/exitReason';

const VENV_TIMEOUT_MS = 180_000;

/**
 * Sandboxes as bubblewrap namespaces over a host directory: the host read-only, homes and /run hidden,
 * no network unless asked, `<root>/<name>/work` writable at /work. Nothing runs between commands.
 */
export class BubblewrapEngine implements Engine {
  readonly kind = 'bubblewrap' as const;
  readonly isolated = true;
  private readonly sandboxes: HostDirSandboxes;

  constructor(root: string) {
    this.sandboxes = new HostDirSandboxes(root, 'bubblewrap', WORK_DIR);
  }

  available(): Promise<Availability> {
    return bubblewrapAvailability();
  }

  async create(spec: SandboxSpec): Promise<SandboxRecord> {
    const paths = await this.sandboxes.makeDir(spec);
    try {
      const interpreter = await resolveInterpreter(spec.image);
      const record = this.sandboxes.newRecord(spec, paths, spec.image ?? 'python3');
      this.sandboxes.writeRecord(spec, record, { interpreter: { executable: interpreter.executable, prefix: interpreter.prefix } });
      const result = await this.run(record, [interpreter.executable, '-m', 'venv', VENV_DIR], { timeoutMs: VENV_TIMEOUT_MS }, { network: 'none', limits: {} });
      if (result.exitCode !== 0) {
        throw new SandboxError(`Could not create the venv in sandbox "${spec.name}" (${result.reason ?? `exit ${result.exitCode}`}): ${result.stderr.trim().slice(-2000)}`);
      }
      return record;
    } catch (error) {
      await this.sandboxes.discard(paths);
      throw error;
    }
  }

  /** There is no long-running process: starting only checks that the sandbox is still there. */
  async start(record: SandboxRecord): Promise<void> {
    this.sandboxes.requireExisting(record);
  }

  async stop(record: SandboxRecord): Promise<void> {
    this.sandboxes.stop(record);
  }

  destroy(record: SandboxRecord): Promise<void> {
    return this.sandboxes.destroy(record);
  }

  exec(record: SandboxRecord, argv: readonly string[], options: ExecOptions = {}): Promise<ExecResult> {
    return this.run(record, argv, options, record);
  }

  async spawn(record: SandboxRecord, argv: readonly string[], options: Pick<ExecOptions, 'cwd' | 'env'> = {}): Promise<SandboxProcess> {
    return spawnHostCommand(this.command(record, argv, options, record).command);
  }

  copyIn(record: SandboxRecord, hostPath: string, sandboxPath: string): Promise<void> {
    return this.sandboxes.copyIn(record, hostPath, sandboxPath);
  }

  copyOut(record: SandboxRecord, sandboxPath: string, hostPath: string): Promise<void> {
    return this.sandboxes.copyOut(record, sandboxPath, hostPath);
  }

  snapshot(record: SandboxRecord, label: string): Promise<SnapshotRecord> {
    return this.sandboxes.snapshot(record, label);
  }

  rollback(record: SandboxRecord, snapshot: SnapshotRecord): Promise<void> {
    return this.sandboxes.rollback(record, snapshot);
  }

  deleteSnapshot(record: SandboxRecord, snapshot: SnapshotRecord): Promise<void> {
    return this.sandboxes.deleteSnapshot(record, snapshot);
  }

  /** Summed over the running commands' process trees from /proc: best effort (see commandStats). */
  stats(record: SandboxRecord): Promise<SandboxStats> {
    return this.sandboxes.stats(record);
  }

  async inspect(record: SandboxRecord): Promise<SandboxHealth> {
    return this.sandboxes.inspect(record, 'command(s)');
  }

  async listOwned(): Promise<OwnedResource[]> {
    return this.sandboxes.listOwned();
  }

  removeOwned(resource: OwnedResource): Promise<void> {
    return this.sandboxes.removeOwned(resource);
  }

  private async run(record: SandboxRecord, argv: readonly string[], options: ExecOptions, policy: Pick<SandboxRecord, 'network' | 'limits'>): Promise<ExecResult> {
    const { command, cgroup, addressSpaceLimited } = this.command(record, argv, options, policy);
    const oomKillsBefore = cgroup?.oomKills() ?? 0;
    const result = await runHostCommand(command, options);
    const { signal: _signal, ...rest } = result;
    return explainExit(rest, {
      limits: policy.limits,
      oomKilled: cgroup !== undefined && cgroup.oomKills() > oomKillsBefore,
      addressSpaceLimited,
      exitCodeCarriesSignal: true,
    });
  }

  terminalCommand(record: SandboxRecord): TerminalCommand {
    const { command } = this.command(record, ['/bin/sh', '-i'], { env: { PS1: terminalPrompt(record.name) } }, record);
    return { shellPath: command.argv[0], shellArgs: command.argv.slice(1), env: command.env as Record<string, string> };
  }

  private command(record: SandboxRecord, argv: readonly string[], options: ExecOptions, policy: Pick<SandboxRecord, 'network' | 'limits'>) {
    const paths = this.sandboxes.requireExisting(record);
    const file = this.sandboxes.readRecordFile(record);
    const limits = policy.limits;
    const hasLimits = limits.memoryBytes !== undefined || limits.pids !== undefined || limits.cpus !== undefined;
    const cgroup = hasLimits ? sandboxCgroup(record.name, limits) : undefined;
    const addressSpaceLimited = limits.memoryBytes !== undefined && cgroup === undefined;
    const rlimits = prlimitPrefix({ limits, addressSpace: addressSpaceLimited, cpuSeconds: cpuSecondsFor(options.timeoutMs, limits, os.cpus().length) });
    const bwrap = bwrapArgs({
      hostWork: paths.work,
      network: policy.network,
      mounts: record.mounts,
      interpreterPrefix: file.interpreter?.prefix,
      cwd: options.cwd,
      env: options.env,
      argv,
    });
    const command: HostCommand = { argv: [...joinCgroupPrefix(cgroup), ...rlimits, ...bwrap], cwd: '/', env: { PATH: process.env.PATH ?? '/usr/bin:/bin' }, runDir: paths.run };
    return { command, cgroup, addressSpaceLimited };
  }
}
