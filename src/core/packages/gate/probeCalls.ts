import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Mount } from '../../sandbox/engine';
import type { HostScratch } from '../ingest/hostScratch';
import type { BehaviorEvent } from '../reasons';
import type { GateSandbox } from './gateSandboxes';
import { activatePthCommand, importProbeCommand, parseProbeEvents, PROBE_MOUNT, probeEnv, probeMount, type ImportProbeOptions, type ProbeEvent } from './probe';

/** The audit hook, activated in one sandbox's venv: `env` turns it on for one command, writing events to a file. */
export interface ProbeSetup {
  /** `allowWrite`: directories the command itself writes to (pip's download and wheel directories). */
  env(phase: BehaviorEvent['phase'], eventsPath: string, allowWrite?: string[]): Record<string, string>;
  importCommand(options: Omit<ImportProbeOptions, 'workDir' | 'python'>): { argv: string[]; env: Record<string, string> };
}

/**
 * How the gate uses the behaviour probe (python/snakepit_probe) in a sandbox: mounted read-only at
 * PROBE_MOUNT; the venv engine cannot mount (it runs on the host), so there the helpers are used in place.
 */
export function probeSetup(helpersDir: string): { mounts: Mount[]; activate(sandbox: GateSandbox): Promise<ProbeSetup> } {
  return {
    mounts: [probeMount(helpersDir)],
    async activate(sandbox) {
      const inPlace = (env: Record<string, string>) => (sandbox.hostFiles === 'shared' ? relocate(env, helpersDir) : env);
      const activation = activatePthCommand(sandbox.workDir, sandbox.python);
      const result = await sandbox.exec(activation.argv, { env: inPlace(activation.env), timeoutMs: 30_000 });
      if (result.exitCode !== 0) throw new Error(`could not activate the audit hook in the sandbox (${result.reason ?? `exit ${result.exitCode}`}): ${result.stderr.trim().slice(-300)}`);
      return {
        env: (phase, eventsPath, allowWrite) => probeEnv({ phase, eventsPath, workDir: sandbox.workDir, allowWrite }),
        importCommand: (options) => {
          const command = importProbeCommand({ ...options, workDir: sandbox.workDir, python: sandbox.python });
          return { argv: command.argv, env: inPlace(command.env) };
        },
      };
    },
  };
}

function relocate(env: Record<string, string>, helpersDir: string): Record<string, string> {
  return Object.fromEntries(Object.entries(env).map(([k, v]) => [k, v.split(PROBE_MOUNT).join(helpersDir)]));
}

/** Events a command recorded in the sandbox (none when the file was never written). */
export async function readProbeEvents(sandbox: GateSandbox, eventsPath: string, scratch: HostScratch): Promise<ProbeEvent[]> {
  const text = await readSandboxFile(sandbox, eventsPath, scratch);
  return text === undefined ? [] : parseProbeEvents(text);
}

let copies = 0;

/** A file's text copied out of the sandbox; undefined when it does not exist. */
export async function readSandboxFile(sandbox: GateSandbox, sandboxPath: string, scratch: HostScratch): Promise<string | undefined> {
  const local = path.join(scratch.sub('out'), `${++copies}-${path.basename(sandboxPath)}`);
  try {
    await sandbox.copyOut(sandboxPath, local);
  } catch {
    return undefined;
  }
  const stat = fs.lstatSync(local, { throwIfNoEntry: false });
  return stat?.isFile() ? fs.readFileSync(local, 'utf8') : undefined;
}
