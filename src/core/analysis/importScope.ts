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

/**
 * Tracks imports in document order and resolves local names through them, as
 * Bandit does: after `import subprocess as sp`, `sp.Popen` qualifies to
 * `subprocess.Popen`; after `from os import system as run`, `run` to `os.system`.
 */
export class ImportScope implements NodeVisitor {
  readonly nodeTypes = ['import_statement', 'import_from_statement'];
  readonly aliases = new Map<string, string>();
  readonly imports: ImportRecord[] = [];

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
        if (alias) this.aliases.set(alias, module);
        this.imports.push({ module, names: [], level: 0, node });
      } else {
        this.imports.push({ module: child.text, names: [], level: 0, node });
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
        if (level === 0) this.aliases.set(alias, `${module}.${name}`);
      } else {
        names.push(child.text);
        if (level === 0) this.aliases.set(child.text, `${module}.${child.text}`);
      }
    }
    if (node.children.some((c) => c?.type === 'wildcard_import')) names.push('*');
    this.imports.push({ module, names, level, node });
  }

  /**
   * The dotted name of an identifier or attribute chain (`a.b.c`), with its first
   * part replaced through the imports; `undefined` for anything else (calls,
   * subscripts), as Bandit leaves those unqualified.
   */
  qualify(node: SyntaxNode | null): string | undefined {
    const parts = dottedParts(node);
    if (!parts) return undefined;
    const resolved = this.aliases.get(parts[0]);
    if (resolved) parts[0] = resolved;
    return parts.join('.');
  }
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
