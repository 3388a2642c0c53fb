import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';

interface PythonExtensionApi {
  environments?: { getActiveEnvironmentPath?: (resource?: vscode.Uri) => { path?: string } | undefined };
}

export interface TargetInterpreter {
  python: string;
  /** Where it came from, for the log and messages. */
  source: string;
}

function venvPython(root: string): string | undefined {
  for (const candidate of [path.join(root, '.venv', 'bin', 'python'), path.join(root, '.venv', 'Scripts', 'python.exe')]) {
    if (fs.existsSync(candidate)) return candidate;
  }
  return undefined;
}

async function fromPythonExtension(resource: vscode.Uri | undefined): Promise<string | undefined> {
  const extension = vscode.extensions.getExtension<PythonExtensionApi>('ms-python.python');
  if (!extension) return undefined;
  const api = extension.isActive ? extension.exports : await extension.activate();
  return api?.environments?.getActiveEnvironmentPath?.(resource)?.path || undefined;
}

/**
 * The environment validated packages are installed into: the interpreter selected in the Python
 * extension when it is installed, else `snakepit.python.interpreter`, else the workspace's `.venv`.
 */
export async function resolveTargetInterpreter(resource?: vscode.Uri): Promise<TargetInterpreter | undefined> {
  try {
    const selected = await fromPythonExtension(resource);
    if (selected) return { python: selected, source: 'the interpreter selected in the Python extension' };
  } catch {
    // The Python extension failed to activate: fall through to the setting.
  }
  const configured = vscode.workspace.getConfiguration('snakepit.python', resource).get<string>('interpreter', '').trim();
  if (configured) return { python: configured, source: 'the snakepit.python.interpreter setting' };
  const folder = (resource && vscode.workspace.getWorkspaceFolder(resource)) ?? vscode.workspace.workspaceFolders?.[0];
  const venv = folder && venvPython(folder.uri.fsPath);
  return venv ? { python: venv, source: "the workspace's .venv" } : undefined;
}
