import type { SyntaxNode } from '../../../analysis/parser';
import type { Reason, Severity } from '../../reasons';
import { approximate, bindingFor } from '../python/approximate';
import { isDownloadCall, isSendCall } from '../python/callNames';
import { dottedParts, scopeOf, type CallFact, type FunctionFact, type PythonFacts } from '../python/pythonFacts';
import { runsAtImport } from '../python/reach';
import { makeReason } from '../reasonCatalog';
import { PATH_JOIN, SENSITIVE_PIECE, sensitiveKind, TOKEN_ENV } from './credentials';
import { snippet, type FileRole } from './heuristic';

type SourceKind = 'secretEnv' | 'wholeEnv' | 'secretFile' | 'hostFact';

interface Source {
  kind: SourceKind;
  /** `AWS_SECRET_ACCESS_KEY`, `SSH keys`, `user name` … */
  what: string;
  line: number;
}

const HOST_FACT_CALLS: ReadonlyMap<string, string> = new Map([
  ['getpass.getuser', 'user name'],
  ['os.getlogin', 'user name'],
  ['pwd.getpwuid', 'user name'],
  ['socket.gethostname', 'host name'],
  ['socket.getfqdn', 'host name'],
  ['platform.node', 'host name'],
  ['platform.uname', 'system details'],
  ['os.uname', 'system details'],
  ['uuid.getnode', 'MAC address'],
  ['os.getcwd', 'working directory'],
  ['os.listdir', 'directory listing'],
]);
const HOST_FACT_ENV = /^(USER|USERNAME|LOGNAME|COMPUTERNAME|HOSTNAME|USERDOMAIN|USERPROFILE)$/;
const SECRET_ENV_EXTRA = /^(AWS_ACCESS_KEY_ID|GOOGLE_APPLICATION_CREDENTIALS|AZURE_CLIENT_ID|DATABASE_URL|NPM_AUTH|TWINE_USERNAME)$/;
/** Keys that are never sent as they are: clients sign with them (SigV4) or exchange them. */
const NEVER_SENT_RAW = /^AWS_(SECRET_ACCESS_KEY|ACCESS_KEY_ID|SESSION_TOKEN)$/;
const IP_LOOKUP = /\b(api\d*\.ipify\.org|ifconfig\.(me|co)|ipinfo\.io|icanhazip\.com|ident\.me|checkip\.amazonaws\.com|ip-api\.com|myexternalip\.com|wtfismyip\.com|api\.myip\.com|ipecho\.net|httpbin\.org\/ip|ipapi\.co|api\.ipgeolocation\.io|checkip\.dyndns\.org)\b/i;
const SECRET_CALLS = /^(keyring\.get_password|keyring\.get_credential|browser_cookie3\.\w+|win32crypt\.CryptUnprotectData|\.CryptUnprotectData|Cryptodome\.Cipher\.AES\.new)$/;

/** Keywords whose value is sent as credentials to the service itself: API clients put tokens there. */
const CREDENTIAL_KEYWORDS = new Set(['headers', 'auth', 'cookies', 'token', 'api_key', 'password', 'credentials', 'verify', 'cert']);
const DNS_SINK = /^(socket\.gethostbyname|socket\.gethostbyname_ex|socket\.getaddrinfo|dns\.resolver\.resolve|dns\.resolver\.query|dns\.resolver\.Resolver\.\w+)$/;
const SEND_LIKE = /^(requests|httpx|aiohttp|urllib3|treq)\.(get|post|put|patch|delete|head|request|options)$|^(requests|httpx)\.(Session|Client|AsyncClient)\.\w+$|^urllib\.request\.(urlopen|Request|urlretrieve)$|^http\.client\.HTTPS?Connection$|\.(post|put|patch|sendall|sendto|sendmail|send_message|urlopen|request|putrequest|putheader)$/;

function isSink(facts: PythonFacts, call: CallFact): boolean {
  if (SEND_LIKE.test(call.name) || isSendCall(call) || isDownloadCall(call.name) || DNS_SINK.test(call.name)) return true;
  if (/^\.send$/.test(call.name)) return facts.imports.has('socket') || facts.imports.has('ssl') || facts.imports.has('websocket') || facts.imports.has('websockets');
  return /(DiscordWebhook|dhooks\.Webhook|SyncWebhook|Webhook\.from_url|telebot\.TeleBot|\.send_message|\.send_document)$/.test(call.name);
}

class SourceFinder {
  private readonly memo = new Map<number, Source[]>();
  private readonly starts: number[];

  constructor(private readonly facts: PythonFacts) {
    this.starts = facts.calls.map((c) => c.node.startIndex);
  }

  /** Calls lying inside node (facts.calls is in document order). */
  private callsIn(node: SyntaxNode): CallFact[] {
    let lo = 0;
    let hi = this.starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.starts[mid] < node.startIndex) lo = mid + 1;
      else hi = mid;
    }
    const out: CallFact[] = [];
    for (let i = lo; i < this.facts.calls.length && this.starts[i] < node.endIndex; i++) {
      if (this.facts.calls[i].node.endIndex <= node.endIndex) out.push(this.facts.calls[i]);
    }
    return out;
  }

  sources(node: SyntaxNode, depth = 6, visiting = new Set<number>()): Source[] {
    const memoized = this.memo.get(node.startIndex * 4096 + (node.endIndex - node.startIndex));
    if (memoized) return memoized;
    if (depth < 0 || visiting.has(node.startIndex) || visiting.size > 200) return [];
    visiting.add(node.startIndex);
    const found: Source[] = [];
    const facts = this.facts;
    // What a request returns is the server's answer, not what it was sent: the arguments of requests inside the value,
    // and `headers=`/`auth=` credentials anywhere in it, are not followed.
    const calls = this.callsIn(node);
    const opaque = opaqueArguments(facts, node, calls);
    const outside = (n: SyntaxNode) => !opaque.some(([start, end]) => n.startIndex >= start && n.endIndex <= end);
    for (const call of calls.filter((c) => outside(c.node))) {
      const host = HOST_FACT_CALLS.get(call.name);
      if (host) found.push({ kind: 'hostFact', what: host, line: call.line });
      if (SECRET_CALLS.test(call.name)) found.push({ kind: 'secretFile', what: `${call.name}()`, line: call.line });
      if (/^(os\.environ\.(copy|items|values)|dict|str|json\.dumps|repr)$/.test(call.name) && /\bos\.environ\b(?!\s*(\.get|\[|\.setdefault|\.pop))/.test(call.node.text) && call.node.text.length < 200) {
        found.push({ kind: 'wholeEnv', what: 'the whole environment', line: call.line });
      }
      if (isDownloadCall(call.name) && IP_LOOKUP.test(approximate(facts, call.node.childForFieldName('arguments')?.namedChildren[0]).text)) {
        found.push({ kind: 'hostFact', what: 'public IP address', line: call.line });
      }
      if (PATH_JOIN.test(call.name) && call.node.endIndex - call.node.startIndex < 400 && SENSITIVE_PIECE.test(call.node.text)) {
        const kind = sensitiveKind(approximate(facts, call.node).text);
        if (kind && kind !== 'stored passwords/tokens') found.push({ kind: 'secretFile', what: kind, line: call.line });
      }
      // A local function's return value.
      const fn = call.node.childForFieldName('function');
      if (fn?.type === 'identifier' && depth > 0) {
        for (const def of facts.functions.get(fn.text) ?? []) for (const r of def.returns) found.push(...this.sources(r, depth - 1, visiting));
      }
    }
    for (const read of facts.envReads) {
      if (read.node.startIndex < node.startIndex || read.node.endIndex > node.endIndex || !outside(read.node)) continue;
      if (TOKEN_ENV.test(read.name) || SECRET_ENV_EXTRA.test(read.name)) found.push({ kind: 'secretEnv', what: read.name, line: read.line });
      else if (HOST_FACT_ENV.test(read.name)) found.push({ kind: 'hostFact', what: read.name === 'COMPUTERNAME' || read.name === 'HOSTNAME' ? 'host name' : 'user name', line: read.line });
    }
    for (const str of facts.strings) {
      if (str.node.startIndex < node.startIndex || str.node.endIndex > node.endIndex || str.docstring || !outside(str.node)) continue;
      const kind = sensitiveKind(str.value);
      if (kind && kind !== 'stored passwords/tokens') found.push({ kind: 'secretFile', what: kind, line: str.line });
    }
    if (depth > 0) {
      const names = new Set<string>();
      const ids = node.type === 'identifier' || node.type === 'attribute' ? [node] : [];
      for (const n of node.descendantsOfType(['identifier', 'attribute'])) if (n && outside(n)) ids.push(n);
      for (const id of ids.slice(0, 200)) {
        const parts = dottedParts(id);
        if (!parts) continue;
        const name = parts.join('.');
        if (names.has(name)) continue;
        names.add(name);
        for (const value of bindingFor(facts, name, id)) found.push(...this.sources(value, depth - 1, visiting));
      }
    }
    visiting.delete(node.startIndex);
    const unique = dedupe(found);
    this.memo.set(node.startIndex * 4096 + (node.endIndex - node.startIndex), unique);
    return unique;
  }
}

/** `get_session().get(…)`, `self.client.post(…)`: a request through a session or client object. */
const CLIENT_REQUEST = /(session|client|http)\w*\s*(\(\s*\))?\.(get|post|put|patch|delete|head|request)$/i;

/**
 * Source ranges within `node` whose data does not reach its value: the argument lists of requests made
 * there (the value is their response) and `headers=`, `auth=` … keyword arguments (a credential sent to the service itself).
 */
function opaqueArguments(facts: PythonFacts, node: SyntaxNode, calls: readonly CallFact[]): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  for (const call of calls) {
    if (!isSink(facts, call) && !CLIENT_REQUEST.test(call.node.childForFieldName('function')?.text ?? '')) continue;
    const args = call.node.childForFieldName('arguments');
    if (args) ranges.push([args.startIndex, args.endIndex]);
  }
  if (!node.text.includes('=')) return ranges;
  for (const arg of node.descendantsOfType('keyword_argument')) {
    if (arg && CREDENTIAL_KEYWORDS.has(arg.childForFieldName('name')?.text ?? '')) ranges.push([arg.startIndex, arg.endIndex]);
  }
  return ranges;
}

function dedupe(sources: Source[]): Source[] {
  const seen = new Set<string>();
  return sources.filter((s) => {
    const key = `${s.kind}\u0000${s.what}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

interface SinkArgument {
  node: SyntaxNode;
  /** Sent as the service's own credentials (headers, auth …) rather than as data. */
  credential: boolean;
}

function sinkArguments(call: SyntaxNode): SinkArgument[] {
  const out: SinkArgument[] = [];
  for (const arg of call.childForFieldName('arguments')?.namedChildren ?? []) {
    if (!arg || arg.type === 'comment') continue;
    if (arg.type === 'keyword_argument') {
      const name = arg.childForFieldName('name')?.text ?? '';
      const value = arg.childForFieldName('value');
      if (value) out.push({ node: value, credential: CREDENTIAL_KEYWORDS.has(name) });
    } else out.push({ node: arg, credential: false });
  }
  return out;
}

function enclosingFunctionFact(facts: PythonFacts, node: SyntaxNode): FunctionFact | undefined {
  const scope = scopeOf(node);
  if (scope === -1) return undefined;
  for (const list of facts.functions.values()) for (const f of list) if (f.node.startIndex === scope) return f;
  return undefined;
}

/** Arguments given for parameter `param` of `fn` at its call sites in this file. */
function callSiteArguments(facts: PythonFacts, fn: FunctionFact, param: string): SyntaxNode[] {
  const index = fn.params.indexOf(param) - (fn.params[0] === 'self' || fn.params[0] === 'cls' ? 1 : 0);
  const out: SyntaxNode[] = [];
  for (const call of facts.calls) {
    if (call.name !== fn.name && call.name !== `.${fn.name}`) continue;
    const args = (call.node.childForFieldName('arguments')?.namedChildren ?? []).filter((c): c is SyntaxNode => !!c && c.type !== 'comment');
    const keyword = args.find((a) => a.type === 'keyword_argument' && a.childForFieldName('name')?.text === param);
    const positional = args.filter((a) => a.type !== 'keyword_argument');
    const value = keyword?.childForFieldName('value') ?? (index >= 0 ? positional[index] : undefined);
    if (value) out.push(value);
  }
  return out.slice(0, 20);
}

const raise = (s: Severity): Severity => (s === 'low' ? 'medium' : 'high');

/**
 * Secrets (token-like environment variables, the whole environment, SSH/cloud/browser/keyring/wallet
 * files) and host details (user, host name, MAC, public IP) flowing into a network call across the
 * module: through names bound at module level or in the function, through the return values of
 * local functions, and through a local function's parameter from its call sites. A token sent as the
 * service's own credentials (headers=, auth=) is how API clients work and is not reported here.
 */
export function dataFlows(facts: PythonFacts, role: FileRole): Reason[] {
  const sinks = facts.calls.filter((c) => isSink(facts, c));
  if (sinks.length === 0) return [];
  const hasSource =
    facts.envReads.some((e) => TOKEN_ENV.test(e.name) || SECRET_ENV_EXTRA.test(e.name) || HOST_FACT_ENV.test(e.name)) ||
    facts.calls.some((c) => HOST_FACT_CALLS.has(c.name) || SECRET_CALLS.test(c.name)) ||
    IP_LOOKUP.test(facts.source) ||
    /\bos\.environ\b(?!\s*(\.get\b|\[|\.setdefault\b|\.pop\b))/.test(facts.source) ||
    facts.strings.some((s) => sensitiveKind(s.value)) ||
    (SENSITIVE_PIECE.test(facts.source) && facts.calls.some((c) => PATH_JOIN.test(c.name)));
  if (!hasSource) return [];
  const finder = new SourceFinder(facts);
  const file = facts.path;
  const reasons: Reason[] = [];
  for (const sink of sinks.slice(0, 500)) {
    const data: Source[] = [];
    for (const arg of sinkArguments(sink.node)) {
      if (arg.credential) continue;
      let found = finder.sources(arg.node);
      if (found.length === 0) {
        // Through a parameter: def send(x): requests.post(U, data=x) … send(getpass.getuser())
        const fn = enclosingFunctionFact(facts, sink.node);
        const params = fn ? fn.params.filter((p) => arg.node.text === p || new RegExp(`\\b${p}\\b`).test(arg.node.text)) : [];
        for (const p of params.slice(0, 4)) for (const site of callSiteArguments(facts, fn!, p)) found = [...found, ...finder.sources(site)];
      }
      data.push(...found);
    }
    const sent = dedupe(data);
    if (sent.length === 0) continue;
    const dns = DNS_SINK.test(sink.name);
    const atImport = role.installTime || runsAtImport(facts, sink.node);
    const when = role.installTime ? ' at install time' : atImport ? ' when the module is imported' : '';
    const secrets = sent.filter((s) => s.kind !== 'hostFact');
    const hosts = sent.filter((s) => s.kind === 'hostFact');
    if (secrets.length > 0) {
      const envNames = secrets.filter((s) => s.kind === 'secretEnv');
      let severity: Severity = secrets.some((s) => s.kind !== 'secretEnv') || envNames.length >= 2 || envNames.some((s) => NEVER_SENT_RAW.test(s.what)) || hosts.length > 0 ? 'high' : 'medium';
      if (atImport) severity = raise(severity);
      const what = secrets.map((s) => `${s.what} (line ${s.line})`).join(', ');
      reasons.push(makeReason('secretFlow', `${file} sends ${what} as data in a network call${when} (${sink.name}, line ${sink.line}): secrets leave the machine. Do not install it; if it ran, rotate those credentials.`, { file, line: sink.line, evidence: snippet(sink.node), severity }));
      continue;
    }
    const kinds = new Set(hosts.map((h) => h.what));
    // Resolving its own host name is ordinary; a name built around host details (`f"{host}.x.oast.example"`) is a DNS beacon.
    const composed = (n: SyntaxNode) => /[+%{]|format|join/.test(n.text);
    const query = sinkArguments(sink.node)[0]?.node;
    if (dns && !(query && (composed(query) || (query.type === 'identifier' && bindingFor(facts, query.text, query).some(composed))))) continue;
    if (kinds.size < 2 && !atImport) continue; // a host name in telemetry alone is ordinary
    const severity: Severity = atImport ? (kinds.size >= 2 ? 'high' : 'medium') : 'medium';
    reasons.push(makeReason('hostFactFlow', `${file} sends ${[...kinds].join(', ')} of this machine in a network call${when} (${sink.name}, line ${sink.line}): the beacon that dependency-confusion and recon packages send home. Find out where it goes before installing.`, { file, line: sink.line, evidence: snippet(sink.node), severity }));
  }
  return reasons;
}

const NETWORK_TOOL = /\b(curl|wget|nslookup|dig|ping|nc|ncat|Invoke-WebRequest|Invoke-RestMethod|iwr|irm)\b/i;
/** Host details a shell command substitutes in (`$(hostname)`, `` `whoami` ``); plain `$USER` in a path is ordinary. */
const SHELL_HOST_FACTS: ReadonlyArray<[RegExp, string]> = [
  [/\$\(\s*hostname\b[^)]*\)|`\s*hostname\b[^`]*`/i, 'host name'],
  [/\$\(\s*(whoami|id|logname)\b[^)]*\)|`\s*(whoami|id)\b[^`]*`/i, 'user name'],
  [/\$\(\s*pwd\s*\)|`\s*pwd\s*`/i, 'working directory'],
  [/\$\(\s*(uname|cat\s+\/etc\/(os-release|issue|hostname))\b[^)]*\)|`\s*uname\b[^`]*`/i, 'system details'],
  [/\$\(\s*(ls|dir)\b[^)]*\)|`\s*ls\b[^`]*`/i, 'directory listing'],
  [/\$\(\s*(ifconfig|ip\s+a(ddr)?|hostname\s+-I)\b[^)]*\)/i, 'network addresses'],
];

/**
 * The same beacon written as a shell command: `curl -H "Hostname: $(hostname)" -d "$(whoami)" http://…`,
 * `nslookup $(whoami).x.oast.example`. Two or more kinds of host details are high, as in dataFlows.
 */
export function shellBeacons(facts: PythonFacts, role: FileRole): Reason[] {
  for (const str of facts.strings) {
    if (str.docstring || str.value.length > 4000 || !NETWORK_TOOL.test(str.value)) continue;
    const kinds = SHELL_HOST_FACTS.filter(([pattern]) => pattern.test(str.value)).map(([, what]) => what);
    if (kinds.length === 0) continue;
    const severity: Severity = kinds.length >= 2 || role.installTime ? 'high' : 'medium';
    return [
      makeReason('hostFactFlow', `${facts.path} holds a shell command that sends ${kinds.join(', ')} of this machine over the network (line ${str.line}): the beacon that dependency-confusion and recon packages send home. Find out where it goes before installing.`, { file: facts.path, line: str.line, evidence: str.value, severity }),
    ];
  }
  return [];
}
