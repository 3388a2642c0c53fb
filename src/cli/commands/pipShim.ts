import * as readline from 'node:readline/promises';
import { HistoryInstallRecorder } from '../../core/intercept/historyRecorder';
import { installLogFile } from '../../core/intercept/installRecorder';
import { gateSearchPath } from '../../core/intercept/realTool';
import { runIntercepted } from '../../core/intercept/runIntercepted';
import { gateSettings, resolveGateConfig } from '../../core/intercept/gateConfig';
import { SettingError } from '../../core/intercept/settings';
import type { GateProgress, ValidationReport } from '../../core/packages/gate/report';
import { SandboxError } from '../../core/sandbox/engine';
import { RequirementsInputError } from '../../core/packages/gate/requirementsInput';
import type { Command } from 'commander';
import { cacheDir, stateDir } from '../paths';
import { shimKindOf } from '../shimKind';

export { shimKindOf };


const progressLine = (p: GateProgress) => `snakepit: ${(p.elapsedMs / 1000).toFixed(1)}s ${p.phase} ${p.package ? `${p.package}: ` : ''}${p.message}\n`;

async function askOnTerminal(report: ValidationReport): Promise<boolean> {
  const prompt = readline.createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = await prompt.question(`snakepit: install ${report.packages.filter((p) => p.verdict === 'warn').map((p) => `${p.name} ${p.version}`).join(', ')} despite the WARN verdict? [y/N] `);
    return /^y(es)?$/i.test(answer.trim());
  } finally {
    prompt.close();
  }
}

/**
 * `snakepit pip …`, `snakepit uv …`, `snakepit python …` and what the shims run: the arguments are the
 * tool's, untouched (commander would read `--version`, `-h` and `--` itself), so main.ts routes here first.
 */
export async function runShimCommand(name: string, args: string[], given: NodeJS.ProcessEnv = process.env): Promise<number> {
  const env = { ...given };
  const kind = shimKindOf(name)!;
  let settings;
  try {
    settings = gateSettings(resolveGateConfig(process.cwd(), env));
  } catch (error) {
    if (!(error instanceof SettingError)) throw error;
    process.stderr.write(`snakepit: ${error.message}\n`);
    return 2;
  }
  // The gate runs in this process: its engines look up python3 on PATH (the real tool gets `env`, unchanged).
  process.env.PATH = gateSearchPath(env);
  const controller = new AbortController();
  const onSigint = () => controller.abort();
  process.once('SIGINT', onSigint);
  try {
    return await runIntercepted({
      kind,
      invokedAs: env.SNAKEPIT_SHIM_NAME || name,
      args,
      realTool: env.SNAKEPIT_SHIM_REAL || undefined,
      env,
      cwd: process.cwd(),
      dirs: { cacheDir: cacheDir(), stateDir: stateDir() },
      settings,
      recorder: new HistoryInstallRecorder(installLogFile(stateDir()), stateDir(), `snakepit ${kind} (intercepted)`),
      say: (text) => process.stderr.write(text),
      onProgress: env.SNAKEPIT_QUIET === '1' ? undefined : (p) => process.stderr.write(progressLine(p)),
      askWarn: process.stdin.isTTY && process.stderr.isTTY ? askOnTerminal : undefined,
      signal: controller.signal,
    });
  } catch (error) {
    if (controller.signal.aborted) {
      process.stderr.write('snakepit: cancelled; sandboxes and temporary files were removed, nothing was installed\n');
      return 130;
    }
    if (error instanceof RequirementsInputError || error instanceof SandboxError || error instanceof SettingError) {
      process.stderr.write(`snakepit: ${error.message}\n`);
      return 2;
    }
    throw error;
  } finally {
    process.removeListener('SIGINT', onSigint);
  }
}

/** Listed in `--help`; the arguments never reach commander (main.ts hands them to runShimCommand as typed). */
export function registerPipShims(program: Command): void {
  for (const [name, what] of [
    ['pip', 'pip with every install through the gate (`snakepit pip install six`); other pip commands run unchanged'],
    ['uv', '`uv pip install` and `uv add` through the gate; other uv commands run unchanged'],
    ['python', '`python -m pip install` through the gate; anything else runs the real interpreter unchanged'],
    ['pipx', '`pipx install` through the gate; other pipx commands run unchanged'],
  ] as const) {
    program
      .command(name)
      .description(what)
      .helpOption(false)
      .allowUnknownOption()
      .allowExcessArguments()
      .argument('[args...]')
      .action(async (args: string[]) => {
        process.exitCode = await runShimCommand(name, args);
      });
  }
}
