import * as fs from 'node:fs';
import * as path from 'node:path';
import { ENGINE_CHOICES } from '../sandbox/engine';
import type { EngineChoice } from '../sandbox/selectEngine';
import type { PathMapping } from './pathMapper';

/** `sandbox` in a launch or attach configuration: reuse a named sandbox, or shape the ephemeral one. */
export interface SandboxChoice {
  name?: string;
  engine?: EngineChoice;
  image?: string;
  /**
   * The image container engines use when `image` is not given (the extension fills it from `snakepit.sandbox.image`);
   * host-dir engines ignore it, as their `image` is an interpreter.
   */
  containerImage?: string;
  /** Keep the ephemeral sandbox after the session (it is then listed like any other). */
  keep?: boolean;
  /**
   * `workspace` (default): install the verified wheels of the workspace's `.venv` (from the gate's artifact cache, no
   * index) into the ephemeral sandbox; `none`: the sandbox's own packages only.
   */
  dependencies?: SandboxDependenciesChoice;
}

export const SANDBOX_DEPENDENCIES_CHOICES = ['workspace', 'none'] as const;
export type SandboxDependenciesChoice = (typeof SANDBOX_DEPENDENCIES_CHOICES)[number];

/** The `snakepit` debug type's launch/attach attributes, as they arrive in the request (host paths). */
export interface SnakepitDebugArguments {
  request?: 'launch' | 'attach';
  program?: string;
  module?: string;
  args?: string[];
  cwd?: string;
  env?: Record<string, string | null>;
  envFile?: string;
  stopOnEntry?: boolean;
  justMyCode?: boolean;
  console?: 'internalConsole' | 'integratedTerminal' | 'externalTerminal';
  subProcess?: boolean;
  sandbox?: SandboxChoice;
  writableWorkspace?: boolean;
  /** The host folder mounted into the sandbox (the provider sets it to the workspace folder). */
  workspaceFolder?: string;
  pathMappings?: { localRoot: string; remoteRoot: string }[];
  processId?: number | string;
  connect?: { host?: string; port: number };
  [key: string]: unknown;
}

const ENGINES: readonly string[] = ENGINE_CHOICES;

/** Checks the attributes and fills in what follows from them; throws an Error naming the attribute and the fix. */
export function checkDebugArguments(args: SnakepitDebugArguments, request: 'launch' | 'attach'): SnakepitDebugArguments & { workspaceFolder: string } {
  const fail = (message: string): never => {
    throw new Error(`snakepit ${request} configuration: ${message}`);
  };
  if (request === 'launch') {
    if (!args.program && !args.module) fail('set "program" (a Python file) or "module" (a module name to run with -m)');
    if (args.program && args.module) fail('set either "program" or "module", not both');
    if (args.program && !path.isAbsolute(args.program)) fail(`"program" must be an absolute path (got "${args.program}"); use \${workspaceFolder}/…`);
    if (args.program && !fs.existsSync(args.program)) fail(`"program" ${args.program} does not exist`);
  } else {
    if (!args.sandbox?.name) fail('attach needs "sandbox": { "name": … }: the sandbox in which the process runs');
    if (args.processId === undefined && !args.connect) fail('set "connect": { "port": … } (a debugpy server listening inside the sandbox) or "processId"');
  }
  if (args.args !== undefined && (!Array.isArray(args.args) || args.args.some((a) => typeof a !== 'string'))) fail('"args" must be an array of strings');
  if (args.sandbox?.engine && !ENGINES.includes(args.sandbox.engine)) fail(`"sandbox.engine" must be one of ${ENGINES.join(', ')} (got "${args.sandbox.engine}")`);
  const dependencies = args.sandbox?.dependencies;
  if (dependencies !== undefined && !(SANDBOX_DEPENDENCIES_CHOICES as readonly unknown[]).includes(dependencies)) fail(`"sandbox.dependencies" must be one of ${SANDBOX_DEPENDENCIES_CHOICES.join(', ')} (got "${String(dependencies)}")`);
  if (args.envFile && !fs.existsSync(args.envFile)) fail(`"envFile" ${args.envFile} does not exist`);
  const workspaceFolder = args.workspaceFolder || args.cwd || (args.program ? path.dirname(args.program) : undefined);
  if (!workspaceFolder) fail('set "workspaceFolder" (the folder mounted into the sandbox) or "cwd"');
  if (!path.isAbsolute(workspaceFolder!) || !fs.existsSync(workspaceFolder!)) fail(`"workspaceFolder" ${workspaceFolder} must be an existing absolute path`);
  for (const [name, value] of [['program', args.program], ['cwd', args.cwd]] as const) {
    if (value && !isUnder(path.resolve(value), path.resolve(workspaceFolder!)) && !(args.pathMappings ?? []).some((m) => isUnder(path.resolve(value), path.resolve(m.localRoot)))) {
      fail(`"${name}" ${value} is outside the folder mounted into the sandbox (${workspaceFolder}); open its folder, or set "workspaceFolder"`);
    }
  }
  return { ...args, workspaceFolder: workspaceFolder! };
}

/** KEY=VALUE lines (comments, blank lines, `export`, quotes allowed), as VS Code's Python extension reads them. */
export function readEnvFile(file: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const raw of fs.readFileSync(file, 'utf8').split(/\r?\n/)) {
    const line = raw.trim().replace(/^export\s+/, '');
    if (!line || line.startsWith('#')) continue;
    const match = /^([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(line);
    if (!match) continue;
    env[match[1]] = match[2].replace(/^(['"])(.*)\1$/, '$2');
  }
  return env;
}

export function userPathMappings(args: SnakepitDebugArguments): PathMapping[] {
  return (args.pathMappings ?? []).map((m) => ({ hostRoot: m.localRoot, sandboxRoot: m.remoteRoot }));
}

function isUnder(candidate: string, dir: string): boolean {
  return candidate === dir || candidate.startsWith(dir.endsWith(path.sep) ? dir : dir + path.sep);
}
