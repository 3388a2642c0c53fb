import type { RuleDescription } from '../types';

/** The catalog entry behind a taint rule's findings. */
export type TaintRule = RuleDescription & { readonly cwe: number };

export const COMMAND_INJECTION: TaintRule = {
  id: 'SP001',
  name: 'command-injection',
  severity: 'high',
  confidence: 'high',
  cwe: 78,
  explanation:
    'A shell command is built from untrusted input (a function parameter, input(), sys.argv, the environment or a web request) ' +
    'by an f-string, % formatting, .format(), str.join() or + concatenation, and run by a shell (os.system, os.popen, ' +
    'commands.*, subprocess.getoutput, or subprocess.* with shell=True). Shell metacharacters in the input (; | && $() `) run ' +
    'commands of the attacker’s choosing.',
  fix:
    'Pass the command as a list of arguments without a shell: subprocess.run(["ls", "-l", path]). If a shell is unavoidable, ' +
    'quote every untrusted piece with shlex.quote() and validate it against an allow-list first.',
};

export const CODE_INJECTION: TaintRule = {
  id: 'SP002',
  name: 'code-injection',
  severity: 'high',
  confidence: 'high',
  cwe: 95,
  explanation:
    'Python source is built from untrusted input and handed to eval(), exec() or compile(). Whoever controls the input runs ' +
    'arbitrary Python in the process, with all its privileges.',
  fix:
    'Do not evaluate text built from input. Parse data with json.loads() or ast.literal_eval(), and map names to ' +
    'functions with an explicit dictionary instead of building code.',
};

export const SQL_INJECTION: TaintRule = {
  id: 'SP003',
  name: 'sql-injection',
  severity: 'high',
  confidence: 'high',
  cwe: 89,
  explanation:
    'An SQL statement is built from untrusted input by string formatting and run by .execute(), .executemany(), ' +
    '.executescript(), Django’s .raw() or RawSQL(), SQLAlchemy’s text() or pandas.read_sql(). Quotes in the input change ' +
    'the statement: data can be read, changed or deleted.',
  fix:
    'Keep the statement constant and pass values as parameters: cursor.execute("SELECT * FROM t WHERE id = %s", (user_id,)) ' +
    '(the placeholder depends on the driver: ?, %s or :name). For identifiers (table or column names), check them against an allow-list.',
};

export const TEMPLATE_INJECTION: TaintRule = {
  id: 'SP004',
  name: 'template-injection',
  severity: 'high',
  confidence: 'high',
  cwe: 1336,
  explanation:
    'A template’s source text is built from untrusted input and compiled by flask.render_template_string(), jinja2.Template(), ' +
    'Environment.from_string(), django.template.Template() or mako Template(). Template syntax in the input ({{ ... }}) runs ' +
    'on the server and typically leads to remote code execution.',
  fix:
    'Keep template source constant and pass untrusted values as context variables: ' +
    'render_template_string("Hello {{ name }}", name=name).',
};

/** Every taint rule, by ID. */
export const TAINT_RULES: readonly TaintRule[] = [COMMAND_INJECTION, CODE_INJECTION, SQL_INJECTION, TEMPLATE_INJECTION];
