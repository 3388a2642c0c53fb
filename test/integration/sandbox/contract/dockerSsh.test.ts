import * as assert from 'node:assert/strict';
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { DockerEngine } from '../../../../src/core/sandbox/docker';
import { dockerClient } from '../../../../src/core/sandbox/docker/dockerClient';
import { engineContract } from './engineContract';

const IMAGE = process.env.SNAKEPIT_TEST_IMAGE ?? 'snakepit/python:bookworm';
const SSHD = '/usr/sbin/sshd';

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.once('error', reject);
  });

async function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * The same dockerd, reached only over ssh: a throwaway sshd on a loopback port of its own with a throwaway host key
 * and client key, and a HOME whose ~/.ssh has that key and the host's key in known_hosts. DOCKER_HOST is
 * ssh://user@127.0.0.1:PORT, as a user would set it; the remote end runs `docker system dial-stdio` per connection.
 */
describe('docker over ssh (DOCKER_HOST=ssh://, a real sshd on loopback)', function () {
  this.timeout(300_000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'snakepit-ssh-'));
  const home = path.join(dir, 'home');
  let sshd: ChildProcess | undefined;
  let env: NodeJS.ProcessEnv = {};
  let log = '';

  before(async function () {
    const skip = (why: string) => {
      console.log(`    Skipping docker over ssh: ${why}`);
      this.skip();
    };
    if (!fs.existsSync(SSHD)) return skip(`no ${SSHD} (apt-get install openssh-server)`);
    if (spawnSync('docker', ['info'], { encoding: 'utf8' }).status !== 0) return skip('`docker info` failed: run .ci/provision-docker.sh');
    fs.mkdirSync(path.join(home, '.ssh'), { recursive: true, mode: 0o700 });
    const keygen = (file: string) => spawnSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'snakepit-test', '-f', file], { encoding: 'utf8' });
    const hostKey = path.join(dir, 'host_ed25519');
    const clientKey = path.join(home, '.ssh', 'id_ed25519');
    if (keygen(hostKey).status !== 0 || keygen(clientKey).status !== 0) return skip('ssh-keygen failed');
    fs.copyFileSync(`${clientKey}.pub`, path.join(dir, 'authorized_keys'));
    const port = await freePort();
    fs.writeFileSync(path.join(home, '.ssh', 'known_hosts'), `[127.0.0.1]:${port} ${fs.readFileSync(`${hostKey}.pub`, 'utf8').split(' ').slice(0, 2).join(' ')}\n`);
    const config = path.join(dir, 'sshd_config');
    fs.writeFileSync(
      config,
      [
        `Port ${port}`,
        'ListenAddress 127.0.0.1',
        `HostKey ${hostKey}`,
        `AuthorizedKeysFile ${path.join(dir, 'authorized_keys')}`,
        `PidFile ${path.join(dir, 'sshd.pid')}`,
        'PasswordAuthentication no',
        'KbdInteractiveAuthentication no',
        'PermitRootLogin prohibit-password',
        'UsePAM no',
        // The temp dir is the test's, not a home with ssh's expected modes.
        'StrictModes no',
        'AllowTcpForwarding no',
        'X11Forwarding no',
        '',
      ].join('\n'),
    );
    // sshd started as root needs its privilege separation directory (Debian's unit makes it).
    if (process.getuid?.() === 0) fs.mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
    sshd = spawn(SSHD, ['-D', '-e', '-f', config], { stdio: ['ignore', 'ignore', 'pipe'] });
    sshd.stderr?.on('data', (chunk: Buffer) => (log = (log + chunk.toString()).slice(-4000)));
    const deadline = Date.now() + 60_000;
    while (!(await accepts(port))) {
      if (sshd.exitCode !== null || Date.now() > deadline) return skip(`sshd did not start: ${log.trim()}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    env = { HOME: home, DOCKER_HOST: `ssh://${os.userInfo().username}@127.0.0.1:${port}`, PATH: process.env.PATH };
  });

  after(() => {
    sshd?.kill();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a host whose key is not in known_hosts, saying so', async () => {
    const stranger = { ...env, HOME: path.join(dir, 'stranger') };
    fs.mkdirSync(path.join(stranger.HOME!, '.ssh'), { recursive: true });
    fs.copyFileSync(path.join(home, '.ssh', 'id_ed25519'), path.join(stranger.HOME!, '.ssh', 'id_ed25519'));
    const availability = await new DockerEngine(dockerClient(stranger)).available();
    assert.equal(availability.ok, false);
    assert.match(availability.ok ? '' : availability.reason, /known_hosts/);
  });

  it('answers over ssh and says where', async () => {
    const availability = await new DockerEngine(dockerClient(env)).available();
    assert.ok(availability.ok, availability.ok ? '' : availability.reason);
    assert.match(availability.detail, /Docker Engine .* at ssh:\/\//);
  });

  // A scope of this run's own: listOwned sees only what this suite makes.
  const scope = `contract-ssh-${process.pid}-${Date.now()}`;
  engineContract('docker over ssh', () => new DockerEngine(dockerClient(env), scope), {
    spec: { image: IMAGE },
    unusableImage: 'snakepit/does-not-exist:never',
    limits: { pids: true, memory: true, cpus: true },
    listsOnlyItsOwn: true,
    // Each API call is an ssh channel and a `docker` process on the remote: the core checks, not every one.
    only: {
      titles: /creates a sandbox whose record|destroys everything it made|passes the exit code|feeds stdin|runs past its timeout|copies a tree|rolls back exactly/,
      why: 'over ssh only the core checks run (lifecycle, exec, timeout, copies, snapshots); the rest is the same code as local docker',
    },
  });
});
