import type { SyntaxNode } from '../parser';
import type { TaintEnvironment } from './expressionTaint';
import { sourceTaint, type Taint } from './taint';

/** Annotations under which a parameter cannot carry an injection. */
const SAFE_PARAMETER_TYPES: ReadonlySet<string> = new Set(['int', 'float', 'bool', 'complex', 'uuid.UUID', 'UUID']);

/** Receivers: parameters that are not caller data. */
const RECEIVER_NAMES: ReadonlySet<string> = new Set(['self', 'cls', 'mcs', 'metacls']);

/** A scope's tainted names at one point of the walk (the module's, between two top-level statements). */
export interface TaintState {
  readonly tainted: ReadonlyMap<string, Taint>;
  readonly bindsAttributes: boolean;
}

/**
 * The tainted names of one scope (the module or a function body): which local
 * names and attribute chains may hold untrusted data, in document order.
 */
export class TaintScope implements TaintEnvironment {
  private tainted = new Map<string, Taint>();
  private attributes = false;
  /** How many conditional statements (`if`, loops, `try`...) of this scope the walk is inside. */
  openConditionals = 0;
  /** Whether the walk read or bound anything in this scope (a statement that did not is independent of its state). */
  touched = false;
  /** Changes whenever the tainted names do. */
  version = 0;

  constructor(readonly qualify: (node: SyntaxNode | null) => string | undefined) {}

  get bindsAttributes(): boolean {
    this.touched = true;
    return this.attributes;
  }

  state(): TaintState {
    return { tainted: new Map(this.tainted), bindsAttributes: this.attributes };
  }

  /** Puts the scope in `state` (as a statement that was not walked again left it). */
  restore(state: TaintState): void {
    this.tainted = new Map(state.tainted);
    this.attributes = state.bindsAttributes;
    this.version++;
  }

  /** A scope for a function body, with its parameters tainted. */
  static forFunction(definition: SyntaxNode, qualify: (node: SyntaxNode | null) => string | undefined): TaintScope {
    const scope = new TaintScope(qualify);
    for (const parameter of definition.childForFieldName('parameters')?.namedChildren ?? []) {
      const name = parameter && parameterName(parameter);
      if (name && !RECEIVER_NAMES.has(name)) scope.tainted.set(name, sourceTaint(`parameter '${name}'`));
    }
    return scope;
  }

  lookup(key: string): Taint | undefined {
    this.touched = true;
    return this.tainted.get(key);
  }

  /**
   * Binds `key` to `taint`. A clean value overwrites only in straight-line code
   * (`unconditional`): after `if c: cmd = "ls"`, `cmd` may still be tainted.
   */
  bind(key: string, taint: Taint | undefined, unconditional: boolean): void {
    this.touched = true;
    if (taint) {
      this.tainted.set(key, taint);
      if (key.includes('.')) this.attributes = true;
      this.version++;
    } else if (unconditional) {
      if (this.tainted.delete(key)) this.version++;
    }
  }
}

/** The name a parameter binds, or undefined for separators and parameters of a safe type. */
function parameterName(parameter: SyntaxNode): string | undefined {
  switch (parameter.type) {
    case 'identifier':
      return parameter.text;
    case 'default_parameter':
      return parameter.childForFieldName('name')?.text;
    case 'typed_parameter':
    case 'typed_default_parameter': {
      const type = parameter.childForFieldName('type')?.text ?? '';
      if (SAFE_PARAMETER_TYPES.has(type)) return undefined;
      const name = parameter.childForFieldName('name') ?? parameter.firstNamedChild;
      return name?.type === 'identifier' ? name.text : name ? parameterName(name) : undefined;
    }
    case 'list_splat_pattern':
    case 'dictionary_splat_pattern':
      return parameter.firstNamedChild?.text;
    default:
      return undefined;
  }
}
