// Starts a real VS Code (code-server 4.100.3 = VS Code 1.100.3) with every
// directory it writes to inside one throwaway folder, so nothing of the real
// home is read or changed. Installed by .ci/install-code-server.sh.
import { spawn, execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const entry = path.join(repoRoot, '.vscode-test', 'code-server', 'node_modules', 'code-server', 'out', 'node', 'entry.js');

export function assertInstalled() {
  if (!fs.existsSync(entry)) {
    throw new Error(`code-server is not installed at ${path.dirname(entry)}: run \`bash .ci/install-code-server.sh\` first (about a minute).`);
  }
}

export async function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** A sandbox of directories for one code-server run. */
export function makeProfile(name) {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), `snakepit-${name}-`));
  const dirs = {};
  for (const dir of ['home', 'data', 'extensions', 'config', 'cache', 'state']) {
    dirs[dir] = path.join(root, dir);
    fs.mkdirSync(dirs[dir], { recursive: true });
  }
  const settings = path.join(dirs.data, 'User');
  fs.mkdirSync(settings, { recursive: true });
  fs.writeFileSync(
    path.join(settings, 'settings.json'),
    JSON.stringify({
      'workbench.startupEditor': 'none',
      'workbench.tips.enabled': false,
      'telemetry.telemetryLevel': 'off',
      'extensions.autoCheckUpdates': false,
      'extensions.autoUpdate': false,
      'security.workspace.trust.enabled': false,
      'update.mode': 'none',
      'chat.disableAIFeatures': true,
    }),
  );
  fs.writeFileSync(path.join(dirs.config, 'config.yaml'), 'auth: none\n');
  return { root, ...dirs, remove: () => fs.rmSync(root, { recursive: true, force: true }) };
}

function environment(profile) {
  return {
    ...process.env,
    HOME: profile.home,
    XDG_CONFIG_HOME: profile.config,
    XDG_DATA_HOME: profile.data,
    XDG_CACHE_HOME: profile.cache,
    XDG_STATE_HOME: profile.state,
    EXTENSIONS_GALLERY: '{}',
    SNAKEPIT_TEST: '1',
  };
}

function baseArgs(profile) {
  return [
    entry,
    '--config', path.join(profile.config, 'config.yaml'),
    '--user-data-dir', profile.data,
    '--extensions-dir', profile.extensions,
    '--auth', 'none',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
  ];
}

export async function installExtension(profile, vsix) {
  const { stdout, stderr } = await promisify(execFile)(process.execPath, [...baseArgs(profile), '--install-extension', vsix], {
    env: environment(profile),
  });
  return stdout + stderr;
}

/** Starts code-server and resolves once it answers /healthz. */
export async function startCodeServer(profile, { log = () => {} } = {}) {
  assertInstalled();
  const port = await freePort();
  // Its own process group, so stopping it also stops the extension hosts it forks (they can outlive a plain SIGTERM).
  const child = spawn(process.execPath, [...baseArgs(profile), '--bind-addr', `127.0.0.1:${port}`], {
    env: environment(profile),
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const signalGroup = (signal) => {
    try {
      process.kill(-child.pid, signal);
    } catch {
      // The group is already gone.
    }
  };
  child.stdout.on('data', (d) => log(String(d)));
  child.stderr.on('data', (d) => log(String(d)));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`code-server exited early with code ${child.exitCode}`);
    try {
      const res = await fetch(`${base}/healthz`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      signalGroup('SIGKILL');
      throw new Error('code-server did not answer /healthz within 60 s');
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    port,
    base,
    async stop() {
      if (child.exitCode === null) {
        signalGroup('SIGTERM');
        const timer = setTimeout(() => signalGroup('SIGKILL'), 5000);
        await exited;
        clearTimeout(timer);
      }
      // Whatever of the group survived the server (an extension host) goes too.
      signalGroup('SIGKILL');
    },
  };
}

/** Headless Debian chromium, with the flags that keep it off this machine's closed network. */
export async function launchBrowser(profileRoot) {
  const { chromium } = await import('playwright-core');
  const executablePath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
  if (!fs.existsSync(executablePath)) throw new Error(`chromium not found at ${executablePath}: apt-get install chromium (or set CHROMIUM_PATH)`);
  const userDataDir = path.join(profileRoot, 'chromium');
  return chromium.launchPersistentContext(userDataDir, {
    executablePath,
    headless: true,
    viewport: { width: 1400, height: 900 },
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
}

/** The workbench URL that opens `folder` with extension-development and test payloads. */
export function workbenchUrl(server, folder, { developmentPath, testsPath } = {}) {
  const remote = (p) => `vscode-remote://127.0.0.1:${server.port}${p}`;
  const payload = [['skipWelcome', 'true']];
  if (developmentPath) payload.push(['extensionDevelopmentPath', remote(developmentPath)]);
  if (testsPath) payload.push(['extensionTestsPath', remote(testsPath)]);
  return `${server.base}/?folder=${encodeURIComponent(folder)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
}

/** A fresh copy of the fixture workspace, so tests can change it freely. */
export function copyWorkspace(profile) {
  const source = path.join(repoRoot, 'test', 'fixtures', 'workspace');
  const target = path.join(profile.root, 'workspace');
  fs.cpSync(source, target, { recursive: true });
  return target;
}
