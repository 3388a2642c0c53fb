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
