import type { DebugSandbox } from './debugSandbox';
import { readEnvFile, type SnakepitDebugArguments } from './launchConfig';
import type { PathMapper } from './pathMapper';

/** Attributes that mean something to Snakepit only; debugpy never sees them. */
const OURS = ['sandbox', 'writableWorkspace', 'workspaceFolder', 'pathMappings', 'envFile', '__configurationTarget'];

export interface ForwardedArguments {
  arguments: Record<string, unknown>;
  /** What the user should know about how the configuration was adapted. */
  notes: string[];
}

/**
 * The launch/attach arguments debugpy's adapter gets: sandbox paths, the env file read on
 * the host, the program's output in the debug console. Path mapping is done by the proxy,
 * so debugpy itself is given none.
 */
export function toDebugpyArguments(args: SnakepitDebugArguments & { workspaceFolder: string }, request: 'launch' | 'attach', mapper: PathMapper, sandbox: DebugSandbox): ForwardedArguments {
  const notes: string[] = [];
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(args)) if (!OURS.includes(key)) out[key] = value;
  out.type = 'python';
  const toSandbox = (hostPath: string, name: string) => {
    const mapped = mapper.toSandbox(hostPath);
    if (mapped === undefined) throw new Error(`"${name}" ${hostPath} is not inside the folder mounted into the sandbox (${args.workspaceFolder})`);
    return mapped;
  };
  if (request === 'launch') {
    if (args.program) out.program = toSandbox(args.program, 'program');
    out.cwd = toSandbox(args.cwd ?? args.workspaceFolder, 'cwd');
    const env = { ...(args.envFile ? readEnvFile(args.envFile) : {}), ...(args.env ?? {}) };
    if (Object.keys(env).length) out.env = env;
    if (args.console && args.console !== 'internalConsole') notes.push(`"console": "${args.console}" would start debugpy's launcher on the host; the program runs in the sandbox and its output goes to the Debug Console instead`);
    out.console = 'internalConsole';
    out.redirectOutput = true;
    if (args.subProcess) notes.push('"subProcess": child processes run in the sandbox but are not debugged (Snakepit does not follow them yet)');
    out.subProcess = false;
  } else {
    if (args.processId !== undefined) notes.push(`attaching to process ${args.processId} inside sandbox "${sandbox.record.name}" needs ptrace, which hardened sandboxes usually forbid; prefer "connect" to a debugpy server started with --listen inside the sandbox`);
    out.subProcess = false;
  }
  return { arguments: out, notes };
}
