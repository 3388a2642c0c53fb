import type Docker from 'dockerode';
import {
  type Availability,
  type Engine,
  type EngineTraits,
  type ExecOptions,
  type ExecResult,
  type NetworkMode,
  type OwnedResource,
  SANDBOX_NAME,
  SandboxError,
  type SandboxHealth,
  type SandboxProcess,
  type SandboxRecord,
  type SandboxStats,
  type SnapshotRecord,
  type TerminalCommand,
  terminalPrompt,
} from '../engine';
import { ensureImage as pullOrBuildImage } from '../images';
import { currentOwner } from '../owner';
import { copyIntoContainer, copyOutOfContainer } from './archive';
import { type ContainerApi, DOCKER_API } from './containerApi';
import { loadDockerClient } from './loadDockerClient';
import { imageMissingError, isConflict, isNotFound, toSandboxError } from './errors';
import { runCommand, spawnCommand } from './exec';
import { effectiveLimits, hardenedContainerOptions, isBoundToOwner, WORK_DIR } from './hardening';
import { copiedMounts, type Identity, parseUserSpec, sandboxIdentity } from './identity';
import { MISSING, toSandboxHealth } from './health';
import { outOfMemorySince } from './oomEvents';
import { sandboxLabels } from './labels';
import { containerName, workVolumeName } from './names';
import { KeeperChannel } from './keeperChannel';
import { listOwnedResources, removeOwnedResource } from './ownedResources';
import { daemonRuntimes, describeRuntime, type DaemonRuntimes, type DockerRuntimeChoice, type DockerSandboxRecord, type DockerSandboxSpec, resolveRuntime, type RuntimeEntry, type RuntimeTraits, runtimeHostConfig, RUNTIME_LABEL, traitsOf } from './runtimes';
import { removeSnapshot, restoreSnapshot, takeSnapshot } from './snapshots';
import { toSandboxStats } from './stats';

export const DEFAULT_IMAGE = 'snakepit/python:bookworm';

/**
 * Sandboxes as hardened Docker containers, driven through the Engine API (DOCKER_HOST and friends are honoured). The
 * same code drives Podman's Docker-compatible service (PodmanEngine), with what differs there in its ContainerApi.
 */
export class DockerEngine implements Engine {
  readonly kind: ContainerApi['kind'];
  readonly isolated = true;
  readonly bridgeNetwork: string = "docker's bridge network (the container's own network stack, NAT to the outside)";
  readonly traits: EngineTraits = { defaultImage: DEFAULT_IMAGE, image: 'container', venvAtCreate: false, hostFiles: 'at-create', staysRunning: true };

  /**
   * `scope` (see SandboxRecord.scope) labels what this engine makes and limits `listOwned` to it; without one it sees
   * every Snakepit sandbox on the daemon.
   */
  constructor(
    /** The Engine API client, or how to make it on first use (default: for DOCKER_HOST; see loadDockerClient). */
    private readonly docker: Docker | (() => Promise<Docker>) = loadDockerClient,
    private readonly scope?: string,
    /** The runtime of sandboxes whose spec names none (default: dockerd's default runtime), and the setting it came from. */
    private readonly defaults: { runtime?: DockerRuntimeChoice; runtimeSetting?: string } = {},
    /** Which daemon answers on the other end, and what differs there. */
    protected readonly api: ContainerApi = DOCKER_API,
  ) {
    this.kind = api.kind;
  }

  private clientMade?: Promise<Docker>;

  /** The client, made on first use: dockerode and its dependencies load only when a container is touched. */
  protected client(): Promise<Docker> {
    const docker = this.docker;
    return (this.clientMade ??= typeof docker === 'function' ? docker() : Promise.resolve(docker));
  }

  /** Channels to the keepers of the owner-bound sandboxes this process made, by container ID. */
  private readonly keepers = new Map<string, KeeperChannel>();

  async available(): Promise<Availability> {
    return this.api.available(await this.client());
  }

  async ensureImage(image: string, options: { buildLocal?: boolean; progress?: (message: string) => void } = {}): Promise<'present' | 'pulled' | 'built'> {
    return pullOrBuildImage(image, { ...options, docker: await this.client() });
  }

  async create(spec: DockerSandboxSpec): Promise<DockerSandboxRecord> {
    if (!SANDBOX_NAME.test(spec.name)) {
      throw new SandboxError(`"${spec.name}" is not a valid sandbox name`, 'Use lower-case letters, digits, ".", "_" and "-", starting with a letter or digit');
    }
    const record: DockerSandboxRecord = {
      name: spec.name,
      engine: this.kind,
      image: spec.image ?? DEFAULT_IMAGE,
      purpose: spec.purpose ?? 'user',
      network: spec.network ?? 'none',
      limits: effectiveLimits(spec.limits),
      mounts: spec.mounts ?? [],
      createdAt: new Date().toISOString(),
      owner: currentOwner(),
      handle: '',
      workDir: WORK_DIR,
      snapshots: [],
      ...(this.scope ? { scope: this.scope } : {}),
    };
    const runtime = await this.attempt('create', record, () => this.chooseRuntime(spec, record.network));
    record.runtime = runtime.name;
    const labels = sandboxLabels(record, { ...spec.labels, [RUNTIME_LABEL]: runtime.name });
    const made: Pick<OwnedResource, 'kind' | 'id'>[] = [];
    try {
      await this.requireImage(record.image, record.name);
      await this.requireUnusedName(record.name);
      const bound = isBoundToOwner(record);
      if (!bound) {
        // (dockerode resolves createVolume with a Volume object, whatever its typings say: keep the name we chose.)
        await (await this.client()).createVolume({ Name: workVolumeName(record.name), Labels: labels });
        made.push({ kind: 'volume', id: workVolumeName(record.name) });
      }
      const identity = sandboxIdentity();
      const copies = copiedMounts(record.mounts, identity);
      const outside = copies.find((m) => !isUnderWorkDir(m.sandboxPath));
      if (outside) {
        throw new SandboxError(
          `${outside.hostPath} cannot be read by the sandbox user (uid ${identity.uid}) and ${outside.sandboxPath} is outside ${WORK_DIR}, where a copy could go`,
          `make it readable by others (chmod -R o+rX), or run Snakepit as a user who is not root`,
        );
      }
      const binds = record.mounts.filter((m) => !copies.includes(m));
      const options = hardenedContainerOptions(record, labels, { identity, binds });
      const container = await (await this.client()).createContainer({ ...options, HostConfig: { ...options.HostConfig, ...runtimeHostConfig(runtime, record.limits) } });
      made.push({ kind: 'container', id: container.id });
      record.handle = container.id;
      if (bound) {
        // Attached before it starts, so this process's attachment is the first: its end is the sandbox's end.
        const keeper = await KeeperChannel.attach(await this.client(), container);
        keeper.unref();
        this.keepers.set(container.id, keeper);
      }
      await container.start();
      await this.makeWorkDirWritable(container, identity);
      // A root user's private files: nobody cannot read them through a bind, so they are copied (changes stay inside).
      for (const copy of copies) await copyIntoContainer(container, copy.hostPath, copy.sandboxPath, identity);
      return record;
    } catch (error) {
      this.keepers.get(record.handle)?.close();
      this.keepers.delete(record.handle);
      for (const item of made.reverse()) await removeWithRetry(await this.client(), item).catch(() => undefined);
      throw this.explained(toSandboxError(error, 'create', record.name, record.image));
    }
  }

  async start(record: SandboxRecord): Promise<void> {
    await this.attempt('start', record, async () => {
      try {
        await (await this.container(record)).start();
      } catch (error) {
        if (!isConflict(error)) throw error;
      }
    });
  }

  async stop(record: SandboxRecord): Promise<void> {
    await this.attempt('stop', record, async () => {
      try {
        await (await this.container(record)).stop({ t: 0 });
      } catch (error) {
        if (!isConflict(error)) throw error;
      }
    });
  }

  async destroy(record: SandboxRecord): Promise<void> {
    await this.attempt('destroy', record, () => this.removeEverythingOf(record.name));
    this.keepers.get(record.handle)?.close();
    this.keepers.delete(record.handle);
  }

  exec(record: SandboxRecord, argv: readonly string[], options?: ExecOptions): Promise<ExecResult> {
    return this.attempt('exec', record, async () => runCommand(await this.client(), await this.container(record), argv, { ...options, keeper: this.keepers.get(record.handle) }));
  }

  spawn(record: SandboxRecord, argv: readonly string[], options?: Pick<ExecOptions, 'cwd' | 'env'>): Promise<SandboxProcess> {
    return this.attempt('spawn', record, async () => spawnCommand(await this.client(), await this.container(record), argv, { ...options, keeper: this.keepers.get(record.handle) }));
  }

  copyIn(record: SandboxRecord, hostPath: string, sandboxPath: string): Promise<void> {
    return this.attempt('copy-in', record, async () => {
      const container = await this.container(record);
      await copyIntoContainer(container, hostPath, sandboxPath, parseUserSpec((await container.inspect()).Config.User));
    });
  }

  copyOut(record: SandboxRecord, sandboxPath: string, hostPath: string): Promise<void> {
    return this.attempt('copy-out', record, async () => copyOutOfContainer(await this.container(record), sandboxPath, hostPath));
  }

  snapshot(record: SandboxRecord, label: string): Promise<SnapshotRecord> {
    return this.attempt('snapshot', record, async () => takeSnapshot(await this.client(), record, label));
  }

  rollback(record: SandboxRecord, snapshot: SnapshotRecord): Promise<void> {
    return this.attempt('rollback', record, async () => restoreSnapshot(await this.client(), record, snapshot));
  }

  deleteSnapshot(record: SandboxRecord, snapshot: SnapshotRecord): Promise<void> {
    return this.attempt('snapshot removal', record, async () => removeSnapshot(await this.client(), snapshot));
  }

  stats(record: SandboxRecord): Promise<SandboxStats> {
    return this.attempt('stats', record, async () => toSandboxStats(await (await this.container(record)).stats({ stream: false })));
  }

  async inspect(record: SandboxRecord): Promise<SandboxHealth> {
    try {
      const info = await (await this.container(record)).inspect();
      const oomSinceStart = info.State.Running && !info.State.OOMKilled && (await outOfMemorySince(await this.client(), info.Id, Date.parse(info.State.StartedAt)));
      return toSandboxHealth(oomSinceStart ? { ...info, State: { ...info.State, OOMKilled: true } } : info);
    } catch (error) {
      if (isNotFound(error)) return this.whyMissing(record);
      throw toSandboxError(error, 'inspect', record.name);
    }
  }

  terminalCommand(record: SandboxRecord): TerminalCommand {
    const { cli, args } = this.api.execCommand();
    return { shellPath: cli, shellArgs: [...args, '-it', '-w', WORK_DIR, '-e', `PS1=${terminalPrompt(record.name)}`, record.handle, '/bin/sh'] };
  }

  async listOwned(): Promise<OwnedResource[]> {
    try {
      return await listOwnedResources(await this.client(), undefined, this.scope, this.kind);
    } catch (error) {
      throw toSandboxError(error, 'listing', 'all sandboxes');
    }
  }

  async removeOwned(resource: OwnedResource): Promise<void> {
    try {
      await removeOwnedResource(await this.client(), resource);
    } catch (error) {
      throw toSandboxError(error, `removal of ${resource.kind} ${resource.id}`, resource.sandbox || 'unknown');
    }
  }

  /** The runtimes dockerd has (`docker info`), looked up again at most every 30 s. */
  async runtimes(fresh = false): Promise<DaemonRuntimes> {
    if (fresh || !this.knownRuntimes || Date.now() - this.knownRuntimes.at > RUNTIMES_TTL_MS) {
      const value = this.client().then(daemonRuntimes);
      this.knownRuntimes = { at: Date.now(), value };
      value.catch(() => (this.knownRuntimes = undefined));
    }
    return this.knownRuntimes.value;
  }

  private knownRuntimes?: { at: number; value: Promise<DaemonRuntimes> };

  /**
   * The runtime a sandbox with `network` would get for `choice` (default: this engine's), in words for the user
   * ("runsc (gVisor, platform ptrace, no network)"); throws what `create` would throw when it cannot have it.
   */
  async describeRuntimeFor(choice?: DockerRuntimeChoice, network: NetworkMode = 'none', runtimeSetting?: string): Promise<{ runtime: string; description: string }> {
    try {
      const entry = await this.chooseRuntime({ runtime: choice, runtimeSetting }, network);
      return { runtime: entry.name, description: describeRuntime(entry) };
    } catch (error) {
      throw toSandboxError(error, 'runtime lookup', 'new sandboxes');
    }
  }

  /** What differs under the sandbox's runtime (see RuntimeTraits): ask this, never the runtime's name. */
  async runtimeTraits(record: DockerSandboxRecord): Promise<RuntimeTraits> {
    const name = await this.attempt('runtime lookup', record, () => this.runtimeOf(record));
    const entry = (await this.runtimes()).runtimes.find((r) => r.name === name);
    return traitsOf(entry ?? { name, path: name, args: [] });
  }

  /** The runtime a sandbox runs under: from its record, else (records made before runtimes, or rebuilt from labels) from Docker. */
  async runtimeOf(record: DockerSandboxRecord): Promise<string> {
    const known = record.runtime;
    if (known) return known;
    const info = await (await this.container(record)).inspect();
    return info.HostConfig.Runtime || (await this.runtimes()).defaultRuntime;
  }

  private async chooseRuntime(spec: Pick<DockerSandboxSpec, 'runtime' | 'runtimeSetting'>, network: NetworkMode): Promise<RuntimeEntry> {
    const asked = spec.runtime ?? this.defaults.runtime;
    // Where runtimes cannot be chosen by name, `auto` is the daemon's default; runc or runsc asked for by name still
    // goes through resolveRuntime, which says this engine does not have it.
    const choice = !this.api.namedRuntimes && asked === 'auto' ? undefined : asked;
    const setting = spec.runtimeSetting ?? this.defaults.runtimeSetting;
    try {
      return resolveRuntime(choice, await this.runtimesToChoose(), network, setting);
    } catch (error) {
      // dockerd may have been given the runtime since it was last asked (a SIGHUP reload): ask once more.
      if (!(error instanceof SandboxError)) throw error;
      return resolveRuntime(choice, await this.runtimesToChoose(true), network, setting);
    }
  }

  private async runtimesToChoose(fresh = false): Promise<DaemonRuntimes> {
    const daemon = await this.runtimes(fresh);
    return this.api.namedRuntimes ? daemon : { ...daemon, runtimes: daemon.runtimes.filter((r) => r.name === daemon.defaultRuntime) };
  }

  /** A failure only this daemon has, with what to do about it. */
  private explained(error: SandboxError): SandboxError {
    const hint = this.api.explain(error.message);
    return hint ? new SandboxError(error.message, hint) : error;
  }

  /**
   * A one-run sandbox is removed when it ends: when that was the OOM killer (under gVisor it takes the whole sandbox),
   * say so rather than "removed outside Snakepit".
   */
  private async whyMissing(record: SandboxRecord): Promise<SandboxHealth> {
    if (!record.handle || !(await outOfMemorySince(await this.client(), record.handle, Date.parse(record.createdAt)).catch(() => false))) return MISSING;
    const limit = record.limits.memoryBytes ? ` (limit ${Math.round(record.limits.memoryBytes / (1024 * 1024))} MiB)` : '';
    return { state: 'missing', reason: `killed: out of memory${limit}; a one-run sandbox is removed when it ends`, oomKilled: true };
  }

  private async container(record: SandboxRecord): Promise<Docker.Container> {
    return (await this.client()).getContainer(record.handle);
  }

  private async attempt<T>(operation: string, record: SandboxRecord, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      throw toSandboxError(error, operation, record.name);
    }
  }

  private async requireUnusedName(sandbox: string): Promise<void> {
    const existing = await listOwnedResources(await this.client(), sandbox);
    const names = await (await this.client()).listContainers({ all: true, filters: JSON.stringify({ name: [`^/${containerName(sandbox)}$`] }) });
    const volumes = await (await this.client()).listVolumes({ filters: JSON.stringify({ name: [workVolumeName(sandbox)] }) });
    const volumeTaken = (volumes.Volumes ?? []).some((v) => v.Name === workVolumeName(sandbox));
    if (existing.length > 0 || names.length > 0 || volumeTaken) {
      throw new SandboxError(`A sandbox named "${sandbox}" already exists in Docker`, 'Pick another name, or destroy the old one first');
    }
  }

  private async requireImage(image: string, sandbox: string): Promise<void> {
    try {
      await (await this.client()).getImage(image).inspect();
    } catch (error) {
      if (isNotFound(error)) throw imageMissingError(image, sandbox);
      throw error;
    }
  }

  /**
   * A fresh volume's root belongs to root under dockerd. The sandbox user cannot be given it without CAP_CHOWN, which
   * the container does not have, but root owns the directory and may open it up. Podman hands a new volume to the
   * container's user itself (and root, without CAP_FOWNER, may then not chmod it): nothing to do there.
   */
  private async makeWorkDirWritable(container: Docker.Container, identity: Identity): Promise<void> {
    const script = `[ "$(stat -c %u "$1")" = "$2" ] || chmod 0777 "$1"`;
    const result = await runCommand(await this.client(), container, ['sh', '-c', script, 'prepare', WORK_DIR, String(identity.uid)], { user: '0:0' });
    if (result.exitCode !== 0) throw new SandboxError(`Could not prepare ${WORK_DIR}: ${result.stderr.trim()}`);
  }

  /**
   * Containers first (they hold the volumes and may use old snapshot images), then volumes (the work volume and
   * snapshot volumes), then images (snapshots made before snapshot volumes).
   */
  private async removeEverythingOf(sandbox: string): Promise<void> {
    const docker = await this.client();
    const owned = await listOwnedResources(docker, sandbox);
    const order: OwnedResource['kind'][] = ['container', 'volume', 'image'];
    for (const kind of order) {
      await Promise.all(owned.filter((r) => r.kind === kind).map((r) => removeWithRetry(docker, r)));
    }
  }
}

const RUNTIMES_TTL_MS = 30_000;

/** A volume may still count as in use for a moment after its container went. */
async function removeWithRetry(docker: Docker, resource: Pick<OwnedResource, 'kind' | 'id'>): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await removeOwnedResource(docker, resource);
    } catch (error) {
      if (!isConflict(error) || attempt >= 20) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

const isUnderWorkDir = (sandboxPath: string): boolean => sandboxPath === WORK_DIR || sandboxPath.startsWith(`${WORK_DIR}/`);
