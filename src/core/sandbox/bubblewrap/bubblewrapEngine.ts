import * as os from 'node:os';
import {
  type Availability,
  type ExecOptions,
  type EngineTraits,
  type ExecResult,
  type SandboxHealth,
  type SandboxProcess,
  type SandboxRecord,
  type TerminalCommand,
  terminalPrompt,
} from '../engine';
import { joinCgroupPrefix, sandboxCgroup } from '../hostDir/cgroup';
import { runHostCommand, spawnHostCommand, type HostCommand } from '../hostDir/hostCommand';
import { HostDirSandboxes } from '../hostDir/hostDirSandboxes';
import { HostDirEngine } from '../hostDir/hostDirEngine';
import type { Interpreter } from '../hostDir/interpreter';
import type { SandboxPaths } from '../hostDir/layout';
import { copyVenvTemplate, saveVenvTemplate, venvTemplateDir } from './venvTemplate';
import { cpuSecondsFor, prlimitPrefix } from '../hostDir/prlimit';
import { bubblewrapAvailability } from './availability';
import { VENV_DIR, WORK_DIR, bwrapOptions } from './bwrapArgs';
import { launchArgv } from './launch';
import { ensureSandboxFiles } from './sandboxFiles';
import { explainExit } from '../hostDir/exitReason';

const VENV_TIMEOUT_MS = 180_000;

/**
 * Sandboxes as bubblewrap namespaces over a host directory: the host read-only, homes, /run, /var and the
 * other sandboxes hidden, the host's users, name and identifiers replaced (bwrapArgs.ts, sandboxFiles.ts),
 * no network unless asked, `<root>/<name>/work` writable at /work. Nothing runs between commands.
 */
export class BubblewrapEngine extends HostDirEngine {
  readonly kind = 'bubblewrap' as const;
  readonly isolated = true;
  readonly bridgeNetwork = "the host's network (bubblewrap shares it; files and processes stay isolated)";
  readonly traits: EngineTraits = { defaultImage: 'python3', image: 'interpreter', venvAtCreate: true, hostFiles: 'per-command', staysRunning: false };

  constructor(root: string) {
    super(new HostDirSandboxes(root, 'bubblewrap', WORK_DIR));
  }

  available(): Promise<Availability> {
    return bubblewrapAvailability();
  }

  protected async makeVenv(record: SandboxRecord, interpreter: Interpreter, paths: SandboxPaths): Promise<ExecResult & { venvBase?: string }> {
    const started = Date.now();
    const template = venvTemplateDir(this.sandboxes.root, interpreter);
    const copied = await copyVenvTemplate(template, paths.venv);
    if (copied) {
      return { exitCode: 0, timedOut: false, cancelled: false, stdout: '', stderr: '', durationMs: Date.now() - started, venvBase: copied.venvBase };
    }
    const result = await this.run(record, [interpreter.executable, '-m', 'venv', VENV_DIR], { timeoutMs: VENV_TIMEOUT_MS }, { network: 'none', limits: {} });
    if (result.exitCode === 0) await saveVenvTemplate(paths.venv, template);
    return result;
  }

  exec(record: SandboxRecord, argv: readonly string[], options: ExecOptions = {}): Promise<ExecResult> {
    return this.run(record, argv, options, record);
  }

  async spawn(record: SandboxRecord, argv: readonly string[], options: Pick<ExecOptions, 'cwd' | 'env'> = {}): Promise<SandboxProcess> {
    return spawnHostCommand(this.command(record, argv, options, record).command);
  }

  async inspect(record: SandboxRecord): Promise<SandboxHealth> {
    return this.sandboxes.inspect(record, 'command(s)');
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
    const files = ensureSandboxFiles(paths.dir);
    const bwrap = bwrapOptions({
      hostWork: paths.work,
      network: policy.network,
      mounts: record.mounts,
      interpreterPrefix: file.interpreter?.prefix,
      venvBase: file.venvBase,
      sandboxesRoot: this.sandboxes.root,
      files,
      cwd: options.cwd,
      env: options.env,
      argv,
    });
    const command: HostCommand = { argv: [...joinCgroupPrefix(cgroup), ...rlimits, ...launchArgv(bwrap, argv, files.dir, files.seccomp)], cwd: '/', env: { PATH: process.env.PATH ?? '/usr/bin:/bin' }, runDir: paths.run };
    return { command, cgroup, addressSpaceLimited };
  }
}
