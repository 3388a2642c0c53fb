import type { DistContents } from './archive/distFiles';
import type { DistLayout } from './metadata';

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** Project-tree directories that are not importable parts of the distribution. */
const NOT_MODULES = new Set(['tests', 'test', 'testing', 'docs', 'doc', 'examples', 'example', 'benchmarks', 'bench', 'scripts', 'tools', 'build', 'dist', 'setup', 'conftest', '__pycache__']);

/** `pkg/x.py` → `pkg`, `mod.py` → `mod`, `_ext.cpython-311-x86_64-linux-gnu.so` → `_ext`; undefined for non-modules. */
function moduleOf(relPath: string): string | undefined {
  const slash = relPath.indexOf('/');
  if (slash > 0) {
    const dir = relPath.slice(0, slash);
    return IDENTIFIER.test(dir) && /\.(py|so|pyd|pyc)$/.test(relPath) ? dir : undefined;
  }
  const match = /^([A-Za-z_][A-Za-z0-9_]*)(\.[^/]*)?\.(py|so|pyd)$/.exec(relPath);
  return match?.[1];
}

/** Paths relative to where they are installed (site-packages) for wheels, or the import root for sdists. */
function importRelativePaths(contents: DistContents, layout: DistLayout): string[] {
  const out: string[] = [];
  if (contents.kind === 'wheel') {
    for (const { path } of contents.files) {
      if (layout.distInfo && path.startsWith(layout.distInfo)) continue;
      const data = /^[^/]+\.data\/(purelib|platlib)\/(.*)$/.exec(path);
      if (data) out.push(data[2]);
      else if (!/^[^/]+\.data\//.test(path)) out.push(path);
    }
    return out;
  }
  const paths = contents.files.map((f) => f.path.slice(layout.root.length));
  const usesSrc = paths.some((p) => p.startsWith('src/') && /\.py$/.test(p));
  for (const p of paths) {
    if (usesSrc) {
      if (p.startsWith('src/')) out.push(p.slice(4));
    } else {
      out.push(p);
    }
  }
  return out;
}

/**
 * Top-level importable names of a distribution: what `import X` works for once it is
 * installed. From the files actually present (RECORD lists the same for a wheel);
 * top_level.txt, when present, picks among them and in its order.
 */
export function topLevelModules(contents: DistContents, layout: DistLayout): string[] {
  const found = new Set<string>();
  for (const rel of importRelativePaths(contents, layout)) {
    const name = moduleOf(rel);
    if (name && !(contents.kind !== 'wheel' && NOT_MODULES.has(name))) found.add(name);
  }
  const declared = (layout.topLevelTxt ?? []).filter((n) => IDENTIFIER.test(n) && found.has(n));
  const modules = declared.length > 0 ? declared : [...found].sort();
  return [...new Set(modules)];
}

/** Submodules the gate also imports, beyond the top-level ones: at most this many per distribution. */
export const MAX_SUBMODULES = 12;

/** `pkg/sub/mod.py` → `pkg.sub.mod`, `pkg/sub/__init__.py` → `pkg.sub`; undefined for top-level files and non-modules. */
function dottedModule(relPath: string): string | undefined {
  const match = /^(.+)\.py$/.exec(relPath);
  if (!match) return undefined;
  const parts = match[1].split('/');
  if (parts[parts.length - 1] === '__init__') parts.pop();
  if (parts.length < 2 || !parts.every((p) => IDENTIFIER.test(p))) return undefined;
  // __main__ runs a program when imported; tests and conftest are not part of what users import.
  if (parts.some((p) => p === '__main__' || p === 'conftest' || p === 'tests' || p === 'test')) return undefined;
  return parts.join('.');
}

/**
 * The submodules worth importing too (a payload can sit in a module the package's __init__ never imports): first those
 * whose files the static inspection flagged, then the shallowest, in name order; at most MAX_SUBMODULES, so a
 * package of thousands of modules costs a bounded time. Deterministic: the same files give the same selection.
 */
export function selectedSubmodules(contents: DistContents, layout: DistLayout, topLevel: readonly string[], flaggedFiles: ReadonlySet<string>): string[] {
  const top = new Set(topLevel);
  const candidates: Array<{ name: string; flagged: boolean }> = [];
  for (const rel of importRelativePaths(contents, layout)) {
    const name = dottedModule(rel);
    if (!name || !top.has(name.split('.')[0])) continue;
    candidates.push({ name, flagged: flaggedFiles.has(rel) || [...flaggedFiles].some((f) => f.endsWith(`/${rel}`)) });
  }
  candidates.sort((a, b) => Number(b.flagged) - Number(a.flagged) || a.name.split('.').length - b.name.split('.').length || a.name.localeCompare(b.name));
  return [...new Set(candidates.map((c) => c.name))].slice(0, MAX_SUBMODULES);
}
