import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readPipConfig } from '../../../src/core/packages/ingest/pipConfig';
import { stateScope } from '../../../src/core/sandbox/sandboxServices';
import type { ValidateRequest } from '../../../src/core/packages/gate/request';
import { buildFixturePackages, type FixtureArtifact, type FixtureName } from '../../fixtures/packages/build';

/** A throwaway gate environment: cache and state dirs, fixtures readable by the docker sandbox user. */
export interface GateWorld {
  root: string;
  dirs: { cacheDir: string; stateDir: string };
  fixturesDir: string;
  fixtures: Record<FixtureName, FixtureArtifact>;
  /** The local file index pip is configured with on this machine (read at run time). */
  indexUrl: string;
}

export async function makeGateWorld(prefix: string): Promise<GateWorld> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  fs.chmodSync(root, 0o755);
  const fixturesDir = path.join(root, 'fixtures');
  const fixtures = await buildFixturePackages(fixturesDir);
  fs.chmodSync(fixturesDir, 0o755);
  for (const file of fs.readdirSync(fixturesDir)) fs.chmodSync(path.join(fixturesDir, file), 0o644);
  return { root, dirs: { cacheDir: path.join(root, 'cache'), stateDir: path.join(root, 'state') }, fixturesDir, fixtures, indexUrl: await localIndexUrl() };
}

/** The first file:// index in pip's configuration (tests must not hard-code this machine's paths). */
export async function localIndexUrl(): Promise<string> {
  const config = await readPipConfig();
  const local = [config.indexUrl, ...config.extraIndexUrls].find((u): u is string => !!u && u.startsWith('file:'));
  if (!local) throw new Error('these tests need pip configured with a local file:// index (pip config list)');
  return local;
}

export function request(world: GateWorld, overrides: Partial<ValidateRequest>): ValidateRequest {
  return {
    specs: [],
    requirementFiles: [],
    indexUrl: world.indexUrl,
    findLinks: [world.fixturesDir],
    engine: 'bubblewrap',
    install: false,
    pinHashes: false,
    noCache: false,
    ...overrides,
  };
}

/** Docker containers and volumes the gate made under `stateDir` (its sandboxes carry the `snakepit.gate.role` label). */
export function gateDockerLeftovers(stateDir: string): string[] {
  const list = (args: string[]) => execFileSync('docker', args, { encoding: 'utf8' }).split('\n').filter(Boolean);
  const filters = ['--filter', `label=snakepit.scope=${stateScope(stateDir)}`, '--filter', 'label=snakepit.gate.role'];
  return [...list(['ps', '-a', ...filters, '--format', '{{.Names}}']), ...list(['volume', 'ls', ...filters, '--format', '{{.Name}}'])];
}

/** Sandbox directories left under a state dir (the venv templates are a cache and may stay). */
export function sandboxDirsLeft(stateDir: string): string[] {
  const root = path.join(stateDir, 'sandboxes');
  if (!fs.existsSync(root)) return [];
  return fs.readdirSync(root).filter((name) => !name.startsWith('.venv-templates'));
}

/** sha256 of the home files a hostile package goes for, plus a sentinel of our own. */
export function homeFingerprint(sentinel: string): Record<string, string> {
  const home = os.homedir();
  const files = [sentinel, '.bashrc', '.profile', '.zshrc', '.ssh', '.aws/credentials', '.pypirc'].map((f) => path.resolve(home, f));
  const print: Record<string, string> = {};
  for (const file of files) {
    let value = 'absent';
    try {
      const stat = fs.lstatSync(file);
      value = stat.isDirectory() ? `dir ${fs.readdirSync(file).sort().join(',')} ${stat.mtimeMs}` : createHash('sha256').update(fs.readFileSync(file)).digest('hex');
    } catch {
      // absent
    }
    print[file] = value;
  }
  return print;
}
