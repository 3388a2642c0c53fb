import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  SandboxError,
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
import { explainExit } from '../hostDir/exitReason';
import { runHostCommand, spawnHostCommand, type HostCommand } from '../hostDir/hostCommand';
import { HostDirSandboxes } from '../hostDir/hostDirSandboxes';
import { HostDirEngine } from '../hostDir/hostDirEngine';
import { resolveInterpreter, type Interpreter } from '../hostDir/interpreter';
import type { SandboxPaths } from '../hostDir/layout';
import { cpuSecondsFor, prlimitPrefix } from '../hostDir/prlimit';

const NOT_ISOLATED = 'not isolated: runs as you, on the host';
const VENV_TIMEOUT_MS = 180_000;

/**
 * A plain venv in a host directory: the same layout and snapshots as bubblewrap, but commands run directly
 * on the host with the user's rights and network. Only rlimits (prlimit) apply. For when nothing else works.
 */
export class VenvEngine extends HostDirEngine {
  readonly kind = 'venv' as const;
  readonly isolated = false;
  readonly bridgeNetwork = "the host's network (the venv engine isolates nothing)";
  readonly traits: EngineTraits = { defaultImage: 'python3', image: 'interpreter', venvAtCreate: true, hostFiles: 'shared', staysRunning: false };

  constructor(root: string) {
    super(new HostDirSandboxes(root, 'venv'));
  }

  async available(): Promise<Availability> {
    try {
      const interpreter = await resolveInterpreter();
      return { ok: true, detail: `Python ${interpreter.version} at ${interpreter.executable}; ${NOT_ISOLATED}, no network isolation, limits via prlimit only` };
    } catch (error) {
      return { ok: false, reason: `${(error as Error).message} (${NOT_ISOLATED})` };
    }
  }

  protected override creationContext = `${NOT_ISOLATED}; `;

  protected makeVenv(record: SandboxRecord, interpreter: Interpreter, paths: SandboxPaths): Promise<ExecResult> {
    return this.run(record, [interpreter.executable, '-m', 'venv', paths.venv], { timeoutMs: VENV_TIMEOUT_MS }, {});
  }

  exec(record: SandboxRecord, argv: readonly string[], options: ExecOptions = {}): Promise<ExecResult> {
    return this.run(record, argv, options, record.limits);
  }

  async spawn(record: SandboxRecord, argv: readonly string[], options: Pick<ExecOptions, 'cwd' | 'env'> = {}): Promise<SandboxProcess> {
    return spawnHostCommand(this.command(record, argv, options, record.limits));
  }

  async inspect(record: SandboxRecord): Promise<SandboxHealth> {
    const health = this.sandboxes.inspect(record, 'command(s)');
    return { ...health, reason: health.reason ? `${health.reason}; ${NOT_ISOLATED}` : NOT_ISOLATED };
  }

  private async run(record: SandboxRecord, argv: readonly string[], options: ExecOptions, limits: SandboxRecord['limits']): Promise<ExecResult> {
    const { signal, ...result } = await runHostCommand(this.command(record, argv, options, limits), options);
    const killedBy = signal === 'SIGXCPU' ? 'killed: CPU time limit reached' : signal === 'SIGKILL' && !result.reason ? 'killed (SIGKILL)' : undefined;
    const explained = killedBy ? { ...result, exitCode: null, reason: killedBy } : result;
    return explainExit(explained, { limits, oomKilled: false, addressSpaceLimited: limits.memoryBytes !== undefined, exitCodeCarriesSignal: false, suffix: NOT_ISOLATED });
  }

  terminalCommand(record: SandboxRecord): TerminalCommand {
    const command = this.command(record, ['/bin/sh', '-i'], { env: { PS1: `[not isolated] ${terminalPrompt(record.name)}` } }, record.limits);
    return { shellPath: command.argv[0], shellArgs: command.argv.slice(1), env: command.env as Record<string, string>, cwd: command.cwd };
  }

  private command(record: SandboxRecord, argv: readonly string[], options: ExecOptions, limits: SandboxRecord['limits']): HostCommand {
    const paths = this.sandboxes.requireExisting(record);
    const rlimits = prlimitPrefix({ limits, addressSpace: true, cpuSeconds: cpuSecondsFor(options.timeoutMs, limits, os.cpus().length) });
    const cwd = options.cwd === undefined ? paths.work : path.resolve(paths.work, options.cwd);
    if (!fs.existsSync(cwd)) throw new SandboxError(`Working directory ${cwd} does not exist (${NOT_ISOLATED})`);
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      VIRTUAL_ENV: paths.venv,
      PATH: `${path.join(paths.venv, 'bin')}${path.delimiter}${process.env.PATH ?? ''}`,
      ...options.env,
    };
    delete env.PYTHONHOME;
    return { argv: [...rlimits, ...argv], cwd, env, runDir: paths.run };
  }
}
