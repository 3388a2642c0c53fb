// `node dist/debugAdapter.js`: the `snakepit` debug adapter as a DAP server on stdin/stdout,
// for DAP clients other than VS Code and for tests. State (sandbox records, audit log, the
// debugpy cache, the gate's history) lives where the CLI keeps it, or in SNAKEPIT_STATE_DIR.
import { cacheDir as cliCacheDir, stateDir as cliStateDir } from './cli/paths';
import { DapMessageReader, encodeDapMessage } from './core/debug/dapFraming';
import { SandboxDebugSession } from './core/debug/sandboxDebugSession';
import { findPythonHelpersDir } from './core/pythonHelpers';
import { createSandboxServices } from './core/sandbox/sandboxServices';

function helpersDir(): string | undefined {
  try {
    return findPythonHelpersDir();
  } catch {
    return undefined;
  }
}

function main(): void {
  const stateDir = process.env.SNAKEPIT_STATE_DIR || cliStateDir();
  const services = createSandboxServices(stateDir, 'debug-adapter', { onWarning: (message) => process.stderr.write(`snakepit: ${message}\n`) });
  // The gate's verdicts and wheels are the CLI's: the workspace environment's verified packages come from there.
  const session = new SandboxDebugSession({ services, stateDir, actor: 'debug-adapter', helpersDir: helpersDir(), gateDirs: { stateDir, cacheDir: cliCacheDir() } });
  session.onDidSendMessage((message) => process.stdout.write(encodeDapMessage(message)));
  const reader = new DapMessageReader(
    (message) => session.handleMessage(message),
    (error) => process.stderr.write(`snakepit debug adapter: ${error.message}\n`),
  );
  process.stdin.on('data', (chunk: Buffer) => reader.push(chunk));
  let exiting = false;
  const shutdown = () => {
    if (exiting) return;
    exiting = true;
    session.dispose();
    void session.finished.finally(() => process.exit(0));
  };
  process.stdin.on('end', shutdown);
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
}

main();
