import * as path from 'node:path';
import * as vscode from 'vscode';

export const DEBUG_TYPE = 'snakepit';

/** The launch configuration F5 uses on a Python file when there is no launch.json. */
export function currentFileConfiguration(program = '${file}'): vscode.DebugConfiguration {
  return { type: DEBUG_TYPE, request: 'launch', name: 'Snakepit: Current File in Sandbox', program, console: 'internalConsole' };
}

/** Fills in what a `snakepit` configuration leaves out: the program, the mounted folder, the engine and image from the settings. */
export class SnakepitConfigurationProvider implements vscode.DebugConfigurationProvider {
  provideDebugConfigurations(): vscode.DebugConfiguration[] {
    return [currentFileConfiguration()];
  }

  resolveDebugConfiguration(folder: vscode.WorkspaceFolder | undefined, config: vscode.DebugConfiguration): vscode.DebugConfiguration | undefined {
    if (!config.type && !config.request && !config.name) {
      const editor = vscode.window.activeTextEditor;
      if (editor?.document.languageId !== 'python') {
        void vscode.window.showErrorMessage('Snakepit: open a Python file to debug it in a sandbox, or add a "snakepit" configuration to launch.json.');
        return undefined;
      }
      config = currentFileConfiguration();
    }
    config.type = DEBUG_TYPE;
    config.request ||= 'launch';
    config.name ||= 'Snakepit: Current File in Sandbox';
    if (config.request === 'launch' && !config.program && !config.module) config.program = '${file}';
    const settings = vscode.workspace.getConfiguration('snakepit.sandbox', folder?.uri);
    const sandbox = { ...(config.sandbox ?? {}) };
    if (!sandbox.name) {
      sandbox.engine ??= settings.get<string>('engine', 'auto');
      const image = settings.inspect<string>('image');
      const chosenImage = image?.workspaceFolderValue ?? image?.workspaceValue ?? image?.globalValue;
      if (!sandbox.image && chosenImage) sandbox.containerImage ??= chosenImage;
      sandbox.dependencies ??= settings.get<string>('dependencies', 'workspace');
    }
    config.sandbox = sandbox;
    if (!config.workspaceFolder && folder) config.workspaceFolder = folder.uri.fsPath;
    // The program's output only reaches the Debug Console: open it, also for Run Without Debugging (Ctrl+F5).
    config.internalConsoleOptions ??= 'openOnSessionStart';
    return config;
  }

  /** After ${file} and friends are substituted: a program outside any workspace folder mounts its own folder. */
  resolveDebugConfigurationWithSubstitutedVariables(_folder: vscode.WorkspaceFolder | undefined, config: vscode.DebugConfiguration): vscode.DebugConfiguration {
    if (!config.workspaceFolder && typeof config.program === 'string' && config.program) {
      config.workspaceFolder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(config.program))?.uri.fsPath ?? path.dirname(config.program);
    }
    return config;
  }
}
