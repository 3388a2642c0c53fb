import type { DebugProtocol } from '@vscode/debugprotocol';
import type { SandboxProcess } from '../sandbox/engine';
import { DapMessageReader, encodeDapMessage } from './dapFraming';
import { PdbBridgeSession } from './pdb';

/** The debugger behind the proxy: debugpy's adapter in the sandbox, or the pdb bridge. */
export interface DapBackend {
  readonly kind: 'debugpy' | 'pdb';
  send(message: DebugProtocol.ProtocolMessage): void;
  onMessage(listener: (message: DebugProtocol.ProtocolMessage) => void): void;
  /** Resolves once the backend is gone: its exit code and the end of what it wrote to stderr. */
  readonly ended: Promise<{ exitCode: number | null; stderr: string }>;
  stop(): Promise<void>;
}

const STDERR_KEPT = 8192;

/** `python -m debugpy.adapter` inside the sandbox, speaking DAP over the process's stdio. */
export function debugpyBackend(process: SandboxProcess): DapBackend {
  let listener: (message: DebugProtocol.ProtocolMessage) => void = () => {};
  let stderr = '';
  const reader = new DapMessageReader((message) => listener(message), (error) => {
    stderr = `${stderr}\n${error.message}`.slice(-STDERR_KEPT);
  });
  process.stdout.on('data', (chunk: Buffer) => reader.push(chunk));
  process.stderr.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-STDERR_KEPT);
  });
  process.stdin.on('error', () => undefined);
  const ended = process.exited.then(
    ({ exitCode }) => ({ exitCode, stderr }),
    (error: unknown) => ({ exitCode: null, stderr: `${stderr}\n${error instanceof Error ? error.message : String(error)}` }),
  );
  return {
    kind: 'debugpy',
    send: (message) => {
      if (process.stdin.writable) process.stdin.write(encodeDapMessage(message));
    },
    onMessage: (next) => {
      listener = next;
    },
    ended,
    stop: async () => {
      process.stdin.end();
      await process.kill().catch(() => undefined);
    },
  };
}

export interface PdbBackendParts {
  /** Starts the bridge helper in the sandbox when the bridge receives `launch`. */
  spawnHelper(): Promise<SandboxProcess>;
  toSandbox(hostPath: string): string | undefined;
  toHost(sandboxPath: string): string | undefined;
  textToHost(text: string): string;
}

/** The pdb bridge (src/core/debug/pdb), run in this process, driving pdb inside the sandbox. */
export function pdbBackend(parts: PdbBackendParts): DapBackend {
  let listener: (message: DebugProtocol.ProtocolMessage) => void = () => {};
  let helper: SandboxProcess | undefined;
  let settle: (value: { exitCode: number | null; stderr: string }) => void = () => {};
  const ended = new Promise<{ exitCode: number | null; stderr: string }>((resolve) => (settle = resolve));
  const session = new PdbBridgeSession({
    start: async () => {
      helper = await parts.spawnHelper();
      void helper.exited.then(({ exitCode }) => settle({ exitCode, stderr: '' }), () => settle({ exitCode: null, stderr: '' }));
      return { process: helper, toSandbox: parts.toSandbox, toHost: parts.toHost, textToHost: parts.textToHost };
    },
  });
  session.onDidSendMessage((message: unknown) => listener(message as DebugProtocol.ProtocolMessage));
  return {
    kind: 'pdb',
    send: (message) => session.handleMessage(message),
    onMessage: (next) => {
      listener = next;
    },
    ended,
    stop: async () => {
      await helper?.kill().catch(() => undefined);
      settle({ exitCode: null, stderr: '' });
      session.dispose();
    },
  };
}
