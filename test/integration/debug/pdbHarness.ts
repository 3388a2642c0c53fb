import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { PathMapper } from '../../../src/core/debug/pathMapper';
import { PdbBridgeSession, pdbBridgeCommand, type PdbLaunchArguments } from '../../../src/core/debug/pdb';
import { BubblewrapEngine } from '../../../src/core/sandbox/bubblewrap';
import { DockerEngine } from '../../../src/core/sandbox/docker';
import type { Engine, EngineKind, SandboxRecord } from '../../../src/core/sandbox/engine';
import { findPythonHelpersDir } from '../../../src/core/pythonHelpers';

export const IMAGE = process.env.SNAKEPIT_TEST_IMAGE ?? 'snakepit/python:bookworm';
const WORKSPACE_IN_SANDBOX = '/work/workspace';
const HELPERS_IN_SANDBOX = '/tmp/snakepit-python';

/**
 * The pdb bridge session served in-process over TCP (DebugClient's server mode), each launch in a
 * fresh sandbox of the chosen real engine that the session removes when it ends — as the extension does.
 */
export class PdbBridgeHarness {
  readonly sandboxes: SandboxRecord[] = [];
  readonly disposals: Promise<void>[] = [];
  private server: net.Server | undefined;
  private serial = 0;
  readonly prefix = `pdbit-${process.pid}`;

  constructor(
    readonly engine: Engine,
    readonly workspace: string,
    /** bubblewrap: the engine's state directory, removed by close(). */
    private readonly stateDir?: string,
  ) {}

  static async create(kind: EngineKind, workspace: string): Promise<PdbBridgeHarness> {
    const stateDir = kind === 'bubblewrap' ? fs.mkdtempSync(path.join(os.tmpdir(), 'snakepit-pdb-bwrap-')) : undefined;
    const engine = stateDir ? new BubblewrapEngine(stateDir) : new DockerEngine(undefined, `pdbit-${process.pid}`);
    const availability = await engine.available();
    if (!availability.ok) throw new Error(`${kind} is not available: ${availability.reason}`);
    if (stateDir) {
      // The first bubblewrap sandbox builds the engine's venv template (seconds); keep that out of the timed tests.
      await engine.destroy(await engine.create({ name: `pdbit-${process.pid}-warmup`, purpose: 'debug' }));
    }
    return new PdbBridgeHarness(engine, workspace, stateDir);
  }

  async client(): Promise<DebugClient> {
    if (!this.server) {
      this.server = net.createServer((socket) => {
        const session = new PdbBridgeSession({ start: (args) => this.startTarget(args) });
        session.setRunAsServer(true);
        session.start(socket, socket);
      });
      await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    }
    const client = new DebugClient('node', 'unused', 'snakepit');
    client.defaultTimeout = 60_000;
    await client.start((this.server.address() as net.AddressInfo).port);
    return client;
  }

  private async startTarget(_args: PdbLaunchArguments) {
    const mapper = new PathMapper([{ hostRoot: this.workspace, sandboxRoot: WORKSPACE_IN_SANDBOX }]);
    const record = await this.engine.create({
      name: `${this.prefix}-${++this.serial}`,
      image: this.engine.kind === 'docker' ? IMAGE : undefined,
      purpose: 'debug',
      network: 'none',
      mounts: [
        { hostPath: this.workspace, sandboxPath: WORKSPACE_IN_SANDBOX, readOnly: true },
        { hostPath: findPythonHelpersDir(), sandboxPath: HELPERS_IN_SANDBOX, readOnly: true },
      ],
    });
    this.sandboxes.push(record);
    const command = pdbBridgeCommand(HELPERS_IN_SANDBOX);
    const process = await this.engine.spawn(record, command.argv, { cwd: WORKSPACE_IN_SANDBOX, env: command.env }).catch(async (error: unknown) => {
      await this.engine.destroy(record);
      throw error;
    });
    let resolveDisposed!: () => void;
    this.disposals.push(new Promise<void>((resolve) => (resolveDisposed = resolve)));
    return {
      process,
      toSandbox: (p: string) => mapper.toSandbox(p),
      toHost: (p: string) => mapper.toHost(p),
      textToHost: (text: string) => mapper.textToHost(text),
      dispose: async () => {
        try {
          await this.engine.destroy(record);
        } finally {
          resolveDisposed();
        }
      },
    };
  }

  /** Waits for every session's cleanup; returns the names of this run's sandboxes the engine still holds. */
  async leftovers(): Promise<string[]> {
    await Promise.all(this.disposals);
    const owned = await this.engine.listOwned();
    return owned.filter((r) => r.sandbox.startsWith(this.prefix)).map((r) => `${r.kind} ${r.id}`);
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    for (const record of this.sandboxes) await this.engine.destroy(record).catch(() => undefined);
    if (this.stateDir) fs.rmSync(this.stateDir, { recursive: true, force: true });
  }
}

/** initialize → launch → breakpoints → configurationDone, resolving with the first `stopped` event (or none when it ends first). */
export async function launchWithBreakpoints(
  client: DebugClient,
  args: PdbLaunchArguments,
  breakpoints: { path: string; breakpoints: DebugProtocol.SourceBreakpoint[] }[],
): Promise<DebugProtocol.SetBreakpointsResponse[]> {
  await client.initializeRequest({ adapterID: 'snakepit', linesStartAt1: true, columnsStartAt1: true, pathFormat: 'path' });
  const initialized = client.waitForEvent('initialized');
  await client.launchRequest(args);
  await initialized;
  const responses: DebugProtocol.SetBreakpointsResponse[] = [];
  for (const file of breakpoints) responses.push(await client.setBreakpointsRequest({ source: { path: file.path }, breakpoints: file.breakpoints }));
  await client.configurationDoneRequest();
  return responses;
}

export function lineOf(file: string, marker: string): number {
  const index = fs.readFileSync(file, 'utf8').split('\n').findIndex((line) => line.includes(marker));
  if (index < 0) throw new Error(`marker ${marker} not in ${file}`);
  return index + 1;
}
