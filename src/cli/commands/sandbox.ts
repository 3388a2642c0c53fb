import { Command, Option } from 'commander';
import { classifyCommand } from '../../core/sandbox/commandSafety';
import type { EngineKind, NetworkMode, ResourceLimits, SandboxRecord } from '../../core/sandbox/engine';
import { ENGINE_CHOICES, SandboxError } from '../../core/sandbox/engine';
import { DOCKER_RUNTIME_CHOICES, type DockerRuntimeChoice, type DockerSandboxSpec } from '../../core/sandbox/docker';
import { formatBytes, parseSize } from '../../core/sandbox/parseSize';
import { createSandboxServices, type SandboxServices } from '../../core/sandbox/sandboxServices';
import { selectEngine, type EngineChoice } from '../../core/sandbox/selectEngine';
import { CliError } from '../exitCodes';
import { stateDir } from '../paths';

const DEFAULT_IMAGE = 'python:3.12-slim';

let services: SandboxServices | undefined;
function sandboxes(): SandboxServices {
  services ??= createSandboxServices(stateDir(), 'cli', {
    keepSnapshots: Number(process.env.SNAKEPIT_KEEP_SNAPSHOTS ?? 10),
    onWarning: (message) => process.stderr.write(`snakepit: warning: ${message}\n`),
  });
  return services;
}

/** Runs a subcommand body, turning sandbox errors into one-line CLI errors (exit 2). */
function action<A extends unknown[]>(body: (...args: A) => Promise<number | void>) {
  return async (...args: A) => {
    try {
      const code = await body(...args);
      if (typeof code === 'number') process.exitCode = code;
    } catch (error) {
      if (error instanceof SandboxError) throw new CliError(error.message);
      throw error;
    }
  };
}

function print(format: string, data: unknown, text: () => string): void {
  process.stdout.write(format === 'json' ? `${JSON.stringify(data, null, 2)}\n` : `${text()}\n`);
}

const formatOption = () => new Option('-f, --format <format>', 'output format').choices(['text', 'json']).default('text');

function positive(flag: string, value: string): number {
  const number = Number(value);
  if (!Number.isFinite(number) || number <= 0) throw new CliError(`${flag} must be a positive number, not "${value}"`);
  return number;
}

function parseLimits(flags: { cpus?: string; memory?: string; pids?: string }): ResourceLimits {
  const limits: ResourceLimits = {};
  if (flags.cpus) limits.cpus = positive('--cpus', flags.cpus);
  if (flags.pids) limits.pids = Math.floor(positive('--pids', flags.pids));
  if (flags.memory) {
    const bytes = parseSize(flags.memory);
    if (!bytes) throw new CliError(`--memory must be a size like 512m or 2g, not "${flags.memory}"`);
    limits.memoryBytes = bytes;
  }
  return limits;
}

/** `NAME:path` → a sandbox path; anything else is a host path. */
function parseLocation(text: string): { sandbox?: string; path: string } {
  const match = /^([a-z0-9][a-z0-9_.-]{0,62}):(.+)$/.exec(text);
  return match ? { sandbox: match[1], path: match[2] } : { path: text };
}

async function listJson(records: SandboxRecord[]) {
  const { manager } = sandboxes();
  return Promise.all(
    records.map(async (r) => ({
      name: r.name,
      engine: r.engine,
      image: r.image,
      state: (await manager.health(r)).state,
      createdAt: r.createdAt,
      snapshots: r.snapshots.map((s) => ({ id: s.id, label: s.label, createdAt: s.createdAt })),
    })),
  );
}

export function registerSandbox(program: Command): void {
  const sandbox = program.command('sandbox').description('create and use sandboxes: docker containers, bubblewrap or plain venvs');

  sandbox
    .command('create')
    .description('create and start a sandbox')
    .argument('[name]', 'a name (default: generated)')
    .addOption(new Option('--engine <engine>', 'sandbox engine').choices([...ENGINE_CHOICES]).default('auto'))
    .option('--image <image>', `docker image, or Python interpreter for bubblewrap/venv (default ${DEFAULT_IMAGE} / python3)`)
    .option('--cpus <n>', 'CPUs it may use, e.g. 1.5')
    .option('--memory <size>', 'memory limit, e.g. 512m')
    .option('--pids <n>', 'process limit')
    .addOption(new Option('--network <mode>', 'network access').choices(['none', 'bridge']).default('none'))
    .addOption(
      new Option('--runtime <runtime>', 'docker runtime: runc, runsc (gVisor: a kernel in user space between the code and the host) or auto (runsc where dockerd has it)')
        .choices([...DOCKER_RUNTIME_CHOICES])
        .default('runc'),
    )
    .action(
      action(async (name: string | undefined, flags: { engine: EngineChoice; image?: string; cpus?: string; memory?: string; pids?: string; network: NetworkMode; runtime: DockerRuntimeChoice }) => {
        const { engines, manager } = sandboxes();
        const { engine, reason } = await selectEngine(flags.engine, engines, { runtime: flags.runtime, setting: '--runtime', network: flags.network });
        process.stderr.write(`engine: ${reason}\n`);
        const spec: Omit<DockerSandboxSpec, 'name'> & { name?: string } = { name, image: flags.image, limits: parseLimits(flags), network: flags.network, purpose: 'user' };
        Object.assign(spec, { runtime: flags.runtime, runtimeSetting: '--runtime' });
        const record = await manager.create(engine.kind as EngineKind, spec);
        process.stdout.write(`${record.name}\n`);
      }),
    );

  sandbox
    .command('ls')
    .description('list sandboxes')
    .addOption(formatOption())
    .action(
      action(async (flags: { format: string }) => {
        const { engines, manager } = sandboxes();
        const rows = await listJson(await manager.list());
        const notIsolated = (engine: string) => engines[engine as EngineKind]?.isolated === false;
        print(flags.format, rows, () =>
          rows.length === 0
            ? 'no sandboxes (create one with `snakepit sandbox create`)'
            : rows.map((r) => `${r.name}\t${r.engine}${notIsolated(r.engine) ? ' (not isolated)' : ''}\t${r.image}\t${r.state}\t${r.snapshots.length} snapshot(s)\t${r.createdAt}`).join('\n'),
        );
      }),
    );

  sandbox
    .command('exec')
    .description('run a command in a sandbox; its exit code passes through')
    .argument('<name>')
    .argument('<command...>', 'the command and its arguments (after --)')
    .option('--timeout <seconds>', 'kill the command after this many seconds')
    .option('--force', 'run a command classified as dangerous without asking')
    .action(
      action(async (name: string, command: string[], flags: { timeout?: string; force?: boolean }) => {
        const risks = classifyCommand(command);
        if (risks.length > 0 && !flags.force) {
          throw new CliError(`refusing to run "${command.join(' ')}": it ${risks.map((r) => r.reason).join(', and ')}. Add --force to run it anyway`);
        }
        const result = await sandboxes().manager.exec(name, command, {
          timeoutMs: flags.timeout ? positive('--timeout', flags.timeout) * 1000 : undefined,
          onStdout: (chunk) => process.stdout.write(chunk),
          onStderr: (chunk) => process.stderr.write(chunk),
        });
        if (result.timedOut) process.stderr.write(`snakepit: the command was killed after ${flags.timeout} s\n`);
        return result.exitCode ?? 137;
      }),
    );

  sandbox
    .command('cp')
    .description('copy files between the host and a sandbox (NAME:path for the sandbox side)')
    .argument('<source>')
    .argument('<destination>')
    .action(
      action(async (source: string, destination: string) => {
        const from = parseLocation(source);
        const to = parseLocation(destination);
        const { manager } = sandboxes();
        if (from.sandbox && !to.sandbox) await manager.copyOut(from.sandbox, from.path, to.path);
        else if (!from.sandbox && to.sandbox) await manager.copyIn(to.sandbox, from.path, to.path);
        else throw new CliError('exactly one side of `sandbox cp` must be NAME:path (e.g. `snakepit sandbox cp app.py box:/work/app.py`)');
      }),
    );

  sandbox
    .command('snapshot')
    .description('take a snapshot of a sandbox')
    .argument('<name>')
    .option('--label <label>', 'a label for the snapshot')
    .action(
      action(async (name: string, flags: { label?: string }) => {
        const snapshot = await sandboxes().manager.snapshot(name, flags.label);
        process.stdout.write(`${snapshot.id}\t${snapshot.label}\n`);
      }),
    );

  sandbox
    .command('snapshots')
    .description("list a sandbox's snapshots")
    .argument('<name>')
    .addOption(formatOption())
    .action(
      action(async (name: string, flags: { format: string }) => {
        const record = await sandboxes().manager.get(name);
        const rows = record.snapshots.map((s) => ({ id: s.id, label: s.label, createdAt: s.createdAt }));
        print(flags.format, rows, () => (rows.length ? rows.map((s) => `${s.id}\t${s.label}\t${s.createdAt}`).join('\n') : `no snapshots of ${name}`));
      }),
    );

  sandbox
    .command('rollback')
    .description('restore a sandbox to a snapshot (default: the latest)')
    .argument('<name>')
    .argument('[snapshot]', 'snapshot id or label')
    .action(
      action(async (name: string, snapshot?: string) => {
        const restored = await sandboxes().manager.rollback(name, snapshot);
        process.stderr.write(`${name} rolled back to ${restored.id} (${restored.label})\n`);
      }),
    );

  sandbox
    .command('stats')
    .description('live resource use of a sandbox')
    .argument('<name>')
    .addOption(formatOption())
    .action(
      action(async (name: string, flags: { format: string }) => {
        const stats = await sandboxes().manager.stats(name);
        print(flags.format, stats, () =>
          [
            `cpu     ${stats.cpuPercent.toFixed(1)} %`,
            `memory  ${formatBytes(stats.memoryBytes)}${stats.memoryLimitBytes ? ` of ${formatBytes(stats.memoryLimitBytes)}` : ''}`,
            `pids    ${stats.pids}`,
            `block   read ${formatBytes(stats.blockReadBytes)}, written ${formatBytes(stats.blockWriteBytes)}`,
            `network received ${formatBytes(stats.networkRxBytes)}, sent ${formatBytes(stats.networkTxBytes)}`,
          ].join('\n'),
        );
      }),
    );

  sandbox
    .command('rm')
    .description('destroy sandboxes and everything they made')
    .argument('<names...>')
    .action(
      action(async (names: string[]) => {
        await sandboxes().manager.remove(names);
      }),
    );

  sandbox
    .command('prune')
    .description('remove ephemeral sandboxes whose owner process is gone, and orphaned resources')
    .action(
      action(async () => {
        const removed = await sandboxes().manager.prune();
        process.stderr.write(removed.length ? `removed: ${removed.join(', ')}\n` : 'nothing to prune\n');
      }),
    );
}


