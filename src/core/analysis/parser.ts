import * as fs from 'node:fs';
import * as path from 'node:path';
import { Edit, Language, Parser, Tree } from 'web-tree-sitter';

export type { Edit, Tree };
export type { Node as SyntaxNode } from 'web-tree-sitter';

const RUNTIME_WASM = 'tree-sitter.wasm';
const PYTHON_WASM = 'tree-sitter-python.wasm';

/**
 * Where the two .wasm files live: next to the bundle in dist/ (esbuild copies
 * them there), or in node_modules when running from source (tests, tsx).
 */
export function findWasmDir(start: string = __dirname): string {
  const candidates = [
    start,
    path.join(start, '..'),
    path.join(start, '..', '..', '..', 'dist'),
    path.join(start, '..', '..', 'dist'),
  ];
  for (const dir of candidates) {
    if (fs.existsSync(path.join(dir, RUNTIME_WASM)) && fs.existsSync(path.join(dir, PYTHON_WASM))) return dir;
  }
  const runtime = require.resolve('web-tree-sitter/tree-sitter.wasm');
  const python = require.resolve('tree-sitter-python/tree-sitter-python.wasm');
  if (path.dirname(runtime) === path.dirname(python)) return path.dirname(runtime);
  return '';
}

function wasmPath(dir: string, file: string, pkg: string): string {
  if (dir && fs.existsSync(path.join(dir, file))) return path.join(dir, file);
  return require.resolve(`${pkg}/${file}`);
}

let loading: Promise<Language> | undefined;

/** Loads the tree-sitter runtime and the Python grammar once per process (or worker). */
export function loadPythonLanguage(wasmDir: string = findWasmDir()): Promise<Language> {
  loading ??= (async () => {
    const runtime = wasmPath(wasmDir, RUNTIME_WASM, 'web-tree-sitter');
    await Parser.init({ locateFile: () => runtime });
    return Language.load(fs.readFileSync(wasmPath(wasmDir, PYTHON_WASM, 'tree-sitter-python')));
  })();
  return loading;
}

/** A Python parser; reuse one per document stream so incremental parses can share state. */
export class PythonParser {
  private readonly parser: Parser;

  private constructor(language: Language) {
    this.parser = new Parser();
    this.parser.setLanguage(language);
  }

  static async create(wasmDir?: string): Promise<PythonParser> {
    return new PythonParser(await loadPythonLanguage(wasmDir));
  }

  /** Parses `text`; pass the previous tree, already `edit()`ed, for an incremental parse. */
  parse(text: string, oldTree?: Tree | null): Tree {
    const tree = this.parser.parse(text, oldTree ?? null);
    if (!tree) throw new Error('tree-sitter returned no tree (parse cancelled)');
    return tree;
  }

  delete(): void {
    this.parser.delete();
  }
}
