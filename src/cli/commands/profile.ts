import * as path from 'node:path';
import { Command, Option } from 'commander';
import { SANDBOX_DEPENDENCIES_CHOICES, type SandboxDependenciesChoice } from '../../core/debug/launchConfig';
import { functionLabel, hottest, profileInSandbox, type ProfileRun } from '../../core/debug/profile';
import { findPythonHelpersDir } from '../../core/pythonHelpers';
import { ENGINE_CHOICES, SandboxError } from '../../core/sandbox/engine';
import { createSandboxServices } from '../../core/sandbox/sandboxServices';
import type { EngineChoice } from '../../core/sandbox/selectEngine';
import { CliError } from '../exitCodes';
import { cacheDir, stateDir } from '../paths';

interface ProfileFlags {
  engine: EngineChoice;
  image?: string;
  workspace?: string;
  format: 'text' | 'json';
  top: string;
  timeout?: string;
  dependencies: SandboxDependenciesChoice;
}

export function registerProfile(program: Command): void {
  program
    .command('profile')
    .description('run a Python file under cProfile in an ephemeral sandbox (network none, workspace read-only) and print the hottest functions')
    .argument('<file>', 'the Python file')
    .argument('[args...]', 'arguments for the program (after --)')
    .addOption(new Option('--engine <engine>', 'sandbox engine').choices([...ENGINE_CHOICES]).default('auto'))
    .option('--image <image>', 'docker image (default: the engine default)')
    .option('--workspace <dir>', 'directory mounted read-only into the sandbox (default: the current directory if it holds the file, else the file\'s directory)')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('--top <n>', 'functions listed in text output', '20')
    .option('--timeout <seconds>', 'stop the program after this long')
    .addOption(
      new Option('--dependencies <what>', "workspace: install the verified wheels of the workspace's .venv from the gate's cache (no index); none: the sandbox's own packages only")
        .choices([...SANDBOX_DEPENDENCIES_CHOICES])
        .default('workspace'),
    )
    .action(async (file: string, args: string[], flags: ProfileFlags) => {
      const program = path.resolve(file);
      const workspace = path.resolve(flags.workspace ?? (program.startsWith(process.cwd() + path.sep) ? process.cwd() : path.dirname(program)));
      const top = Number(flags.top);
      if (!Number.isInteger(top) || top < 1) throw new CliError(`--top ${flags.top} is not a positive whole number`);
      const timeoutMs = flags.timeout === undefined ? undefined : Number(flags.timeout) * 1000;
      if (timeoutMs !== undefined && !(timeoutMs > 0)) throw new CliError(`--timeout ${flags.timeout} is not a positive number of seconds`);
      const controller = new AbortController();
      const onInterrupt = () => controller.abort();
      process.once('SIGINT', onInterrupt);
      let run: ProfileRun;
      try {
        run = await profileInSandbox(createSandboxServices(stateDir(), 'cli'), {
          program,
          args,
          workspaceFolder: workspace,
          helpersDir: findPythonHelpersDir(),
          engine: flags.engine,
          image: flags.image,
          timeoutMs,
          gateDirs: { stateDir: stateDir(), cacheDir: cacheDir() },
          dependencies: flags.dependencies,
          signal: controller.signal,
          onProgress: (message) => process.stderr.write(`snakepit: ${message}\n`),
          // The program's own output goes to stderr so stdout stays the report.
          onOutput: (text) => process.stderr.write(text),
        });
      } catch (error) {
        if (error instanceof SandboxError || error instanceof Error) throw new CliError(error.message);
        throw error;
      } finally {
        process.off('SIGINT', onInterrupt);
      }
      if (flags.format === 'json') {
        process.stdout.write(`${JSON.stringify({ engine: run.engine, ...run.report }, null, 2)}\n`);
        return;
      }
      const { report } = run;
      const lines = [
        `${path.relative(process.cwd(), program) || program}: exit code ${report.exitCode}, ${report.wallTime.toFixed(3)} s, ${report.functions.length} functions (${run.engine})`,
        '',
        `${'ncalls'.padStart(12)} ${'tottime'.padStart(10)} ${'cumtime'.padStart(10)}  function`,
        ...hottest(report, top).map((fn) => {
          const calls = fn.calls === fn.primitiveCalls ? String(fn.calls) : `${fn.calls}/${fn.primitiveCalls}`;
          return `${calls.padStart(12)} ${fn.tottime.toFixed(6).padStart(10)} ${fn.cumtime.toFixed(6).padStart(10)}  ${functionLabel(fn)}`;
        }),
      ];
      process.stdout.write(`${lines.join('\n')}\n`);
    });
}
