import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { reasonsFromBehavior } from '../../../src/core/packages/gate/behaviorReasons';
import {
  activatePthCommand,
  eventsOfPackage,
  importProbeCommand,
  parseImportResult,
  parseProbeEvents,
  probeEnv,
  probeHome,
  probeMount,
  type ModuleImport,
  type ProbeEvent,
} from '../../../src/core/packages/gate/probe';
import type { EngineKind, SandboxRecord } from '../../../src/core/sandbox/engine';
import { createSandboxServices, type SandboxServices } from '../../../src/core/sandbox/sandboxServices';
import { downloadBuildBackend } from '../../fixtures/packages/buildBackend';
import { downloadRealWheels } from '../../fixtures/packages/realPackages';
import { buildFixturePackages, FIXTURES, hashedRequirements, type FixtureArtifact, type FixtureName } from '../../fixtures/packages/build';
import { survivorsWith } from '../sandbox/helpers';

const FIXTURE_MOUNT = '/tmp/.snakepit/fixtures';
const PIDS_LIMIT = 64;
const MEMORY_LIMIT = 768 * 1024 * 1024;
// Generous for a loaded 2-core machine: the memory hog must reach its limit (allocating ~450 MB) before this.
const IMPORT_TIMEOUT_S = 12;
const IMPORT_MEMORY_MB = 512;
const fixtureNames = (Object.keys(FIXTURES) as FixtureName[]).filter((f) => FIXTURES[f].installs);
/** A real project with dependencies from the local index: the probe must not find anything in it. */
const REAL_MODULES = ['requests', 'urllib3', 'idna', 'certifi', 'charset_normalizer'];

/** Host files a hostile fixture would love to change: they must be byte-identical afterwards. */
function hostSentinels(): Record<string, string | null> {
  const home = os.homedir();
  const files = ['.snakepit-fixture-pwned', '.bashrc', '.ssh/id_rsa', '.ssh/authorized_keys'].map((f) => path.join(home, f));
  return Object.fromEntries(files.map((f) => [f, fs.existsSync(f) ? createHash('sha256').update(fs.readFileSync(f)).digest('hex') : null]));
}

for (const engine of ['bubblewrap', 'docker'] as EngineKind[]) {
  describe(`behaviour probe with the fixture packages in a real ${engine} sandbox`, function () {
    this.timeout(120_000);
    let stateDir: string;
    let fixturesDir: string;
    let services: SandboxServices;
    let sandbox: SandboxRecord;
    let artifacts: Record<FixtureName, FixtureArtifact>;
    let installEvents: ProbeEvent[];
    let installOutput: string;
    let importEvents: ProbeEvent[];
    let imports: ModuleImport[];
    let sentinels: Record<string, string | null>;
    let realWheels: string[];

    // Margins for a machine that is busy with other work: the setup below builds, installs and imports every fixture.
    const run = async (argv: string[], env: Record<string, string> = {}, timeoutMs = 240_000) => {
      const result = await services.manager.exec(sandbox.name, argv, { env, timeoutMs });
      return result;
    };
    const readInside = async (file: string) => (await run(['cat', file])).stdout;

    before(async function () {
      this.timeout(900_000);
      stateDir = fs.mkdtempSync(path.join(os.tmpdir(), `snakepit-probe-${engine}-`));
      services = createSandboxServices(stateDir, 'test');
      const availability = await services.engines[engine]!.available();
      if (!availability.ok) throw new Error(`${engine} is not available: ${availability.reason}`);
      sentinels = hostSentinels();
      fixturesDir = fs.mkdtempSync(path.join(os.tmpdir(), 'snakepit-fixture-packages-'));
      artifacts = await buildFixturePackages(fixturesDir, fixtureNames);
      fs.writeFileSync(path.join(fixturesDir, 'requirements.txt'), hashedRequirements(Object.values(artifacts)));
      const backend = await downloadBuildBackend(fixturesDir);
      realWheels = await downloadRealWheels(path.join(fixturesDir, 'real'), ['requests']);
      for (const entry of realWheels) fs.chmodSync(path.join(fixturesDir, 'real', entry), 0o644);
      for (const entry of fs.readdirSync(fixturesDir, { withFileTypes: true })) fs.chmodSync(path.join(fixturesDir, entry.name), entry.isDirectory() ? 0o755 : 0o644);
      fs.chmodSync(fixturesDir, 0o755); // the docker sandbox runs as nobody
      sandbox = await services.manager.create(engine, {
        purpose: 'gate',
        network: 'none',
        limits: { pids: PIDS_LIMIT, memoryBytes: MEMORY_LIMIT, cpus: 2 },
        mounts: [probeMount(), { hostPath: fixturesDir, sandboxPath: FIXTURE_MOUNT, readOnly: true }],
      });
      if (engine === 'docker') {
        const venv = await run(['python3', '-m', 'venv', `${sandbox.workDir}/.venv`]);
        assert.equal(venv.exitCode, 0, venv.stderr);
      }
      const setuptools = await run(['python', '-m', 'pip', 'install', '--no-index', '--no-deps', '--disable-pip-version-check', `${FIXTURE_MOUNT}/${backend.filename}`, ...realWheels.map((w) => `${FIXTURE_MOUNT}/real/${w}`)]);
      assert.equal(setuptools.exitCode, 0, setuptools.stderr);
      const activate = activatePthCommand(sandbox.workDir);
      const activated = await run(activate.argv, activate.env);
      assert.equal(activated.exitCode, 0, activated.stderr);

      const pip = await run(
        ['python', '-m', 'pip', 'install', '--no-index', '--no-deps', '--require-hashes', '--use-pep517', '--no-build-isolation', '--no-cache-dir', '--disable-pip-version-check', '--find-links', FIXTURE_MOUNT, '-r', `${FIXTURE_MOUNT}/requirements.txt`],
        probeEnv({ phase: 'install', eventsPath: `${sandbox.workDir}/.snakepit-probe/install-events.jsonl`, workDir: sandbox.workDir }),
      );
      installOutput = pip.stdout + pip.stderr;
      assert.equal(pip.exitCode, 0, installOutput);
      installEvents = parseProbeEvents(await readInside(`${sandbox.workDir}/.snakepit-probe/install-events.jsonl`));

      const probe = importProbeCommand({
        modules: [...fixtureNames.flatMap((f) => [...FIXTURES[f].modules, ...(FIXTURES[f].submodules ?? [])]), ...REAL_MODULES],
        eventsPath: `${sandbox.workDir}/.snakepit-probe/import-events.jsonl`,
        resultPath: `${sandbox.workDir}/.snakepit-probe/import-result.json`,
        workDir: sandbox.workDir,
        timeoutSeconds: IMPORT_TIMEOUT_S,
        memoryLimitMb: IMPORT_MEMORY_MB,
        entryPointsOf: fixtureNames.map((f) => FIXTURES[f].name),
      });
      const probed = await run(probe.argv, probe.env);
      assert.equal(probed.exitCode, 0, probed.stderr);
      importEvents = parseProbeEvents(await readInside(`${sandbox.workDir}/.snakepit-probe/import-events.jsonl`));
      imports = parseImportResult(await readInside(`${sandbox.workDir}/.snakepit-probe/import-result.json`));
    });

    after(async () => {
      if (sandbox) await services.manager.remove([sandbox.name]);
      if (services) {
        assert.deepEqual(await services.manager.list(), [], 'no sandbox is left in the state');
        const owned = await services.engines[engine]!.listOwned();
        assert.deepEqual(owned.filter((r) => r.sandbox === sandbox?.name), [], `the ${engine} engine holds nothing of the sandbox`);
      }
      assert.deepEqual(await survivorsWith('snakepit_probe._child'), [], 'no probe child process survives');
      if (fixturesDir) fs.rmSync(fixturesDir, { recursive: true, force: true });
      if (stateDir) fs.rmSync(stateDir, { recursive: true, force: true });
      if (sentinels) assert.deepEqual(hostSentinels(), sentinels, "the host's home files are untouched");
    });

    const behaviourOf = (fixture: FixtureName) => {
      const spec = FIXTURES[fixture];
      const events = eventsOfPackage([...installEvents, ...importEvents], spec);
      const moduleImports = imports.filter((m) => spec.modules.includes(m.name));
      return { events, imports: moduleImports, reasons: reasonsFromBehavior(events, moduleImports) };
    };

    it('installs every fixture from the hashed local files and imports each module in its own child', () => {
      assert.match(installOutput, /Successfully installed/);
      for (const fixture of fixtureNames) assert.ok(installOutput.includes(artifacts[fixture].name), `${fixture} was installed`);
      assert.deepEqual(imports.map((m) => m.name), [...fixtureNames.flatMap((f) => [...FIXTURES[f].modules, ...(FIXTURES[f].submodules ?? [])]), ...REAL_MODULES]);
    });

    // What only the system-call trace can see (SPK317: ctypes, native code) is gateWitness.test.ts's: this is the audit hook alone.
    for (const fixture of fixtureNames.filter((f) => !FIXTURES[f].expectedBehaviorCodes.includes('SPK317'))) {
      it(`${fixture}: reports exactly ${FIXTURES[fixture].expectedBehaviorCodes.join(', ') || 'no behaviour reason'}`, () => {
        const { reasons, events } = behaviourOf(fixture);
        const codes = [...new Set(reasons.map((r) => r.code))].sort();
        assert.deepEqual(codes, [...FIXTURES[fixture].expectedBehaviorCodes].sort(), JSON.stringify({ reasons, events }, null, 1));
        const hostile = FIXTURES[fixture].expectedBehaviorCodes.length > 0;
        assert.equal(reasons.some((r) => r.fatal), hostile && fixture !== 'credential-read', 'hostile fixtures fail (credential reads alone are high, not fatal)');
        for (const reason of reasons) assert.ok(reason.message.length > 20 && (reason.message.includes(FIXTURES[fixture].modules[0]) || reason.message.includes('the package')), reason.message);
      });
    }

    it('benign packages import cleanly and quickly, with their time and memory measured', () => {
      for (const fixture of ['benign', 'benign-sdist', 'typosquat'] as FixtureName[]) {
        const [m] = behaviourOf(fixture).imports;
        assert.equal(m.ok, true, m.error ?? '');
        assert.ok(m.importMs > 0 && m.importMs < 3000, `import time ${m.importMs} ms`);
        assert.ok(m.peakRssKb >= 0 && m.peakRssKb < 64 * 1024, `peak ${m.peakRssKb} KiB`);
        assert.deepEqual(behaviourOf(fixture).events, []);
      }
    });

    it('requests and its dependencies (real wheels from the local index) import with no event and no reason', () => {
      assert.ok(realWheels.some((w) => w.startsWith('requests-')), realWheels.join(' '));
      const real = imports.filter((m) => REAL_MODULES.includes(m.name));
      assert.ok(real.every((m) => m.ok), JSON.stringify(real));
      assert.deepEqual(importEvents.filter((e) => REAL_MODULES.includes(e.module ?? '')), []);
      assert.deepEqual(reasonsFromBehavior([], real), []);
    });

    it('net-at-import: the lookup of exfil.invalid is answered from the sinkhole and recorded; the connect to 127.0.0.1:9 is recorded and blocked', () => {
      const { events } = behaviourOf('net-at-import');
      const seen = events.map((e) => `${e.event} ${e.detail} ${e.blocked ? 'blocked' : 'allowed'}`);
      assert.equal(seen.length, 2, JSON.stringify(seen));
      assert.match(seen[0], /^socket\.getaddrinfo exfil\.invalid:443 -> 198\.1[89]\.\d+\.\d+ \(sinkhole\) /);
      assert.equal(seen[1], 'socket.connect 127.0.0.1:9 blocked');
      assert.ok(events.every((e) => e.phase === 'import' && e.module === 'spfx_net' && /spfx_net\/__init__\.py:\d+$/.test(e.origin ?? '')));
    });

    it('setup-writes-home: the writes into the home directory during install are blocked and never reach the host', async () => {
      const { events, reasons } = behaviourOf('setup-writes-home');
      const home = probeHome(sandbox.workDir);
      assert.ok(events.length >= 2 && events.every((e) => e.phase === 'install' && e.kind === 'write' && e.blocked), JSON.stringify(events));
      assert.ok(events.some((e) => e.detail.endsWith(`${home}/.snakepit-fixture-pwned`)));
      assert.ok(events.some((e) => e.detail.endsWith(`${home}/.bashrc`)));
      assert.equal(reasons[0].file, 'setup.py');
      // Only the honeytokens the probe planted itself are there (python/snakepit_probe/bait.py).
      const inside = await run(['sh', '-c', `ls -A ${home}`]);
      assert.equal(inside.stdout.trim(), '.aws\n.config\n.docker\n.git-credentials\n.netrc\n.pypirc\n.ssh', 'nothing was written into the sandbox home either');
      assert.equal(fs.existsSync(path.join(os.homedir(), '.snakepit-fixture-pwned')), false);
    });

    it('setup-writes-home without blocking: the write lands in the sandbox home, not on the host', async () => {
      const events = `${sandbox.workDir}/.snakepit-probe/install-unblocked.jsonl`;
      const pip = await run(
        ['python', '-m', 'pip', 'install', '--force-reinstall', '--no-index', '--no-deps', '--use-pep517', '--no-build-isolation', '--no-cache-dir', '--disable-pip-version-check', '--find-links', FIXTURE_MOUNT, 'spfx-setup-home==1.0.0'],
        probeEnv({ phase: 'install', eventsPath: events, workDir: sandbox.workDir, block: 'none' }),
      );
      assert.equal(pip.exitCode, 0, pip.stdout + pip.stderr);
      const recorded = eventsOfPackage(parseProbeEvents(await readInside(events)), FIXTURES['setup-writes-home']);
      assert.ok(recorded.length >= 2 && recorded.every((e) => e.kind === 'write' && !e.blocked));
      const home = probeHome(sandbox.workDir);
      const inside = await run(['cat', `${home}/.snakepit-fixture-pwned`]);
      assert.match(inside.stdout, /written by spfx-setup-home/);
      assert.equal(fs.existsSync(path.join(os.homedir(), '.snakepit-fixture-pwned')), false, 'the host home has no such file');
      await run(['rm', '-f', `${home}/.snakepit-fixture-pwned`, `${home}/.bashrc`]);
    });

    it('exec-base64: the decoded payload is recorded with the line that ran it', () => {
      const [event] = behaviourOf('exec-base64').events;
      assert.equal(event.event, 'compile');
      assert.equal(event.decoded, true);
      assert.match(event.detail, /^PAYLOAD_RAN = True.* \| called by: exec\(base64\.b64decode/);
    });

    it('credential-read: the SSH key read and the token variables are recorded by name', () => {
      const details = behaviourOf('credential-read').events.map((e) => `${e.kind} ${e.detail}`);
      assert.deepEqual(details, [
        `sensitive-read ${probeHome(sandbox.workDir)}/.ssh/id_rsa`,
        'env-read AWS_SECRET_ACCESS_KEY (set)',
        'env-read GITHUB_TOKEN (set)',
      ]);
    });

    it('fork-bomb: the first fork is refused by the hook', () => {
      const events = behaviourOf('fork-bomb').events;
      assert.deepEqual(events.map((e) => [e.event, e.blocked]), [['os.fork', true]]);
    });

    it('memory-hog and endless-loop are stopped by the per-module limits and reported', () => {
      const [hog] = behaviourOf('memory-hog').imports;
      assert.equal(hog.ok, false);
      assert.equal(hog.memoryError, true, JSON.stringify(hog));
      assert.match(hog.error ?? '', /MemoryError/);
      const [loop] = behaviourOf('endless-loop').imports;
      assert.equal(loop.timedOut, true);
      assert.ok(loop.importMs >= IMPORT_TIMEOUT_S * 1000 && loop.importMs < (IMPORT_TIMEOUT_S + 3) * 1000, `killed after ${loop.importMs} ms`);
      const [failing] = behaviourOf('import-error').imports;
      assert.match(failing.error ?? '', /ImportError: spfx_import_error supports only a platform this machine is not \(at .*spfx_import_error\/__init__\.py:2/);
      const [windows] = behaviourOf('windows-only').imports;
      assert.equal(windows.ok, true, windows.error ?? '');
      assert.deepEqual(windows.standIns, ['winreg', 'ctypes.windll', 'os.startfile']);
      assert.match(behaviourOf('windows-only').events.map((e) => e.detail).join('\n'), /os\.startfile\('C:\\\\Users\\\\Public\\\\spfx-payload\.invalid\.exe'\) \[a stand-in/);
    });

    it('without the hook blocking, the sandbox limits still bound the fork bomb and the memory hog', async () => {
      const probe = importProbeCommand({
        modules: ['spfx_forkbomb', 'spfx_memhog'],
        eventsPath: `${sandbox.workDir}/.snakepit-probe/unblocked-events.jsonl`,
        resultPath: `${sandbox.workDir}/.snakepit-probe/unblocked-result.json`,
        workDir: sandbox.workDir,
        timeoutSeconds: 20,
        block: 'none',
      });
      const probed = await run(probe.argv, probe.env);
      // docker's OOM killer takes the hog alone; bubblewrap's cgroup kills the whole probe (the result file says where it was).
      assert.ok(probed.exitCode === 0 || /out of memory/.test(probed.reason ?? ''), `${probed.stderr} ${probed.reason}`);
      const events = parseProbeEvents(await readInside(`${sandbox.workDir}/.snakepit-probe/unblocked-events.jsonl`));
      const result = parseImportResult(await readInside(`${sandbox.workDir}/.snakepit-probe/unblocked-result.json`), probed);
      const forks = events.filter((e) => e.module === 'spfx_forkbomb' && e.event === 'os.fork');
      assert.ok(forks.length > 1 && forks.length <= PIDS_LIMIT, `${forks.length} forks before the PID limit refused more`);
      assert.ok(forks.every((e) => !e.blocked));
      const [forkbomb, hog] = result;
      assert.equal(forkbomb.ok, true, 'the fork bomb stops by itself when fork fails');
      assert.equal(hog.ok, false);
      assert.equal(hog.memoryError, true, JSON.stringify(hog));
      assert.ok(hog.signal === 9 || /stopped while importing spfx_memhog: killed: out of memory/.test(hog.error ?? ''), `the kernel killed it at the sandbox memory limit: ${JSON.stringify(hog)}`);
      const codes = reasonsFromBehavior(forks, result).map((r) => r.code).sort();
      assert.deepEqual(codes, ['SPK302', 'SPK312']);
      const left = await run(['sh', '-c', 'ls /proc | grep -c "^[0-9]"']);
      assert.ok(Number(left.stdout.trim()) < 10, `the forked children were killed with their module's process group (${left.stdout.trim()} processes left)`);
    });
  });
}
