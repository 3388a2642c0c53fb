import type { Level } from '../types';

/** Everything a finding of one rule shares, whatever node produced it. */
export interface RuleInfo {
  id: string;
  /** Bandit's test or blacklist name, e.g. `subprocess_popen_with_shell_equals_true`. */
  name: string;
  severity: Level;
  confidence: Level;
  cwe: number;
  /** Bandit's issue text; `{name}` is replaced by the matched call or module. */
  message: string;
  explanation: string;
  fix: string;
  docsUrl: string;
}

const DOCS = 'https://bandit.readthedocs.io/en/latest';
const pluginDocs = (id: string, slug: string) => `${DOCS}/plugins/${id.toLowerCase()}_${slug}.html`;
const callDocs = (anchor: string) => `${DOCS}/blacklists/blacklist_calls.html#${anchor}`;
const importDocs = (anchor: string) => `${DOCS}/blacklists/blacklist_imports.html#${anchor}`;

type Row = [id: string, name: string, severity: Level, confidence: Level, cwe: number, message: string, explanation: string, fix: string, docsUrl?: string];

const XML_CALL_MESSAGE =
  'Using {name} to parse untrusted XML data is known to be vulnerable to XML attacks. Replace {name} with its defusedxml equivalent function or make sure defusedxml.defuse_stdlib() is called';
const XML_IMPORT_MESSAGE =
  'Using {name} to parse untrusted XML data is known to be vulnerable to XML attacks. Replace {name} with the equivalent defusedxml package, or make sure defusedxml.defuse_stdlib() is called.';
const XML_EXPLANATION =
  'The standard library XML parsers expand entities and may fetch external resources, so a crafted document can exhaust memory ("billion laughs") or read local files.';
const XML_FIX = 'Parse untrusted XML with defusedxml (e.g. defusedxml.ElementTree.fromstring) or call defusedxml.defuse_stdlib() at start-up.';
const PICKLE_EXPLANATION = 'Unpickling runs arbitrary code chosen by whoever produced the data: a pickle is a program, not a data format.';
const SHELL_FIX = 'Pass the command as a list of arguments to subprocess.run without shell=True, and never build it from untrusted input.';
const PASSWORD_EXPLANATION = 'A secret written in the source ends up in version control, logs and every copy of the code, and cannot be rotated without a release.';
const PASSWORD_FIX = 'Read the secret from the environment, a secrets manager or a configuration file outside the repository.';

const ROWS: Row[] = [
  ['B101', 'assert_used', 'low', 'high', 703, 'Use of assert detected. The enclosed code will be removed when compiling to optimised byte code.',
    'Assertions are removed when Python runs with -O, so a check written as an assert silently disappears in optimised builds.',
    'Raise an explicit exception (if not cond: raise ValueError(...)) for checks that must always run.'],
  ['B102', 'exec_used', 'medium', 'high', 78, 'Use of exec detected.',
    'exec runs any Python code it is given; if any part of that code comes from outside, an attacker can run code in your process.',
    'Replace exec with explicit code paths, a dispatch table, or ast.literal_eval for data.'],
  ['B103', 'set_bad_file_permissions', 'medium', 'high', 732, 'Chmod setting a permissive mask {mode} on file ({name}).',
    'World-writable files can be modified by any local user; group-executable files widen who can run them.',
    'Grant the fewest bits needed, e.g. 0o600 for private files and 0o700 or 0o755 for executables.'],
  ['B104', 'hardcoded_bind_all_interfaces', 'medium', 'medium', 605, 'Possible binding to all interfaces.',
    'Binding to 0.0.0.0 exposes the service on every network interface, including public ones.',
    'Bind to 127.0.0.1 or to an address taken from configuration.'],
  ['B105', 'hardcoded_password_string', 'low', 'medium', 259, "Possible hardcoded password: '{name}'", PASSWORD_EXPLANATION, PASSWORD_FIX],
  ['B106', 'hardcoded_password_funcarg', 'low', 'medium', 259, "Possible hardcoded password: '{name}'", PASSWORD_EXPLANATION, PASSWORD_FIX],
  ['B107', 'hardcoded_password_default', 'low', 'medium', 259, "Possible hardcoded password: '{name}'", PASSWORD_EXPLANATION, PASSWORD_FIX],
  ['B108', 'hardcoded_tmp_directory', 'medium', 'medium', 377, 'Probable insecure usage of temp file/directory.',
    'Fixed paths in shared temporary directories can be pre-created or symlinked by other local users.',
    'Use tempfile.mkstemp / tempfile.TemporaryDirectory, which create unique, private entries.'],
  ['B110', 'try_except_pass', 'low', 'high', 703, 'Try, Except, Pass detected.',
    'Silently swallowing every exception hides failures, including security-relevant ones.',
    'Catch the specific exception you expect, and log or handle it.'],
  ['B112', 'try_except_continue', 'low', 'high', 703, 'Try, Except, Continue detected.',
    'Silently skipping on every exception hides failures, including security-relevant ones.',
    'Catch the specific exception you expect, and log or handle it.'],
  ['B113', 'request_without_timeout', 'medium', 'low', 400, 'Call to {name} without timeout',
    'Without a timeout an HTTP call can hang forever on an unresponsive or malicious server, exhausting workers.',
    'Always pass timeout=(connect, read) seconds.'],
  ['B201', 'flask_debug_true', 'high', 'medium', 94, 'A Flask app appears to be run with debug=True, which exposes the Werkzeug debugger and allows the execution of arbitrary code.',
    'The Werkzeug debugger gives an interactive Python console to anyone who can trigger an error page.',
    'Never pass debug=True in code that can reach production; read it from an environment-specific setting.'],
  ['B202', 'tarfile_unsafe_members', 'high', 'high', 22, 'tarfile.extractall used without any validation. Please check and discard dangerous members.',
    'Archive members can have absolute paths, ".." components or links that write outside the target directory.',
    "Pass filter='data' (Python 3.12+ / backports) or members= a function that discards unsafe members."],
  ['B301', 'pickle', 'medium', 'high', 502, 'Pickle and modules that wrap it can be unsafe when used to deserialize untrusted data, possible security issue.',
    PICKLE_EXPLANATION, 'Deserialise untrusted data with a data-only format such as json.', callDocs('b301-pickle')],
  ['B302', 'marshal', 'medium', 'high', 502, 'Deserialization with the marshal module is possibly dangerous.',
    'marshal is not designed to be safe against malformed or malicious data.', 'Use json or another data-only format for untrusted input.', callDocs('b302-marshal')],
  ['B303', 'md5', 'medium', 'high', 327, 'Use of insecure MD2, MD4, MD5, or SHA1 hash function.',
    'MD2, MD4, MD5 and SHA1 have practical collision attacks.', 'Use SHA-256 or better (or a password hash such as scrypt/argon2 for passwords).', callDocs('b303-md5')],
  ['B304', 'ciphers', 'high', 'high', 327, 'Use of insecure cipher {name}. Replace with a known secure cipher such as AES.',
    'These ciphers are broken or have too small a block/key size.', 'Use AES-GCM or ChaCha20-Poly1305 from the cryptography package.', callDocs('b304-b305-ciphers-and-modes')],
  ['B305', 'cipher_modes', 'medium', 'high', 327, 'Use of insecure cipher mode {name}.',
    'ECB encrypts equal blocks to equal ciphertext, leaking patterns of the plaintext.', 'Use an authenticated mode such as GCM.', callDocs('b304-b305-ciphers-and-modes')],
  ['B306', 'mktemp_q', 'medium', 'high', 377, 'Use of insecure and deprecated function (mktemp).',
    'mktemp returns a name without creating the file, so another process can create it first (race condition).', 'Use tempfile.mkstemp or NamedTemporaryFile.', callDocs('b306-mktemp-q')],
  ['B307', 'eval', 'medium', 'high', 78, 'Use of possibly insecure function - consider using safer ast.literal_eval.',
    'eval runs arbitrary Python expressions.', 'Use ast.literal_eval for literals, or parse the input explicitly.', callDocs('b307-eval')],
  ['B308', 'mark_safe', 'medium', 'high', 79, 'Use of mark_safe() may expose cross-site scripting vulnerabilities and should be reviewed.',
    'mark_safe disables Django auto-escaping for the value.', 'Build HTML with format_html, which escapes its arguments.', callDocs('b308-mark-safe')],
  ['B310', 'urllib_urlopen', 'medium', 'high', 22, 'Audit url open for permitted schemes. Allowing use of file:/ or custom schemes is often unexpected.',
    'urlopen accepts file:// and custom schemes, so a user-supplied URL can read local files.', 'Validate that the URL scheme is http or https before opening it, or use requests.', callDocs('b310-urllib-urlopen')],
  ['B311', 'random', 'low', 'high', 330, 'Standard pseudo-random generators are not suitable for security/cryptographic purposes.',
    'The random module is predictable: its state can be recovered from its output.', 'Use the secrets module (secrets.token_hex, secrets.choice) for anything security-related.', callDocs('b311-random')],
  ['B312', 'telnetlib', 'high', 'high', 319, 'Telnet-related functions are being called. Telnet is considered insecure. Use SSH or some other encrypted protocol.',
    'Telnet sends credentials and data in clear text.', 'Use SSH (e.g. paramiko or asyncssh).', callDocs('b312-telnetlib')],
  ['B313', 'xml_bad_cElementTree', 'medium', 'high', 20, XML_CALL_MESSAGE, XML_EXPLANATION, XML_FIX, callDocs('b313-b320-xml')],
  ['B314', 'xml_bad_ElementTree', 'medium', 'high', 20, XML_CALL_MESSAGE, XML_EXPLANATION, XML_FIX, callDocs('b313-b320-xml')],
  ['B315', 'xml_bad_expatreader', 'medium', 'high', 20, XML_CALL_MESSAGE, XML_EXPLANATION, XML_FIX, callDocs('b313-b320-xml')],
  ['B316', 'xml_bad_expatbuilder', 'medium', 'high', 20, XML_CALL_MESSAGE, XML_EXPLANATION, XML_FIX, callDocs('b313-b320-xml')],
  ['B317', 'xml_bad_sax', 'medium', 'high', 20, XML_CALL_MESSAGE, XML_EXPLANATION, XML_FIX, callDocs('b313-b320-xml')],
  ['B318', 'xml_bad_minidom', 'medium', 'high', 20, XML_CALL_MESSAGE, XML_EXPLANATION, XML_FIX, callDocs('b313-b320-xml')],
  ['B319', 'xml_bad_pulldom', 'medium', 'high', 20, XML_CALL_MESSAGE, XML_EXPLANATION, XML_FIX, callDocs('b313-b320-xml')],
  ['B320', 'xml_bad_etree', 'medium', 'high', 20,
    'Using {name} to parse untrusted XML data is known to be vulnerable to XML attacks. Replace {name} with its defusedxml equivalent function.',
    XML_EXPLANATION, XML_FIX, callDocs('b313-b320-xml')],
  ['B321', 'ftplib', 'high', 'high', 319, 'FTP-related functions are being called. FTP is considered insecure. Use SSH/SFTP/SCP or some other encrypted protocol.',
    'FTP sends credentials and data in clear text.', 'Use SFTP/SCP (paramiko) or FTPS (ftplib.FTP_TLS).', callDocs('b321-ftplib')],
  ['B323', 'unverified_context', 'medium', 'high', 295,
    'By default, Python will create a secure, verified ssl context for use in such classes as HTTPSConnection. However, it still allows using an insecure context via the _create_unverified_context that reverts to the previous behavior that does not validate certificates or perform hostname checks.',
    'An unverified context accepts any certificate, so anyone on the network path can impersonate the server.', 'Use ssl.create_default_context().', callDocs('b323-unverified-context')],
  ['B324', 'hashlib', 'high', 'high', 327, 'Use of weak {name} hash for security. Consider usedforsecurity=False',
    'MD4, MD5 and SHA1 have practical collision attacks.', 'Use hashlib.sha256 or better; if the hash is not used for security, pass usedforsecurity=False.'],
  ['B401', 'import_telnetlib', 'high', 'high', 319, 'A telnet-related module is being imported.  Telnet is considered insecure. Use SSH or some other encrypted protocol.',
    'Telnet sends credentials and data in clear text.', 'Use SSH (e.g. paramiko or asyncssh).', importDocs('b401-import-telnetlib')],
  ['B402', 'import_ftplib', 'high', 'high', 319, 'A FTP-related module is being imported.  FTP is considered insecure. Use SSH/SFTP/SCP or some other encrypted protocol.',
    'FTP sends credentials and data in clear text.', 'Use SFTP/SCP (paramiko) or FTPS.', importDocs('b402-import-ftplib')],
  ['B403', 'import_pickle', 'low', 'high', 502, 'Consider possible security implications associated with {name} module.',
    PICKLE_EXPLANATION, 'Make sure only trusted data is ever unpickled; prefer json for data exchange.', importDocs('b403-import-pickle')],
  ['B404', 'import_subprocess', 'low', 'high', 78, 'Consider possible security implications associated with the subprocess module.',
    'Running external commands is a common injection point.', 'Pass argument lists (no shell) and validate every part that comes from outside.', importDocs('b404-import-subprocess')],
  ['B405', 'import_xml_etree', 'low', 'high', 20, XML_IMPORT_MESSAGE, XML_EXPLANATION, XML_FIX, importDocs('b405-import-xml-etree')],
  ['B406', 'import_xml_sax', 'low', 'high', 20, XML_IMPORT_MESSAGE, XML_EXPLANATION, XML_FIX, importDocs('b406-import-xml-sax')],
  ['B407', 'import_xml_expat', 'low', 'high', 20, XML_IMPORT_MESSAGE, XML_EXPLANATION, XML_FIX, importDocs('b407-import-xml-expat')],
  ['B408', 'import_xml_minidom', 'low', 'high', 20, XML_IMPORT_MESSAGE, XML_EXPLANATION, XML_FIX, importDocs('b408-import-xml-minidom')],
  ['B409', 'import_xml_pulldom', 'low', 'high', 20, XML_IMPORT_MESSAGE, XML_EXPLANATION, XML_FIX, importDocs('b409-import-xml-pulldom')],
  ['B410', 'import_lxml', 'low', 'high', 20,
    'Using {name} to parse untrusted XML data is known to be vulnerable to XML attacks. Replace {name} with the equivalent defusedxml package.',
    XML_EXPLANATION, XML_FIX, importDocs('b410-import-lxml')],
  ['B411', 'import_xmlrpclib', 'high', 'high', 20,
    'Using {name} to parse untrusted XML data is known to be vulnerable to XML attacks. Use defusedxml.xmlrpc.monkey_patch() function to monkey-patch xmlrpclib and mitigate XML vulnerabilities.',
    XML_EXPLANATION, 'Call defusedxml.xmlrpc.monkey_patch() before using xmlrpc.', importDocs('b411-import-xmlrpclib')],
  ['B412', 'import_httpoxy', 'high', 'high', 284, 'Consider possible security implications associated with {name} module.',
    'CGI handlers map the client-controlled Proxy header to HTTP_PROXY ("httpoxy"), redirecting outgoing requests.', 'Do not run as CGI, or strip the Proxy header before the application sees it.', importDocs('b412-import-httpoxy')],
  ['B413', 'import_pycrypto', 'high', 'high', 327,
    'The pyCrypto library and its module {name} are no longer actively maintained and have been deprecated. Consider using pyca/cryptography library.',
    'PyCrypto is unmaintained and has known vulnerabilities.', 'Use pyca/cryptography.', importDocs('b413-import-pycrypto')],
  ['B415', 'import_pyghmi', 'high', 'high', 319, 'An IPMI-related module is being imported. IPMI is considered insecure. Use an encrypted protocol.',
    'IPMI has weak authentication and leaks password hashes.', 'Use an encrypted management protocol such as Redfish over HTTPS.', importDocs('b415-import-pyghmi')],
  ['B501', 'request_with_no_cert_validation', 'high', 'high', 295, 'Call to {name} with verify=False disabling SSL certificate checks, security issue.',
    'Without certificate validation anyone on the network path can impersonate the server.', 'Remove verify=False; pass verify="/path/to/ca-bundle.pem" for private CAs.'],
  ['B502', 'ssl_with_bad_version', 'high', 'high', 327, 'ssl.wrap_socket call with insecure SSL/TLS protocol version identified, security issue.',
    'SSLv2, SSLv3 and TLS 1.0 have known practical attacks.', 'Use ssl.create_default_context() and, if needed, set minimum_version = ssl.TLSVersion.TLSv1_2.'],
  ['B503', 'ssl_with_bad_defaults', 'medium', 'medium', 327, 'Function definition identified with insecure SSL/TLS protocol version by default, possible security issue.',
    'A default argument that selects SSLv2/SSLv3/TLS 1.0 makes every caller insecure by default.', 'Default to ssl.PROTOCOL_TLS_CLIENT or a context from ssl.create_default_context().'],
  ['B504', 'ssl_with_no_version', 'low', 'medium', 327, 'ssl.wrap_socket call with no SSL/TLS protocol version specified, the default SSLv23 could be insecure, possible security issue.',
    'ssl.wrap_socket negotiates old protocol versions by default (and is removed in Python 3.12).', 'Use SSLContext.wrap_socket on a context from ssl.create_default_context().'],
  ['B505', 'weak_cryptographic_key', 'medium', 'high', 326, '{name} key sizes below {size} bits are considered breakable. ',
    'Short keys can be factored or brute-forced with affordable resources.', 'Use RSA/DSA keys of at least 2048 bits (3072 recommended) and EC curves of at least 224 bits.'],
  ['B506', 'yaml_load', 'medium', 'high', 20, 'Use of unsafe yaml load. Allows instantiation of arbitrary objects. Consider yaml.safe_load().',
    'yaml.load with the default or full loader can construct arbitrary Python objects.', 'Use yaml.safe_load, or pass Loader=yaml.SafeLoader.'],
  ['B507', 'ssh_no_host_key_verification', 'high', 'medium', 295, 'Paramiko call with policy set to automatically trust the unknown host key.',
    'Accepting unknown host keys allows man-in-the-middle attacks on the SSH connection.', 'Load known hosts (client.load_system_host_keys()) and keep the default RejectPolicy.'],
  ['B508', 'snmp_insecure_version_check', 'medium', 'high', 319, 'The use of SNMPv1 and SNMPv2 is insecure. You should use SNMPv3 if able.',
    'SNMPv1/v2c authenticate with a clear-text community string.', 'Use SNMPv3 (UsmUserData) with authentication and privacy.', pluginDocs('B508', 'snmp_insecure_version')],
  ['B509', 'snmp_crypto_check', 'medium', 'high', 319, 'You should not use SNMPv3 without encryption. noAuthNoPriv & authNoPriv is insecure',
    'Without an auth and a priv key SNMPv3 traffic is unauthenticated or unencrypted.', 'Pass both authKey and privKey (authPriv) to UsmUserData.', pluginDocs('B509', 'snmp_weak_cryptography')],
  ['B601', 'paramiko_calls', 'medium', 'medium', 78, 'Possible shell injection via Paramiko call, check inputs are properly sanitized.',
    'exec_command runs its argument in the remote shell.', 'Quote every interpolated value with shlex.quote, or avoid building commands from input.'],
  ['B602', 'subprocess_popen_with_shell_equals_true', 'high', 'high', 78, 'subprocess call with shell=True identified, security issue.',
    'With shell=True the command is interpreted by /bin/sh, so metacharacters in any interpolated value run extra commands.', SHELL_FIX],
  ['B603', 'subprocess_without_shell_equals_true', 'low', 'high', 78, 'subprocess call - check for execution of untrusted input.',
    'Even without a shell, running a program whose name or arguments come from outside can be dangerous.', 'Use absolute executable paths and validate every argument that comes from outside.'],
  ['B604', 'any_other_function_with_shell_equals_true', 'medium', 'low', 78, 'Function call with shell=True parameter identified, possible security issue.',
    'A shell=True argument usually means the callee hands the command to a shell.', SHELL_FIX],
  ['B605', 'start_process_with_a_shell', 'high', 'high', 78, 'Starting a process with a shell, possible injection detected, security issue.',
    'os.system, os.popen and similar always run the command through the shell.', SHELL_FIX],
  ['B606', 'start_process_with_no_shell', 'low', 'medium', 78, 'Starting a process without a shell.',
    'Starting programs is sensitive even without a shell.', 'Use absolute executable paths and validate every argument that comes from outside.'],
  ['B607', 'start_process_with_partial_path', 'low', 'high', 78, 'Starting a process with a partial executable path',
    'A relative executable name is resolved through PATH, which an attacker may control.', 'Use the absolute path of the executable (shutil.which at start-up, then pin it).'],
  ['B608', 'hardcoded_sql_expressions', 'medium', 'low', 89, 'Possible SQL injection vector through string-based query construction.',
    'SQL built by formatting or concatenating strings lets a value change the structure of the query.', 'Use parameterised queries: cursor.execute("... WHERE id = %s", (id,)).'],
  ['B609', 'linux_commands_wildcard_injection', 'high', 'medium', 155, 'Possible wildcard injection in call: {name}',
    'The shell expands * into file names; names beginning with "-" become options of chown/chmod/tar/rsync.', 'Pass explicit file lists, or put "--" before the wildcard.'],
  ['B610', 'django_extra_used', 'medium', 'medium', 89, 'Use of extra potential SQL attack vector.',
    'QuerySet.extra inserts raw SQL fragments.', 'Use the ORM (annotate, filter, F/Func expressions) or pass values through params.'],
  ['B611', 'django_rawsql_used', 'medium', 'medium', 89, 'Use of RawSQL potential SQL attack vector.',
    'RawSQL inserts a raw SQL fragment.', 'Keep the SQL a constant string and pass values through params.'],
  ['B612', 'logging_config_insecure_listen', 'medium', 'high', 94, 'Use of insecure logging.config.listen detected.',
    'logging.config.listen accepts configurations over a socket and can be made to run arbitrary code.', 'Pass verify= a function that authenticates the received bytes, or do not use listen().'],
  ['B613', 'trojansource', 'high', 'medium', 838, 'A Python source file contains bidirectional control characters ({name}).',
    'Bidirectional control characters make code render differently from how it is parsed ("Trojan Source").', 'Remove the control characters, or escape them inside string literals.'],
  ['B614', 'pytorch_load', 'medium', 'high', 502, 'Use of unsafe PyTorch load',
    'torch.load unpickles its input unless weights_only=True.', 'Pass weights_only=True, or use safetensors.'],
  ['B615', 'huggingface_unsafe_download', 'medium', 'high', 494, 'Unsafe Hugging Face Hub download without revision pinning in {name}()',
    'Branches and tags on the Hub can be moved to point at different, possibly malicious, files.', 'Pass revision= a full commit hash.'],
  ['B701', 'jinja2_autoescape_false', 'high', 'high', 94,
    'By default, jinja2 sets autoescape to False. Consider using autoescape=True or use the select_autoescape function to mitigate XSS vulnerabilities.',
    'Without autoescaping, values rendered into HTML templates can inject script.', 'Pass autoescape=True or autoescape=select_autoescape().'],
  ['B702', 'use_of_mako_templates', 'medium', 'high', 80,
    "Mako templates allow HTML/JS rendering by default and are inherently open to XSS attacks. Ensure variables in all templates are properly sanitized via the 'n', 'h' or 'x' flags (depending on context). For example, to HTML escape the variable 'data' do ${ data |h }.",
    'Mako does not escape expressions by default.', "Set default_filters=['h'] or escape each expression with |h."],
  ['B703', 'django_mark_safe', 'medium', 'high', 80, 'Potential XSS on mark_safe function.',
    'mark_safe on a value built from variables disables escaping for data that may come from users.', 'Use format_html, or escape the variable parts with django.utils.html.escape.'],
  ['B704', 'markupsafe_markup_xss', 'medium', 'high', 79, 'Potential XSS with ``{name}`` detected. Do not use ``{short}`` on untrusted data.',
    'Markup marks its argument as safe HTML, so untrusted text inside it is not escaped.', 'Use Markup only on constants, and Markup.format / escape() for variable parts.'],
];

export const RULES: ReadonlyMap<string, RuleInfo> = new Map(
  ROWS.map(([id, name, severity, confidence, cwe, message, explanation, fix, docsUrl]) => [
    id,
    { id, name, severity, confidence, cwe, message, explanation, fix, docsUrl: docsUrl ?? pluginDocs(id, name) },
  ]),
);

const BY_NAME = new Map([...RULES.values()].map((rule) => [rule.name, rule.id]));

export function ruleInfo(id: string): RuleInfo {
  const info = RULES.get(id);
  if (!info) throw new Error(`unknown security rule ${id}`);
  return info;
}

/** Bandit accepts a test's name wherever it accepts its ID (`# nosec assert_used`). */
export function ruleIdForName(name: string): string | undefined {
  return BY_NAME.get(name);
}
