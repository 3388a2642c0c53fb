import type { DidChangePackagesEventArgs, Package, PackageChangeKind, PackageManagementOptions, PackageManager, PythonEnvironment, PythonEnvironmentApi } from '@vscode/python-environments';
import type * as vscode from 'vscode';
import { shimInvocation, type ShimLauncher } from '../../core/intercept/shims';
import { runProcess } from '../../core/packages/target/runProcess';

/** The Python Environments extension; optional: without it nothing here runs. */
export const PYTHON_ENVS_EXTENSION = 'ms-python.vscode-python-envs';
/** Its id there is `snakepit.snakepit:pip` (`python-envs.defaultPackageManager`). */
export const GATED_PIP_NAME = 'pip';

export type PythonEnvsApi = Pick<PythonEnvironmentApi, 'registerPackageManager' | 'createPackageItem'>;

export interface GatedPipOptions {
  launcher: ShimLauncher;
  extensionId: string;
  /** The directory the gate reads the project's `[tool.snakepit.gate]` from, for an environment. */
  cwdFor: (environment: PythonEnvironment) => string;
  log: { info(line: string): void; error(line: string): void };
  /** Created by the caller (vscode.EventEmitter): this module runs without VS Code in the unit tests. */
  changes: { event: vscode.Event<DidChangePackagesEventArgs>; fire(change: DidChangePackagesEventArgs): void };
  withProgress: <T>(title: string, task: () => Promise<T>) => PromiseLike<T>;
  /** Asked when the gate's verdict is WARN: true installs anyway. */
  confirmWarn: (question: string, detail: string) => PromiseLike<boolean>;
}

/** Registers {@link GatedPip} with the Python Environments extension's API; dispose to unregister. */
export function registerGatedPip(api: PythonEnvsApi, options: GatedPipOptions): { manager: GatedPip; registration: vscode.Disposable } {
  const manager = new GatedPip(api, options);
  return { manager, registration: api.registerPackageManager(manager, { extensionId: options.extensionId }) };
}

/**
 * A package manager for the Python Environments extension whose installs are `python -m pip install` through the
 * gate (the CLI the terminal shims run): its Packages view, and agents' install tools, get only verified files.
 * Uninstalls and the package list are pip's own.
 */
export class GatedPip implements PackageManager {
  readonly name = GATED_PIP_NAME;
  readonly displayName = 'pip (Snakepit gate)';
  readonly description = 'pip, with every install validated by the Snakepit package gate first';
  readonly onDidChangePackages: vscode.Event<DidChangePackagesEventArgs>;

  constructor(
    private readonly api: Pick<PythonEnvironmentApi, 'createPackageItem'>,
    private readonly options: GatedPipOptions,
  ) {
    this.onDidChangePackages = options.changes.event;
  }

  async manage(environment: PythonEnvironment, request: PackageManagementOptions): Promise<void> {
    const before = await this.getPackages(environment).catch(() => undefined);
    try {
      if (request.uninstall?.length) await this.pip(environment, `Uninstalling ${request.uninstall.join(', ')}`, ['uninstall', '--yes', ...request.uninstall]);
      if (request.install?.length) await this.pip(environment, `Validating and installing ${request.install.join(', ')}`, ['install', ...(request.upgrade ? ['--upgrade'] : []), ...request.install]);
    } finally {
      if (before) await this.announceChanges(environment, before);
    }
  }

  async refresh(environment: PythonEnvironment): Promise<void> {
    await this.getPackages(environment);
  }

  async getPackages(environment: PythonEnvironment): Promise<Package[] | undefined> {
    const result = await runProcess(interpreter(environment), ['-m', 'pip', 'list', '--format=json', '--disable-pip-version-check'], { timeoutMs: 120_000 });
    if (result.exitCode !== 0) {
      this.options.log.error(`pip list in ${environment.sysPrefix} failed (exit ${result.exitCode}): ${result.stderr.trim()}`);
      return undefined;
    }
    return (JSON.parse(result.stdout) as Array<{ name: string; version: string }>).map((p) => this.api.createPackageItem({ name: p.name, displayName: p.name, version: p.version }, environment, this));
  }

  /**
   * `python -m pip …` of the environment's interpreter, through `snakepit python`: installs are gated, the rest passes
   * through. A WARN verdict is put to the user (the CLI has no terminal to ask on); yes runs it again allowing warnings,
   * which reuses the verdict of the same files.
   */
  private async pip(environment: PythonEnvironment, title: string, args: string[]): Promise<void> {
    this.options.log.info(`${title} in ${environment.sysPrefix} (python -m pip ${args.join(' ')})`);
    let result = await this.runCli(environment, title, args, {});
    if (result.code === 1 && result.lines.some((l) => WARN_REFUSAL.test(l))) {
      const warned = result.lines.filter((l) => /^\s+! /.test(l)).map((l) => l.replace(/^\s+! /, '').replace(/: WARN (\(score \d+\))$/, ' $1'));
      const reasons = result.lines.filter((l) => /^\s{6}SPK\d+/.test(l)).map((l) => l.trim());
      if (await this.options.confirmWarn(`Install ${warned.join(', ') || 'these packages'} despite the gate's WARN verdict?`, reasons.join('\n'))) {
        result = await this.runCli(environment, title, args, { SNAKEPIT_ALLOW_WARN: '1' });
      }
    }
    if (result.code !== 0) throw new Error(`Snakepit: ${failureSummary(result.lines, result.code)} (the Snakepit log has the verdict and the report's path)`);
  }

  private async runCli(environment: PythonEnvironment, title: string, args: string[], extraEnv: Record<string, string>): Promise<{ code: number | null; lines: string[] }> {
    const run = shimInvocation(this.options.launcher, 'python', interpreter(environment), ['-m', 'pip', ...args]);
    const lines: string[] = [];
    const result = await this.options.withProgress(title, () =>
      runProcess(run.file, run.args, {
        cwd: this.options.cwdFor(environment),
        env: { ...process.env, ...run.env, ...extraEnv },
        onLine: (line) => {
          lines.push(line);
          this.options.log.info(line);
        },
      }),
    );
    return { code: result.exitCode, lines };
  }

  private async announceChanges(environment: PythonEnvironment, before: Package[]): Promise<void> {
    const after = await this.getPackages(environment).catch(() => undefined);
    if (!after) return;
    const key = (p: Package) => `${p.name.toLowerCase()}==${p.version}`;
    const had = new Set(before.map(key));
    const has = new Set(after.map(key));
    const changes = [
      ...before.filter((p) => !has.has(key(p))).map((pkg) => ({ kind: 'remove' as PackageChangeKind, pkg })),
      ...after.filter((p) => !had.has(key(p))).map((pkg) => ({ kind: 'add' as PackageChangeKind, pkg })),
    ];
    if (changes.length) this.options.changes.fire({ environment, manager: this, changes });
  }
}

/** What the CLI says when it did not install because a WARN verdict could not be confirmed (src/core/intercept/gatedInstall.ts). */
const WARN_REFUSAL = /^snakepit: not installed: the verdict is WARN/;

function interpreter(environment: PythonEnvironment): string {
  return environment.execInfo.run.executable;
}

/** The gate's own conclusion (the failed packages, `refused …`, `not installed …`), else pip's last words. */
function failureSummary(lines: string[], exitCode: number | null): string {
  const failed = lines.filter((l) => /^\s+✗ /.test(l)).map((l) => l.replace(/^\s+✗ /, ''));
  const verdict = lines.find((l) => /^snakepit: (refused|not installed|cannot read|cancelled)/.test(l));
  const said = verdict ? [...failed, verdict.replace(/^snakepit: /, '')].join('; ') : (lines.filter((l) => l.trim()).at(-1) ?? 'pip failed');
  return `${said} (exit ${exitCode})`;
}
