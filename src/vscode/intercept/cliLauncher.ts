import * as path from 'node:path';
import type { ShimLauncher } from '../../core/intercept/shims';

/** The runtime the extension host runs on: node under code-server and in tests, Electron on the desktop. */
export interface HostRuntime {
  execPath: string;
  electron?: string;
}

/**
 * How the shims start the extension's own bundled CLI (dist/cli.js beside dist/extension.js), so terminals
 * need no separate install of `snakepit`. On the desktop the only runtime at hand is VS Code's Electron, which
 * runs as node with ELECTRON_RUN_AS_NODE=1; SNAKEPIT_SHIM_ELECTRON tells the CLI to take that variable away from
 * the real pip or python it starts.
 */
export function bundledCliLauncher(extensionPath: string, runtime: HostRuntime = { execPath: process.execPath, electron: process.versions.electron }): ShimLauncher {
  return {
    node: runtime.execPath,
    cli: path.join(extensionPath, 'dist', 'cli.js'),
    ...(runtime.electron ? { env: { ELECTRON_RUN_AS_NODE: '1', SNAKEPIT_SHIM_ELECTRON: '1' } } : {}),
  };
}
