import * as path from 'node:path';

/** One directory seen from both sides: `hostRoot` on this machine is `sandboxRoot` inside the sandbox. */
export interface PathMapping {
  hostRoot: string;
  sandboxRoot: string;
}

/** Maps paths between the host and the sandbox by the longest matching root; paths under no root are not mapped. */
export class PathMapper {
  private readonly mappings: PathMapping[];

  constructor(mappings: readonly PathMapping[]) {
    this.mappings = mappings.map((m) => ({ hostRoot: trimSlash(path.resolve(m.hostRoot)), sandboxRoot: trimSlash(path.posix.normalize(m.sandboxRoot)) }));
  }

  get roots(): readonly PathMapping[] {
    return this.mappings;
  }

  /** The sandbox path of a host path, or undefined when no mounted directory holds it. */
  toSandbox(hostPath: string): string | undefined {
    const resolved = path.resolve(hostPath);
    const match = longest(this.mappings, (m) => under(resolved, m.hostRoot, path.sep));
    if (!match) return undefined;
    const rest = path.relative(match.hostRoot, resolved).split(path.sep).join('/');
    return rest ? path.posix.join(match.sandboxRoot, rest) : match.sandboxRoot;
  }

  /** The host path of a sandbox path, or undefined when the file exists only in the sandbox. */
  toHost(sandboxPath: string): string | undefined {
    const normalized = path.posix.normalize(sandboxPath);
    const match = longest(this.mappings, (m) => under(normalized, m.sandboxRoot, '/'));
    if (!match) return undefined;
    const rest = path.posix.relative(match.sandboxRoot, normalized);
    return rest ? path.join(match.hostRoot, ...rest.split('/')) : match.hostRoot;
  }

  /** Free text (tracebacks, exception stack traces) with every sandbox root replaced by its host root. */
  textToHost(text: string): string {
    let result = text;
    for (const m of [...this.mappings].sort((a, b) => b.sandboxRoot.length - a.sandboxRoot.length)) {
      if (m.sandboxRoot === m.hostRoot || m.sandboxRoot === '/') continue;
      result = result.replace(new RegExp(`${escapeRegExp(m.sandboxRoot)}(?=[/"'\\s:,)]|$)`, 'gm'), m.hostRoot);
    }
    return result;
  }
}

function trimSlash(p: string): string {
  return p.length > 1 && p.endsWith('/') ? p.slice(0, -1) : p;
}

function under(candidate: string, root: string, sep: string): boolean {
  return candidate === root || candidate.startsWith(root.endsWith(sep) ? root : root + sep);
}

function longest(mappings: PathMapping[], matches: (m: PathMapping) => boolean): PathMapping | undefined {
  let best: PathMapping | undefined;
  for (const m of mappings) if (matches(m) && (!best || m.hostRoot.length + m.sandboxRoot.length > best.hostRoot.length + best.sandboxRoot.length)) best = m;
  return best;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
