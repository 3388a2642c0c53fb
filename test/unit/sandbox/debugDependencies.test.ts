import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { DapMessageReader, encodeDapMessage } from '../../../src/core/debug/dapFraming';
import { WHEELS_IN_SANDBOX } from '../../../src/core/debug/installDependencies';
import { SANDBOX_DEPENDENCIES_CHOICES } from '../../../src/core/debug/launchConfig';
import type { ProvidedDependencies } from '../../../src/core/debug/debugSandbox';
import { DEPENDENCIES_EVENT, SandboxDebugSession } from '../../../src/core/debug/sandboxDebugSession';
import { sandboxDependencies } from '../../../src/core/environments/sandboxDependencies';
import { verificationSourcesFor } from '../../../src/core/environments/verificationSources';
import { ArtifactCache, type CachedArtifact } from '../../../src/core/packages/cache/artifactCache';
import { gateArtifactDir, gateHistoryFile } from '../../../src/core/packages/gate/gatePaths';
import { RULESET_VERSION, VerdictHistory } from '../../../src/core/packages/gate/history';
import type { Verdict } from '../../../src/core/packages/reasons';
import type { Engine, EngineKind, Mount } from '../../../src/core/sandbox/engine';
import { FakeEngine, type SpawnHandler } from '../../../src/core/sandbox/fake';
import { SandboxManager } from '../../../src/core/sandbox/manager';
import type { SandboxServices } from '../../../src/core/sandbox/sandboxServices';
import { AuditLog } from '../../../src/core/state/auditLog';
import { SandboxStore } from '../../../src/core/state/sandboxStore';
import { buildWheel } from '../../fixtures/packages/wheel';

type Message = DebugProtocol.ProtocolMessage;

/** debugpy's adapter as far as a launch needs it; `seen` hears each command as it arrives. */
const fakeDebugpy = (seen: (command: string) => unknown): SpawnHandler => (child) => {
  let seq = 0;
  const reader = new DapMessageReader((message) => {
    const request = message as DebugProtocol.Request;
    seen(request.command);
    child.stdout.write(encodeDapMessage({ type: 'response', seq: ++seq, request_seq: request.seq, command: request.command, success: true, body: {} } as DebugProtocol.Response));
    if (request.command === 'disconnect') setImmediate(() => child.exit(0));
  });
  child.stdin.on('data', (chunk: Buffer) => reader.push(chunk));
};
const isAdapter = (argv: readonly string[]) => argv.join(' ') === 'python3 -m debugpy.adapter';
const isPipInstall = (argv: readonly string[]) => argv.slice(1, 4).join(' ') === '-m pip install';

describe("the workspace environment's verified wheels in debug sandboxes (FakeEngine, real artifact cache and history)", function () {
  this.timeout(30_000);
  let root: string;
  let workspace: string;
  let program: string;
  let sitePackages: string;
  const dirs = () => ({ stateDir: path.join(root, 'state'), cacheDir: path.join(root, 'cache') });
  const wheels: Record<string, CachedArtifact> = {};

  /** A wheel built here, put in the gate's cache, its files written into the workspace's .venv as pip would; judged when a verdict is given. */
  async function install(name: string, version: string, verdict?: Verdict): Promise<void> {
    const module = name.replace(/-/g, '_');
    const built = buildWheel({ name, version, summary: `fixture ${name}`, files: [{ name: `${module}/__init__.py`, data: Buffer.from(`VERSION = ${JSON.stringify(version)}\n`) }], topLevel: [module] });
    const file = path.join(root, built.filename);
    fs.writeFileSync(file, built.data);
    const artifact = await new ArtifactCache(gateArtifactDir(dirs())).add(file);
    wheels[name] = artifact;
    execFileSync('python3', ['-m', 'zipfile', '-e', file, sitePackages]);
    if (!verdict) return;
    const pkg = { name, version, requested: `${name}==${version}`, verdict, score: 90, cached: false, artifacts: [{ filename: artifact.filename, sha256: artifact.sha256, size: artifact.size }], reasons: [], behavior: [], timings: { ingestMs: 0, testMs: 0, totalMs: 0 } };
    new VerdictHistory(gateHistoryFile(dirs())).record({ name, version, verdict, score: 90, sha256s: [artifact.sha256], rulesetVersion: RULESET_VERSION, validatedAt: new Date().toISOString(), engine: 'test', package: pkg });
  }

  before(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'snakepit-debug-deps-'));
    workspace = path.join(root, 'project');
    const venv = path.join(workspace, '.venv');
    sitePackages = path.join(venv, 'lib', 'python3.11', 'site-packages');
    fs.mkdirSync(sitePackages, { recursive: true });
    fs.mkdirSync(path.join(venv, 'bin'));
    fs.writeFileSync(path.join(venv, 'bin', 'python'), '');
    fs.writeFileSync(path.join(venv, 'pyvenv.cfg'), 'home = /usr/bin\ninclude-system-site-packages = false\nversion = 3.11.2\n');
    program = path.join(workspace, 'app.py');
    fs.writeFileSync(program, 'import spfx_good\n');
    await install('spfx-good', '1.0', 'pass');
    await install('spfx-warned', '2.0', 'warn');
    await install('spfx-failed', '0.3', 'fail');
    await install('spfx-plain', '0.1');
    await install('pip', '24.0');
    await install('setuptools', '65.5.0');
  });

  after(() => fs.rmSync(root, { recursive: true, force: true }));

  function servicesOf(engine: FakeEngine): SandboxServices {
    const engines: Partial<Record<EngineKind, Engine>> = { [engine.kind]: engine };
    const audit = new AuditLog(path.join(dirs().stateDir, 'audit.jsonl'));
    return { engines, audit, manager: new SandboxManager({ engines, store: new SandboxStore(dirs().stateDir), audit, actor: 'test' }) };
  }

  /** initialize + launch + disconnect; the debug console's text and the launch response. */
  const messages: Message[] = [];
  const outputOf = (list: Message[]) =>
    list
      .filter((m) => m.type === 'event' && (m as DebugProtocol.Event).event === 'output')
      .map((m) => (m as DebugProtocol.OutputEvent).body.output)
      .join('');
  const dependencyLines = (list: Message[]) => outputOf(list).split('\n').filter((l) => /installed \d|not provided/.test(l));

  async function debug(engine: FakeEngine, sandbox: Record<string, unknown>): Promise<{ output: string; launched: DebugProtocol.Response; adapterLaunchAfter: number }> {
    let adapterLaunchAfter = -1;
    const services = servicesOf(engine.onSpawn(isAdapter, fakeDebugpy((command) => command === 'launch' && (adapterLaunchAfter = dependencyLines(messages).length))));
    const session = new SandboxDebugSession({ services, stateDir: dirs().stateDir, localIndex: { indexUrls: [], findLinks: [], directories: [] }, gateDirs: dirs() });
    messages.length = 0;
    session.onDidSendMessage((m) => messages.push(m));
    let seq = 0;
    const request = (command: string, args?: unknown) =>
      new Promise<DebugProtocol.Response>((resolve) => {
        const own = ++seq;
        const off = session.onDidSendMessage((m) => {
          if (m.type === 'response' && (m as DebugProtocol.Response).request_seq === own) {
            off.dispose();
            resolve(m as DebugProtocol.Response);
          }
        });
        session.handleMessage({ type: 'request', seq: own, command, arguments: args } as DebugProtocol.Request);
      });
    await request('initialize', { adapterID: 'snakepit' });
    const launched = await request('launch', { program, workspaceFolder: workspace, sandbox });
    await request('disconnect', {});
    await session.finished;
    assert.deepEqual(await services.manager.list(), [], 'the ephemeral sandbox is gone');
    return { output: outputOf(messages), launched, adapterLaunchAfter };
  }

  const inSandbox = (name: string) => `${WHEELS_IN_SANDBOX}/${wheels[name].sha256}/${wheels[name].filename}`;

  it('offers the verified and warned wheels from the cache and names every other package with why and what to do (the packaging tools every sandbox brings are not named)', async () => {
    const found = await sandboxDependencies(workspace, verificationSourcesFor(dirs()));
    assert.equal(found.environment?.name, '.venv');
    assert.deepEqual(
      found.wheels.map((w) => [w.name, w.state, w.path]),
      [
        ['spfx-good', 'verified', wheels['spfx-good'].path],
        ['spfx-warned', 'warned', wheels['spfx-warned'].path],
      ],
    );
    assert.deepEqual(
      found.missing.map((m) => [m.name, m.state, m.fix]),
      [
        ['spfx-failed', 'failed', 'see why with `snakepit validate spfx-failed==0.3`; remove it or pick a version that passes'],
        ['spfx-plain', 'unverified', 'validate it: `snakepit validate spfx-plain==0.1`'],
      ],
    );
  });

  it('bubblewrap: mounts the cache entries for the install command only, runs pip with no index and no dependencies, and reports one line each', async () => {
    const engine = new FakeEngine({ isolated: true, kind: 'bubblewrap' });
    let installMounts: Mount[] = [];
    // A pip slower than the adapter's start: the launch must still wait for it.
    engine.onExec(isPipInstall, async (_argv, { record }) => {
      installMounts = record.mounts;
      await new Promise((resolve) => setTimeout(resolve, 300));
    });
    const { launched, adapterLaunchAfter } = await debug(engine, { engine: 'bubblewrap' });
    assert.equal(launched.success, true, launched.message);
    const created = engine.callsOf('create')[0].detail?.spec as { mounts: Mount[] };
    assert.ok(!created.mounts.some((m) => m.sandboxPath.startsWith(WHEELS_IN_SANDBOX)), 'a kept sandbox must not depend on the cache later');
    assert.deepEqual(
      installMounts.filter((m) => m.sandboxPath.startsWith(WHEELS_IN_SANDBOX)).map((m) => [m.hostPath, m.readOnly]),
      [
        [path.dirname(wheels['spfx-good'].path), true],
        [path.dirname(wheels['spfx-warned'].path), true],
      ],
    );
    const pip = engine.callsOf('exec').filter((c) => isPipInstall(c.argv!));
    assert.deepEqual(
      pip.map((c) => c.argv),
      [['/work/.venv/bin/python', '-m', 'pip', 'install', '--no-index', '--no-deps', '--no-input', '--disable-pip-version-check', '--no-cache-dir', '--no-compile', inSandbox('spfx-good'), inSandbox('spfx-warned')]],
    );
    assert.equal(engine.callsOf('exec').filter((c) => c.argv?.includes('venv')).length, 0, 'bubblewrap sandboxes already run in their own venv');
    const lines = dependencyLines(messages);
    assert.deepEqual(lines, [
      "Snakepit: installed 2 verified packages from the workspace's .venv (cached wheels, no index): spfx-good 1.0, spfx-warned 2.0 (warned by the gate)",
      'Snakepit: not provided: spfx-failed 0.3: the gate failed it; see why with `snakepit validate spfx-failed==0.3`; remove it or pick a version that passes',
      'Snakepit: not provided: spfx-plain 0.1: never verified by the gate; validate it: `snakepit validate spfx-plain==0.1`',
    ]);
    assert.equal(adapterLaunchAfter, lines.length, 'every line is out before debugpy is told to launch the program');
    const event = messages.find((m) => m.type === 'event' && (m as DebugProtocol.Event).event === DEPENDENCIES_EVENT) as DebugProtocol.Event;
    const body = event.body as ProvidedDependencies;
    assert.deepEqual(
      [body.environment, body.installed.map((w) => w.name), body.missing.map((m) => `${m.name}==${m.version} ${m.state}`)],
      ['.venv', ['spfx-good', 'spfx-warned'], ['spfx-failed==0.3 failed', 'spfx-plain==0.1 unverified']],
      'the client hears what is missing, to offer validating it',
    );
  });

  it('docker: mounts the wheels read-only at create and installs into a venv that still sees the image packages', async () => {
    const engine = new FakeEngine({ isolated: true, kind: 'docker' });
    const { launched } = await debug(engine, { engine: 'docker' });
    assert.equal(launched.success, true, launched.message);
    const created = engine.callsOf('create')[0].detail?.spec as { mounts: Mount[] };
    assert.deepEqual(
      created.mounts.filter((m) => m.sandboxPath.startsWith(WHEELS_IN_SANDBOX)),
      ['spfx-good', 'spfx-warned'].map((name) => ({ hostPath: path.dirname(wheels[name].path), sandboxPath: `${WHEELS_IN_SANDBOX}/${wheels[name].sha256}`, readOnly: true })),
    );
    const commands = engine.callsOf('exec').map((c) => c.argv!.slice(0, 4).join(' '));
    const venvAt = commands.indexOf('python3 -m venv --without-pip');
    assert.ok(venvAt >= 0 && venvAt < commands.indexOf('/work/.venv/bin/python -m pip install'), commands.join('\n'));
    assert.deepEqual(engine.callsOf('exec')[venvAt].argv, ['python3', '-m', 'venv', '--without-pip', '--system-site-packages', '/work/.venv']);
  });

  it('a wheel pip refuses costs only itself: it is named, the others are installed', async () => {
    const engine = new FakeEngine({ isolated: true, kind: 'bubblewrap' });
    engine.onExec(isPipInstall, (argv) => (argv.includes(inSandbox('spfx-warned')) ? { exitCode: 1, stderr: `ERROR: ${wheels['spfx-warned'].filename} is not a supported wheel on this platform.\n` } : { exitCode: 0 }));
    const { output } = await debug(engine, { engine: 'bubblewrap' });
    assert.equal(engine.callsOf('exec').filter((c) => isPipInstall(c.argv!)).length, 3, 'all at once, then one at a time');
    assert.match(output, /installed 1 verified package from the workspace's \.venv \(cached wheels, no index\): spfx-good 1\.0\n/);
    assert.match(output, /not provided: spfx-warned 2\.0: spfx_warned-2\.0-py3-none-any\.whl: pip refused it in the sandbox: ERROR: .* is not a supported wheel on this platform\./);
  });

  it('package.json offers exactly the choices the launch configuration takes (the launch attribute and the setting)', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, '../../../package.json'), 'utf8')) as {
      contributes: { debuggers: Array<{ configurationAttributes: { launch: { properties: { sandbox: { properties: { dependencies: { enum: string[] } } } } } } }>; configuration: { properties: Record<string, { enum?: string[] }> } };
    };
    assert.deepEqual(manifest.contributes.debuggers[0].configurationAttributes.launch.properties.sandbox.properties.dependencies.enum, [...SANDBOX_DEPENDENCIES_CHOICES]);
    assert.deepEqual(manifest.contributes.configuration.properties['snakepit.sandbox.dependencies'].enum, [...SANDBOX_DEPENDENCIES_CHOICES]);
  });

  it('"dependencies": "none" installs nothing and names nothing; an invalid value is refused', async () => {
    const engine = new FakeEngine({ isolated: true, kind: 'bubblewrap' });
    const { output } = await debug(engine, { engine: 'bubblewrap', dependencies: 'none' });
    assert.equal(engine.callsOf('exec').filter((c) => isPipInstall(c.argv!)).length, 0);
    assert.doesNotMatch(output, /not provided|installed \d/);
    const refused = await debug(new FakeEngine({ isolated: true }), { engine: 'bubblewrap', dependencies: 'all' });
    assert.match(refused.launched.message ?? '', /"sandbox\.dependencies" must be one of workspace, none \(got "all"\)/);
  });
});
