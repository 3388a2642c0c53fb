import * as vscode from 'vscode';
import type { GateDirs, ValidateRequest } from '../../core/packages/gate/request';
import type { GateProgress, ValidationReport } from '../../core/packages/gate/report';
import { validatePackages } from '../../core/packages/gate/validatePackages';
import type { SandboxServices } from '../../core/sandbox/sandboxServices';
import { gateSettings } from './settings';
import type { VerdictIndex } from './verdictIndex';

/** A finished validation with the request that produced it: Install and Pin re-run it with those flags. */
export interface GateRun {
  request: ValidateRequest;
  report: ValidationReport;
  /** The file the run was about (a requirements file), for the interpreter lookup and for Pin. */
  resource?: vscode.Uri;
}

export type RequestInput = Pick<ValidateRequest, 'specs' | 'requirementFiles'> & Partial<ValidateRequest>;

export class GateCancelled extends Error {
  constructor() {
    super('validation cancelled');
  }
}

/** The request from the settings (`snakepit.gate.*`; empty index settings = pip's own configuration) and the given parts. */
export function buildRequest(input: RequestInput, resource?: vscode.Uri): ValidateRequest {
  const settings = gateSettings(resource);
  return {
    engine: settings.engine,
    runtime: settings.runtime,
    image: settings.image,
    indexUrl: settings.indexUrl,
    extraIndexUrls: settings.extraIndexUrls,
    findLinks: settings.findLinks,
    testScript: settings.testScript,
    indexOrigins: { indexUrl: 'the snakepit.gate.indexUrl setting', extraIndexUrls: 'the snakepit.gate.extraIndexUrls setting', findLinks: 'the snakepit.gate.findLinks setting' },
    install: false,
    pinHashes: false,
    noCache: false,
    ...input,
  };
}

function phaseText(progress: GateProgress): string {
  return `${progress.phase}${progress.package ? ` ${progress.package}` : ''}: ${progress.message}`;
}

function warnedNames(report: ValidationReport): string {
  return report.packages
    .filter((p) => p.verdict === 'warn')
    .map((p) => `${p.name} ${p.version} (score ${p.score})`)
    .join(', ');
}

interface RunningValidation {
  controller: AbortController;
  progress?: GateProgress;
}

/**
 * Runs the core gate under a cancellable progress notification that names the phase.
 * Cancel aborts the signal the core watches: it kills the sandbox commands and removes the sandboxes.
 */
export class GateRunner implements vscode.Disposable {
  private lastRun: GateRun | undefined;
  private running: RunningValidation | undefined;
  private readonly finished = new vscode.EventEmitter<GateRun>();
  readonly onDidValidate = this.finished.event;

  constructor(
    private readonly services: SandboxServices,
    private readonly dirs: GateDirs,
    private readonly verdicts: VerdictIndex,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  get last(): GateRun | undefined {
    return this.lastRun;
  }

  /** The latest progress of the validation under way, if one is. */
  get current(): GateProgress | undefined {
    return this.running?.progress;
  }

  /** What the notification's Cancel does, for the command palette: true when a validation was running. */
  cancel(): boolean {
    if (!this.running) return false;
    this.log.info('validation cancelled by the user');
    this.running.controller.abort(new GateCancelled());
    return true;
  }

  /** Throws GateCancelled when the user cancels, and the core's error when validation cannot run. */
  async run(request: ValidateRequest, title: string, resource?: vscode.Uri): Promise<GateRun> {
    if (this.running) throw new Error('another validation is running: wait for it, or stop it with "Snakepit: Cancel Validation"');
    this.log.info(`${title}: ${JSON.stringify({ ...request })}`);
    const started = Date.now();
    const report = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Snakepit: ${title}`, cancellable: true },
      async (progress, token) => {
        const controller = new AbortController();
        const running: RunningValidation = { controller };
        this.running = running;
        const cancel = token.onCancellationRequested(() => this.cancel());
        try {
          return await validatePackages(
            request,
            {
              signal: controller.signal,
              onProgress: (p) => {
                this.log.info(`[gate] ${phaseText(p)} (${p.elapsedMs} ms)`);
                running.progress = p;
                progress.report({ message: phaseText(p) });
              },
              confirmWarn: (r) => this.confirmWarn(r, request.install ? 'Install' : 'Pin'),
            },
            this.dirs,
            this.services,
          );
        } catch (error) {
          if (controller.signal.aborted) throw new GateCancelled();
          throw error;
        } finally {
          cancel.dispose();
          if (this.running === running) this.running = undefined;
        }
      },
    );
    this.log.info(`${title}: ${report.verdict} in ${Date.now() - started} ms — ${report.packages.map((p) => `${p.name} ${p.version} ${p.verdict} ${p.score}`).join(', ')}`);
    this.lastRun = { request, report, resource };
    await this.verdicts.reload();
    this.finished.fire(this.lastRun);
    return this.lastRun;
  }

  private async confirmWarn(report: ValidationReport, verb: 'Install' | 'Pin'): Promise<boolean> {
    const GO = `${verb} Anyway`;
    const declining = verb === 'Install' ? 'Declining installs nothing and leaves the environment as it is.' : 'Declining leaves the requirements file as it is.';
    const choice = await vscode.window.showWarningMessage(
      `Snakepit: ${warnedNames(report)} got a warn verdict. ${verb} anyway?`,
      { modal: true, detail: `Open the validation report to read the reasons first. ${declining}` },
      GO,
    );
    return choice === GO;
  }

  dispose(): void {
    this.finished.dispose();
  }
}
