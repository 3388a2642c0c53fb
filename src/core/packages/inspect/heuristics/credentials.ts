import type { Reason } from '../../reasons';
import type { SyntaxNode } from '../../../analysis/parser';
import { approximate } from '../python/approximate';
import { isSendCall } from '../python/callNames';
import { scopeOf, type PythonFacts } from '../python/pythonFacts';
import { makeReason } from '../reasonCatalog';
import type { FileRole } from './heuristic';

/** Places where secrets live, as they appear in path strings. */
const SENSITIVE_PATHS: ReadonlyArray<[RegExp, string]> = [
  [/(^|[/\\~])\.ssh([/\\]|$)|\bid_(rsa|dsa|ecdsa|ed25519)\b/, 'SSH keys'],
  [/\.aws[/\\](credentials|config)|(^|[/\\~])\.aws([/\\]|$)/, 'AWS credentials'],
  [/\.config[/\\]gcloud|application_default_credentials\.json/, 'Google Cloud credentials'],
  [/\.azure[/\\]/, 'Azure credentials'],
  [/\.kube[/\\]config/, 'Kubernetes credentials'],
  [/\.docker[/\\]config\.json/, 'Docker registry credentials'],
  [/(^|[/\\~])\.(netrc|pypirc|git-credentials|npmrc)$/, 'stored passwords/tokens'],
  [/\/etc\/(passwd|shadow|sudoers)\b/, 'system account files'],
  [/Google[/\\]Chrome[/\\]|Chromium[/\\]|BraveSoftware[/\\]|Microsoft[/\\]Edge[/\\]User Data|\.mozilla[/\\]firefox|[/\\](Login Data|Local State|Cookies|logins\.json|key[34]\.db)$/, 'browser profiles (passwords, cookies)'],
  [/keyrings?[/\\]|login\.keychain|[/\\]Keychains[/\\]|\bkwallet/, 'the system keyring'],
  [/discord[/\\]Local Storage|leveldb[/\\]|\bwallet\.dat\b|Exodus[/\\]|Electrum[/\\]|\.electrum\b|MetaMask/i, 'chat tokens or crypto wallets'],
];

/** A file this short is read as one unit: a stealer's read and send need not share a function. */
const SMALL_FILE_LINES = 400;

/** Credential files that HTTP and upload clients read for their own requests. */
const LEGITIMATE_CLIENT_FILES = new Set(['stored passwords/tokens']);

/**
 * A cloud service's own client libraries read that service's credentials by design (the AWS SDK reads ~/.aws). A
 * look-alike name is the typosquatting rules' to catch.
 */
const SERVICE_CLIENTS: ReadonlyArray<[string, RegExp]> = [
  ['AWS credentials', /^(boto|botocore|boto3|aiobotocore|awscli|aws-.+|s3transfer|s3fs|sagemaker)$/],
  ['Google Cloud credentials', /^(google-.+|gcloud|gcsfs)$/],
  ['Azure credentials', /^(azure-.+|msal|adal)$/],
  ['Kubernetes credentials', /^kubernetes(-.+)?$/],
  ['Docker registry credentials', /^docker$/],
];

const ownCredentials = (kind: string, project: string | undefined) => project !== undefined && SERVICE_CLIENTS.some(([k, names]) => k === kind && names.test(project));

export const TOKEN_ENV = /(^|_)(SECRET|TOKEN|PASSWORD|PASSWD|API_?KEY|ACCESS_KEY|PRIVATE_KEY|CREDENTIALS?)($|_)/i;

export function sensitiveKind(value: string): string | undefined {
  if (value.length > 300) return undefined;
  for (const [pattern, kind] of SENSITIVE_PATHS) if (pattern.test(value)) return kind;
  return undefined;
}

/** Calls that put a path together from pieces: os.path.join(APPDATA, 'discord', 'Local Storage', 'leveldb'). */
export const PATH_JOIN = /^(os\.path\.join|posixpath\.join|ntpath\.join|pathlib\.Path|Path|PurePath)$|\.joinpath$/;

/** Pieces of the SENSITIVE_PATHS, to skip joins that cannot make one before working out their value. */
export const SENSITIVE_PIECE = /ssh|aws|gcloud|azure|kube|docker|netrc|pypirc|git-credentials|npmrc|passwd|shadow|sudoers|chrom|brave|edge|mozilla|firefox|login data|local state|cookies|key[34]|keyring|keychain|kwallet|discord|leveldb|wallet|exodus|electrum|metamask/i;

/** Sensitive paths named in literals, and those put together with os.path.join/Path. */
export function sensitivePaths(facts: PythonFacts): Array<{ kind: string; line: number; evidence: string; node: SyntaxNode }> {
  const found = facts.strings.filter((s) => !s.docstring).flatMap((s) => {
    const kind = sensitiveKind(s.value);
    return kind ? [{ kind, line: s.line, evidence: s.value, node: s.node }] : [];
  });
  for (const call of facts.calls) {
    if (!PATH_JOIN.test(call.name) || call.node.endIndex - call.node.startIndex > 400) continue;
    if (!SENSITIVE_PIECE.test(call.node.text) || (call.node.childForFieldName('arguments')?.namedChildCount ?? 0) < 2) continue;
    const value = approximate(facts, call.node).text;
    const kind = sensitiveKind(value);
    if (kind && !found.some((f) => f.line === call.line && f.kind === kind)) found.push({ kind, line: call.line, evidence: value, node: call.node });
  }
  return found;
}

/** Credential and sensitive-file access; much worse when the same file also sends data somewhere. */
export function credentials(facts: PythonFacts, role: FileRole): Reason[] {
  const file = facts.path;
  const files = sensitivePaths(facts);
  const tokens = facts.envReads.filter((e) => TOKEN_ENV.test(e.name));
  const wholeEnvironment = facts.calls.find((c) => c.name === 'os.environ.copy' || c.name === 'dict' && /\(\s*os\.environ\s*\)/.test(c.node.text) || c.name === 'os.environ.items');
  if (files.length === 0 && tokens.length === 0 && !wholeEnvironment) return [];
  const senders = facts.calls.filter(isSendCall);
  const sender = senders[0];
  if (sender && (files.length > 0 || tokens.length > 0 || wholeEnvironment)) {
    // Secrets nobody's client needs (keys, browser profiles, wallets) with a sender fail when they meet in one function
    // or in a small file, the shape of a stealer; far apart in a large module (yt-dlp's cookie import) they warn.
    // Upload and HTTP clients read .netrc/.pypirc, tokens or the environment for their own requests (requests, pip,
    // twine, distlib), and a cloud SDK its own service's keys (botocore): in a small module that still warns, in a
    // large one it is noted only.
    const stealable = files.filter((f) => !LEGITIMATE_CLIENT_FILES.has(f.kind) && !ownCredentials(f.kind, role.project));
    const senderScopes = new Set(senders.map((c) => scopeOf(c.node)));
    const small = facts.source.split('\n').length <= SMALL_FILE_LINES;
    const together = stealable.some((f) => senderScopes.has(scopeOf(f.node))) || small;
    const severity = role.installTime || (stealable.length > 0 && together) ? 'high' : stealable.length > 0 || small ? 'medium' : 'low';
    const what = [...new Set([...files.map((f) => f.kind), ...tokens.map((t) => t.name), ...(wholeEnvironment ? ['the whole environment'] : [])])].join(', ');
    const first = files[0] ?? tokens[0] ?? { line: wholeEnvironment!.line, evidence: wholeEnvironment!.node.text };
    return [
      makeReason('credentialExfiltration', `${file} reads ${what} and sends data (${sender.name}, line ${sender.line}): the pattern of a credential stealer. Do not install it; if it ran, rotate those credentials.`, { file, line: first.line, evidence: 'evidence' in first ? first.evidence : (first as { name: string }).name, severity }),
    ];
  }
  const reasons: Reason[] = [];
  const seenKinds = new Set<string>();
  for (const f of files) {
    if (seenKinds.has(f.kind)) continue;
    seenKinds.add(f.kind);
    reasons.push(makeReason('sensitiveFile', `${file} refers to ${f.kind} (${f.evidence}); a library rarely needs them. Check why before installing.`, { file, line: f.line, evidence: f.evidence, severity: role.installTime ? 'high' : undefined }));
  }
  for (const t of tokens) {
    reasons.push(makeReason('tokenEnvironment', `${file} reads the secret ${t.name} from the environment; make sure it only uses it for what you expect.`, { file, line: t.line, evidence: t.name, severity: role.installTime ? 'medium' : undefined }));
  }
  return reasons;
}
