import { satisfies, validRange } from './pep440';
import { normalizeName } from '../names';

/** PEP 508 environment marker variables and their values for one interpreter. */
export interface MarkerEnvironment {
  os_name: string;
  sys_platform: string;
  platform_machine: string;
  platform_python_implementation: string;
  platform_release: string;
  platform_system: string;
  platform_version: string;
  python_version: string;
  python_full_version: string;
  implementation_name: string;
  implementation_version: string;
  /** The extra being installed, '' when none. */
  extra: string;
}

/** CPython 3.11 on 64-bit Linux: the interpreter the sandboxes run. */
export const DEFAULT_MARKER_ENVIRONMENT: Readonly<MarkerEnvironment> = {
  os_name: 'posix',
  sys_platform: 'linux',
  platform_machine: 'x86_64',
  platform_python_implementation: 'CPython',
  platform_release: '6.1.0',
  platform_system: 'Linux',
  platform_version: '#1 SMP PREEMPT_DYNAMIC Debian 6.1.0',
  python_version: '3.11',
  python_full_version: '3.11.2',
  implementation_name: 'cpython',
  implementation_version: '3.11.2',
  extra: '',
};

/** Old spellings packaging still accepts, mapped to their PEP 508 names. */
const VARIABLE_ALIASES: Record<string, keyof MarkerEnvironment> = {
  'os.name': 'os_name',
  'sys.platform': 'sys_platform',
  'platform.version': 'platform_version',
  'platform.machine': 'platform_machine',
  'platform.python_implementation': 'platform_python_implementation',
  python_implementation: 'platform_python_implementation',
};

const OPERATORS = ['===', '==', '!=', '<=', '>=', '~=', '<', '>', 'not in', 'in'] as const;
type MarkerOperator = (typeof OPERATORS)[number];

type Operand = { kind: 'variable'; name: keyof MarkerEnvironment } | { kind: 'string'; value: string };

export type MarkerNode =
  | { kind: 'and' | 'or'; left: MarkerNode; right: MarkerNode }
  | { kind: 'compare'; left: Operand; operator: MarkerOperator; right: Operand };

export type MarkerParseResult =
  | { ok: true; node: MarkerNode }
  /** `offset`/`length` locate the offending text inside the marker string. */
  | { ok: false; message: string; offset: number; length: number };

class MarkerSyntaxError extends Error {
  constructor(message: string, readonly offset: number, readonly length: number) {
    super(message);
  }
}

/** Parses a PEP 508 marker (`python_version < "3.11" and (sys_platform == "linux" or extra == "x")`). */
export function parseMarker(text: string): MarkerParseResult {
  const parser = new MarkerParser(text);
  try {
    const node = parser.parseOr();
    parser.skipSpace();
    if (!parser.atEnd()) {
      throw new MarkerSyntaxError(`unexpected '${parser.rest().slice(0, 20)}' (expected 'and', 'or' or the end of the marker)`, parser.position, parser.rest().length);
    }
    return { ok: true, node };
  } catch (error) {
    if (error instanceof MarkerSyntaxError) {
      return { ok: false, message: error.message, offset: error.offset, length: Math.max(1, error.length) };
    }
    throw error;
  }
}

/** Evaluates a marker against `environment` (defaults: CPython 3.11 on Linux). Throws on a syntax error. */
export function evaluateMarker(marker: string, environment: Partial<MarkerEnvironment> = {}): boolean {
  const parsed = parseMarker(marker);
  if (!parsed.ok) {
    throw new Error(`Invalid environment marker '${marker}': ${parsed.message} at offset ${parsed.offset}.`);
  }
  return evaluateNode(parsed.node, { ...DEFAULT_MARKER_ENVIRONMENT, ...environment });
}

export function evaluateNode(node: MarkerNode, environment: MarkerEnvironment): boolean {
  switch (node.kind) {
    case 'and':
      return evaluateNode(node.left, environment) && evaluateNode(node.right, environment);
    case 'or':
      return evaluateNode(node.left, environment) || evaluateNode(node.right, environment);
    case 'compare':
      return compare(node, environment);
  }
}

function compare(node: Extract<MarkerNode, { kind: 'compare' }>, environment: MarkerEnvironment): boolean {
  const isExtra = [node.left, node.right].some((operand) => operand.kind === 'variable' && operand.name === 'extra');
  const valueOf = (operand: Operand): string => {
    const value = operand.kind === 'variable' ? environment[operand.name] : operand.value;
    return isExtra ? normalizeName(value) : value;
  };
  const left = valueOf(node.left);
  const right = valueOf(node.right);
  switch (node.operator) {
    case 'in':
      return right.includes(left);
    case 'not in':
      return !right.includes(left);
    default: {
      // As packaging: compare as versions when `operator right` is a valid specifier, else as strings.
      const specifier = `${node.operator}${right}`;
      if (!isExtra && validRange(specifier)) {
        return satisfies(left, specifier, { prereleases: true });
      }
      return compareStrings(left, node.operator, right);
    }
  }
}

function compareStrings(left: string, operator: MarkerOperator, right: string): boolean {
  switch (operator) {
    case '==':
    case '===':
      return left === right;
    case '!=':
      return left !== right;
    case '<':
      return left < right;
    case '<=':
      return left <= right;
    case '>':
      return left > right;
    case '>=':
      return left >= right;
    default:
      return false;
  }
}

class MarkerParser {
  position = 0;

  constructor(private readonly text: string) {}

  atEnd(): boolean {
    return this.position >= this.text.length;
  }

  rest(): string {
    return this.text.slice(this.position);
  }

  skipSpace(): void {
    while (!this.atEnd() && /\s/.test(this.text[this.position])) {
      this.position++;
    }
  }

  parseOr(): MarkerNode {
    let node = this.parseAnd();
    while (this.keyword('or')) {
      node = { kind: 'or', left: node, right: this.parseAnd() };
    }
    return node;
  }

  private parseAnd(): MarkerNode {
    let node = this.parseAtom();
    while (this.keyword('and')) {
      node = { kind: 'and', left: node, right: this.parseAtom() };
    }
    return node;
  }

  private parseAtom(): MarkerNode {
    this.skipSpace();
    if (this.text[this.position] === '(') {
      const open = this.position;
      this.position++;
      const node = this.parseOr();
      this.skipSpace();
      if (this.text[this.position] !== ')') {
        throw new MarkerSyntaxError("'(' is never closed: add ')'", open, 1);
      }
      this.position++;
      return node;
    }
    const left = this.parseOperand();
    const operator = this.parseOperator();
    const right = this.parseOperand();
    if (left.kind === 'string' && right.kind === 'string') {
      throw new MarkerSyntaxError('compares two strings: one side must be a variable such as python_version', this.position, 1);
    }
    return { kind: 'compare', left, operator, right };
  }

  private keyword(word: string): boolean {
    this.skipSpace();
    const match = new RegExp(`^${word}(?![A-Za-z0-9_.])`).exec(this.rest());
    if (match) {
      this.position += word.length;
      return true;
    }
    return false;
  }

  private parseOperand(): Operand {
    this.skipSpace();
    const start = this.position;
    const quote = this.text[start];
    if (quote === '"' || quote === "'") {
      const close = this.text.indexOf(quote, start + 1);
      if (close < 0) {
        throw new MarkerSyntaxError(`string starting here is never closed: add ${quote}`, start, this.text.length - start);
      }
      this.position = close + 1;
      return { kind: 'string', value: this.text.slice(start + 1, close) };
    }
    const word = /^[A-Za-z_][A-Za-z0-9_.]*/.exec(this.rest())?.[0];
    if (word === undefined) {
      const found = this.atEnd() ? 'the end of the marker' : `'${this.rest().slice(0, 10)}'`;
      throw new MarkerSyntaxError(`expected a marker variable (python_version, sys_platform, …) or a quoted string, found ${found}`, start, Math.max(1, this.rest().length));
    }
    const name = (VARIABLE_ALIASES[word] ?? word) as keyof MarkerEnvironment;
    if (!(name in DEFAULT_MARKER_ENVIRONMENT)) {
      throw new MarkerSyntaxError(`unknown marker variable '${word}' (known: ${Object.keys(DEFAULT_MARKER_ENVIRONMENT).join(', ')}); quote it if it is a value`, start, word.length);
    }
    this.position += word.length;
    return { kind: 'variable', name };
  }

  private parseOperator(): MarkerOperator {
    this.skipSpace();
    const rest = this.rest();
    const notIn = /^not\s+in(?![A-Za-z0-9_])/.exec(rest);
    if (notIn) {
      this.position += notIn[0].length;
      return 'not in';
    }
    const operator = OPERATORS.find((candidate) => candidate !== 'not in' && rest.startsWith(candidate) && (candidate !== 'in' || !/^in[A-Za-z0-9_]/.test(rest)));
    if (operator === undefined) {
      throw new MarkerSyntaxError(`expected a comparison (==, !=, <, <=, >, >=, ~=, ===, in, not in), found '${rest.slice(0, 10) || 'the end'}'`, this.position, Math.max(1, rest.length));
    }
    this.position += operator.length;
    return operator;
  }
}
