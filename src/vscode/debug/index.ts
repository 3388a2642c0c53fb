import * as vscode from 'vscode';
import { SandboxDebugSession } from '../../core/debug/sandboxDebugSession';
import { findPythonHelpersDir } from '../../core/pythonHelpers';
import type { SandboxServices } from '../../core/sandbox/sandboxServices';
import { gateDirs } from '../packages';
import { currentFileConfiguration, DEBUG_TYPE, SnakepitConfigurationProvider } from './configurationProvider';
import { registerDependenciesNotice } from './dependenciesNotice';
import { InlineSandboxAdapter } from './inlineAdapter';

/**
 * The `snakepit` debug type: configuration provider, an inline adapter around the core
 * session (sharing the extension's sandbox services), and "Debug File in Sandbox".
 */
export function registerDebugging(context: vscode.ExtensionContext, log: vscode.LogOutputChannel, services: SandboxServices): void {
  const stateDir = context.globalStorageUri.fsPath;
  const helpersDir = (() => {
    try {
      return findPythonHelpersDir(context.extensionPath + '/dist');
    } catch {
      return undefined;
    }
  })();
  const provider = new SnakepitConfigurationProvider();
  context.subscriptions.push(
    vscode.debug.registerDebugConfigurationProvider(DEBUG_TYPE, provider),
    vscode.debug.registerDebugConfigurationProvider(DEBUG_TYPE, { provideDebugConfigurations: () => provider.provideDebugConfigurations() }, vscode.DebugConfigurationProviderTriggerKind.Dynamic),
    vscode.debug.registerDebugAdapterDescriptorFactory(DEBUG_TYPE, {
      createDebugAdapterDescriptor: (session) => {
        log.info(`debug session "${session.name}": ${JSON.stringify({ program: session.configuration.program, module: session.configuration.module, sandbox: session.configuration.sandbox })}`);
        const core = new SandboxDebugSession({ services, stateDir, actor: 'vscode', helpersDir, gateDirs: gateDirs(context) });
        return new vscode.DebugAdapterInlineImplementation(new InlineSandboxAdapter(core));
      },
    }),
    registerDependenciesNotice(),
    vscode.debug.onDidTerminateDebugSession((session) => {
      if (session.type === DEBUG_TYPE) void vscode.commands.executeCommand('snakepit.sandbox.refresh').then(undefined, () => undefined);
    }),
    vscode.commands.registerCommand('snakepit.debug.debugFile', async (uri?: vscode.Uri) => {
      const target = uri ?? vscode.window.activeTextEditor?.document.uri;
      if (!target || target.scheme !== 'file') {
        void vscode.window.showErrorMessage('Snakepit: Debug File in Sandbox needs a Python file saved on disk.');
        return false;
      }
      const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === target.toString());
      if (document?.isDirty) await document.save();
      return vscode.debug.startDebugging(vscode.workspace.getWorkspaceFolder(target), { ...currentFileConfiguration(target.fsPath), name: 'Snakepit: Debug File in Sandbox' });
    }),
  );
}
