import type { SyntaxNode } from './parser';
import type { NodeVisitor } from './walk';

export interface ImportRecord {
  /** Fully qualified module, e.g. `xml.etree.ElementTree`; for `from a import b`, `a`. */
  module: string;
  /** For `from a import b` the imported names (`b`); empty for `import a`. */
  names: string[];
  /** Leading dots of a relative import (`from ..pkg import x` → 2). */
  level: number;
  node: SyntaxNode;
}

/** What a part of a file read from the imports before it: each answer it got that its own imports did not give. */
export interface ImportReads {
  readonly aliases: Map<string, string | undefined>;
  readonly like: Map<string, boolean>;
  readonly exact: Map<string, boolean>;
}

/** What a part of a file (a statement) read from the imports before it, and the imports it made. */
export interface ImportUnit {
  readonly reads: ImportReads;
  /** The aliases its imports bound, with their final targets. */
  readonly bound: ReadonlyArray<readonly [string, string]>;
  /** The Bandit import names it added, in order. */
  readonly names: readonly string[];
}

/** An open part of the file whose reads are being recorded. */
interface Tracker {
  readonly reads: ImportReads;
  readonly bound: Set<string>;
  /** Index in `names` where the part starts. */
  readonly namesStart: number;
}

/**
 * Tracks imports in document order and resolves local names through them, as
 * Bandit does: after `import subprocess as sp`, `sp.Popen` qualifies to
 * `subprocess.Popen`; after `from os import system as run`, `run` to `os.system`.
 *
 * Between `beginUnit` and `endUnit` it records what the walk of that part of the
 * file read from the imports before it, so the part's results can be reused while
 * those answers stay the same; `applyUnit` replays a reused part's imports.
 */
export class ImportScope implements NodeVisitor {
  readonly nodeTypes = ['import_statement', 'import_from_statement'];
  readonly aliases = new Map<string, string>();
  /** The imports walked (not those replayed by `applyUnit`). */
  readonly imports: ImportRecord[] = [];
  /** Bandit's `imports` set in order: `a` for `import a`, `a.b` for `from a import b`. */
  readonly names: string[] = [];
  private readonly likeAnswers = new Map<string, boolean>();
  private readonly trackers: Tracker[] = [];

  /** What a local name stands for through the imports so far (`sp` → `subprocess`), if anything. */
  resolve(name: string): string | undefined {
    const target = this.aliases.get(name);
    for (const tracker of this.trackers) {
      if (!tracker.bound.has(name)) remember(tracker.reads.aliases, name, target);
    }
    return target;
  }

  /** Bandit's `is_module_imported_like`: some import so far contains `module` as a substring. */
  importedLike(module: string): boolean {
    const answer = this.isImportedLike(module);
    for (const tracker of this.trackers) {
      if (!this.namesSince(tracker).some((name) => name.includes(module))) remember(tracker.reads.like, module, answer);
    }
    return answer;
  }

  /** Bandit's `is_module_imported_exact`. */
  importedExact(module: string): boolean {
    const answer = this.names.includes(module);
    for (const tracker of this.trackers) {
      if (!this.namesSince(tracker).includes(module)) remember(tracker.reads.exact, module, answer);
    }
    return answer;
  }

  /** Whether `reads` would get the same answers here. */
  answersAsBefore(reads: ImportReads): boolean {
    for (const [alias, target] of reads.aliases) if (this.aliases.get(alias) !== target) return false;
    for (const [module, answer] of reads.like) if (this.isImportedLike(module) !== answer) return false;
    for (const [module, answer] of reads.exact) if (this.names.includes(module) !== answer) return false;
    return true;
  }

  beginUnit(): void {
    this.trackers.push({ reads: { aliases: new Map(), like: new Map(), exact: new Map() }, bound: new Set(), namesStart: this.names.length });
  }

  endUnit(): ImportUnit {
    const tracker = this.trackers.pop()!;
    return {
      reads: tracker.reads,
      bound: [...tracker.bound].map((alias) => [alias, this.aliases.get(alias)!] as const),
      names: this.namesSince(tracker),
    };
  }

  /** Replays a reused part: its reads count for the parts that enclose it, then its imports take effect. */
  applyUnit(unit: ImportUnit): void {
    for (const tracker of this.trackers) {
      const own = this.namesSince(tracker);
      for (const [alias, target] of unit.reads.aliases) if (!tracker.bound.has(alias)) remember(tracker.reads.aliases, alias, target);
      for (const [module, answer] of unit.reads.like) if (!own.some((name) => name.includes(module))) remember(tracker.reads.like, module, answer);
      for (const [module, answer] of unit.reads.exact) if (!own.includes(module)) remember(tracker.reads.exact, module, answer);
    }
    for (const [alias, target] of unit.bound) this.bind(alias, target);
    this.addNames(unit.names);
  }

  private isImportedLike(module: string): boolean {
    let answer = this.likeAnswers.get(module);
    if (answer === undefined) {
      answer = this.names.some((name) => name.includes(module));
      this.likeAnswers.set(module, answer);
    }
    return answer;
  }

  private namesSince(tracker: Tracker): string[] {
    return this.names.slice(tracker.namesStart);
  }

  private addNames(names: readonly string[]): void {
    if (names.length === 0) return;
    this.names.push(...names);
    this.likeAnswers.clear();
  }

  private bind(alias: string, target: string): void {
    this.aliases.set(alias, target);
    for (const tracker of this.trackers) tracker.bound.add(alias);
  }

  private record(record: ImportRecord): void {
    this.imports.push(record);
    if (record.names.length === 0) this.addNames([record.module]);
    else this.addNames(record.names.map((name) => (record.module ? `${record.module}.${name}` : name)));
  }

  enter(node: SyntaxNode, type: string): void {
    if (type === 'import_statement') this.recordImport(node);
    else if (type === 'import_from_statement') this.recordFromImport(node);
  }

  private recordImport(node: SyntaxNode): void {
    for (const child of node.childrenForFieldName('name')) {
      if (!child) continue;
      if (child.type === 'aliased_import') {
        const module = child.childForFieldName('name')?.text ?? '';
        const alias = child.childForFieldName('alias')?.text;
        if (alias) this.bind(alias, module);
        this.record({ module, names: [], level: 0, node });
      } else {
        this.record({ module: child.text, names: [], level: 0, node });
      }
    }
  }

  private recordFromImport(node: SyntaxNode): void {
    const moduleNode = node.childForFieldName('module_name');
    let module = moduleNode?.text ?? '';
    let level = 0;
    if (moduleNode?.type === 'relative_import') {
      level = /^\.*/.exec(module)![0].length;
      module = module.slice(level);
    }
    const names: string[] = [];
    for (const child of node.childrenForFieldName('name')) {
      if (!child) continue;
      if (child.type === 'aliased_import') {
        const name = child.childForFieldName('name')?.text ?? '';
        const alias = child.childForFieldName('alias')?.text ?? name;
        names.push(name);
        if (level === 0) this.bind(alias, `${module}.${name}`);
      } else {
        names.push(child.text);
        if (level === 0) this.bind(child.text, `${module}.${child.text}`);
      }
    }
    if (node.children.some((c) => c?.type === 'wildcard_import')) names.push('*');
    this.record({ module, names, level, node });
  }

  /**
   * The dotted name of an identifier or attribute chain (`a.b.c`), with its first
   * part replaced through the imports; `undefined` for anything else (calls,
   * subscripts), as Bandit leaves those unqualified.
   */
  qualify(node: SyntaxNode | null): string | undefined {
    const parts = dottedParts(node);
    if (!parts) return undefined;
    const resolved = this.resolve(parts[0]);
    if (resolved) parts[0] = resolved;
    return parts.join('.');
  }
}

function remember<K, V>(map: Map<K, V>, key: K, value: V): V {
  if (!map.has(key)) map.set(key, value);
  return value;
}

/** `a.b.c` as ['a', 'b', 'c'] for identifier/attribute chains, else undefined. */
export function dottedParts(node: SyntaxNode | null): string[] | undefined {
  const parts: string[] = [];
  let current = node;
  while (current) {
    if (current.type === 'identifier') {
      parts.push(current.text);
      return parts.reverse();
    }
    if (current.type !== 'attribute') return undefined;
    const attr = current.childForFieldName('attribute');
    if (!attr) return undefined;
    parts.push(attr.text);
    current = current.childForFieldName('object');
  }
  return undefined;
}
