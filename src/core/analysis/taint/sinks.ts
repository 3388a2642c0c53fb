import type { SyntaxNode } from '../parser';
import { CODE_INJECTION, COMMAND_INJECTION, SQL_INJECTION, TEMPLATE_INJECTION, type TaintRule } from './rules';

/** How a sink takes the string that must not be built from untrusted data. */
interface SinkSpec {
  readonly rule: TaintRule;
  /** Keyword names that may carry the string instead of the first positional argument. */
  readonly keywords: readonly string[];
  /** For subprocess functions: the string is only run by a shell with `shell=` truthy. */
  readonly needsShell?: boolean;
}

/** A call that runs its argument as a command, code, SQL or a template. */
export interface SinkCall {
  readonly rule: TaintRule;
  /** How the sink is reported: `os.system()`, `.execute()`. */
  readonly label: string;
  /** The argument to check. */
  readonly argument: SyntaxNode;
}

const SHELL: SinkSpec = { rule: COMMAND_INJECTION, keywords: ['command', 'cmd'] };
const SUBPROCESS: SinkSpec = { rule: COMMAND_INJECTION, keywords: ['args'], needsShell: true };
const CODE: SinkSpec = { rule: CODE_INJECTION, keywords: ['source', 'expression'] };
const SQL: SinkSpec = { rule: SQL_INJECTION, keywords: ['sql', 'query', 'operation', 'raw_query', 'statement'] };
const TEMPLATE: SinkSpec = { rule: TEMPLATE_INJECTION, keywords: ['source', 'text', 'template_string', 'template_str'] };

/** Sinks by qualified name (after `ImportScope.qualify`). */
const SINKS_BY_NAME: ReadonlyMap<string, SinkSpec> = new Map([
  ['os.system', SHELL],
  ['os.popen', SHELL],
  ['os.popen2', SHELL],
  ['os.popen3', SHELL],
  ['os.popen4', SHELL],
  ['posix.system', SHELL],
  ['popen2.popen2', SHELL],
  ['popen2.popen3', SHELL],
  ['popen2.popen4', SHELL],
  ['commands.getoutput', SHELL],
  ['commands.getstatusoutput', SHELL],
  ['commands.getstatus', SHELL],
  ['subprocess.getoutput', SHELL],
  ['subprocess.getstatusoutput', SHELL],
  ['asyncio.create_subprocess_shell', SHELL],
  ['subprocess.Popen', SUBPROCESS],
  ['subprocess.call', SUBPROCESS],
  ['subprocess.check_call', SUBPROCESS],
  ['subprocess.check_output', SUBPROCESS],
  ['subprocess.run', SUBPROCESS],
  ['eval', CODE],
  ['exec', CODE],
  ['compile', CODE],
  ['builtins.eval', CODE],
  ['builtins.exec', CODE],
  ['builtins.compile', CODE],
  ['RawSQL', SQL],
  ['django.db.models.RawSQL', SQL],
  ['django.db.models.expressions.RawSQL', SQL],
  ['sqlalchemy.text', SQL],
  ['sqlalchemy.sql.text', SQL],
  ['sqlalchemy.sql.expression.text', SQL],
  ['pandas.read_sql', SQL],
  ['pandas.read_sql_query', SQL],
  ['flask.render_template_string', TEMPLATE],
  ['jinja2.Template', TEMPLATE],
  ['django.template.Template', TEMPLATE],
  ['mako.template.Template', TEMPLATE],
]);

/** Sinks by method name, whatever the object: `cursor.execute()`, `Model.objects.raw()`. */
const SINKS_BY_METHOD: ReadonlyMap<string, SinkSpec> = new Map([
  ['execute', SQL],
  ['executemany', SQL],
  ['executescript', SQL],
  ['raw', SQL],
  ['from_string', TEMPLATE],
]);

/** The last part of every sink's name: `system`, `execute`… */
const SINK_LAST_NAMES: ReadonlySet<string> = new Set([
  ...[...SINKS_BY_NAME.keys()].map((name) => name.slice(name.lastIndexOf('.') + 1)),
  ...SINKS_BY_METHOD.keys(),
]);

/** The sink `call` is, with the argument to check, or `undefined`. */
export function sinkCall(call: SyntaxNode, qualify: (node: SyntaxNode | null) => string | undefined): SinkCall | undefined {
  const callee = call.childForFieldName('function');
  if (!callee) return undefined;
  const method = callee.type === 'attribute' ? (callee.childForFieldName('attribute')?.text ?? '') : undefined;
  // A method call's qualified name ends with its method name: skip resolving the chains of other methods.
  if (method !== undefined && !SINK_LAST_NAMES.has(method)) return undefined;
  const qualified = qualify(callee);
  let spec = qualified === undefined ? undefined : SINKS_BY_NAME.get(qualified);
  let label = `${qualified}()`;
  if (!spec && method !== undefined) {
    spec = SINKS_BY_METHOD.get(method);
    label = `.${method}()`;
  }
  if (!spec) return undefined;
  const args = call.childForFieldName('arguments');
  if (!args || args.type !== 'argument_list') return undefined;
  if (spec.needsShell && !mayUseShell(args)) return undefined;
  const argument = stringArgument(args, spec.keywords);
  return argument ? { rule: spec.rule, label, argument } : undefined;
}

/** The first positional argument, or the first keyword argument named in `keywords`. */
function stringArgument(args: SyntaxNode, keywords: readonly string[]): SyntaxNode | undefined {
  for (const child of args.namedChildren) {
    if (!child || child.type === 'comment') continue;
    if (child.type === 'list_splat' || child.type === 'dictionary_splat') return undefined;
    if (child.type !== 'keyword_argument') return child;
    const name = child.childForFieldName('name')?.text ?? '';
    const value = child.childForFieldName('value');
    if (keywords.includes(name) && value) return value;
  }
  return undefined;
}

/** `shell=` present and not a literal False/None/0. */
function mayUseShell(args: SyntaxNode): boolean {
  for (const child of args.namedChildren) {
    if (child?.type !== 'keyword_argument' || child.childForFieldName('name')?.text !== 'shell') continue;
    const value = child.childForFieldName('value');
    return !(value?.type === 'false' || value?.type === 'none' || (value?.type === 'integer' && value.text === '0'));
  }
  return false;
}
