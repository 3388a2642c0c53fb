import type { Reason } from '../../reasons';
import { approximate } from '../python/approximate';
import { isNetworkCall } from '../python/callNames';
import { keywordArgument, positionalArguments, type PythonFacts } from '../python/pythonFacts';
import { runsAtImport } from '../python/reach';
import type { FileRole } from './heuristic';
import { makeReason } from '../reasonCatalog';

const URL = /\b(?:https?|ftp|wss?|tcp):\/\/([^\s/'"?#<>]+)([^\s'"<>]*)/gi;

const REQUEST_CAPTURE = 'a request-capture service';

/** Hosts whose only common use in a package is hiding where data goes or comes from. */
const HOST_KINDS: ReadonlyArray<[RegExp, string]> = [
  [/(^|\.)(pastebin\.com|paste\.ee|hastebin\.com|ghostbin\.\w+|rentry\.(co|org)|termbin\.com|dpaste\.(com|org)|paste\.rs|controlc\.com|privatebin\.\w+|transfer\.sh|anonfiles\.com|file\.io|0x0\.st|bashupload\.com|temp\.sh)$/i, 'a paste/file-drop site'],
  [/(^|\.)(ngrok\.io|ngrok-free\.app|ngrok\.app|ngrok\.dev|trycloudflare\.com|serveo\.net|localtunnel\.me|loca\.lt|localhost\.run|lhr\.life|pagekite\.me|telebit\.cloud|bore\.pub|playit\.gg)$/i, 'a tunnelling service'],
  [/(^|\.)(duckdns\.org|no-ip\.(com|org|biz|info)|noip\.com|ddns\.net|hopto\.org|zapto\.org|sytes\.net|serveftp\.com|servebeer\.com|myftp\.(biz|org)|dynu\.(com|net)|freedns\.afraid\.org|dyndns\.\w+|changeip\.com|3utilities\.com|bounceme\.net|redirectme\.net)$/i, 'a dynamic-DNS host'],
  [/\.onion$/i, 'a Tor hidden service'],
  [/(^|\.)(webhook\.site|pipedream\.net|requestbin\.\w+|burpcollaborator\.net|oastify\.com|interact\.sh|oast\.(pro|live|site|online|fun|me)|canarytokens\.com|beeceptor\.com|dnslog\.cn|ceye\.io|requestrepo\.com)$/i, REQUEST_CAPTURE],
];

/** Webhook URLs that carry their secret in the path: a concrete endpoint, not an SDK's base URL. */
const WEBHOOKS: ReadonlyArray<[RegExp, string]> = [
  [/^(?:ptb\.|canary\.)?discord(?:app)?\.com$/i, '/api/webhooks/\\d+/'],
  [/^hooks\.slack\.com$/i, '/services/T\\w+/'],
  [/^api\.telegram\.org$/i, '/bot\\d+:'],
];

/** Chat attachment links: a common place to host a payload, rarely what a library downloads. */
const ATTACHMENTS = /^(cdn\.discordapp\.com|media\.discordapp\.net)$/i;

function ipKind(host: string): string | undefined {
  const bare = host.replace(/:\d+$/, '');
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(bare);
  if (!m) return undefined;
  const [a, b] = [Number(m[1]), Number(m[2])];
  if (m.slice(1).some((p) => Number(p) > 255)) return undefined;
  const local = a === 0 || a === 10 || a === 127 || (a === 169 && b === 254) || (a === 172 && b >= 16 && b < 32) || (a === 192 && b === 168) || a >= 224;
  const documentation = (a === 192 && b === 0) || (a === 198 && (b === 51 || b === 18 || b === 19)) || (a === 203 && b === 0);
  return local || documentation ? undefined : 'a raw public IP address';
}

function urlKind(host: string, rest: string): string | undefined {
  const hostname = host.replace(/^[^@]*@/, '').replace(/:\d+$/, '').toLowerCase();
  const ip = ipKind(hostname);
  if (ip) return ip;
  for (const [pattern, kind] of HOST_KINDS) if (pattern.test(hostname)) return kind;
  for (const [pattern, path] of WEBHOOKS) if (pattern.test(hostname) && new RegExp(path).test(rest)) return 'a chat webhook with its secret';
  if (ATTACHMENTS.test(hostname) && rest.startsWith('/attachments/')) return 'a chat attachment link (a common payload host)';
  return undefined;
}

/** Whether any string of the file (not a docstring) holds a URL of a kind `suspiciousUrls` reports. */
export function hasSuspiciousUrl(facts: PythonFacts): boolean {
  return facts.strings.some((s) => !s.docstring && s.value.length <= 2000 && s.value.includes('://') && [...s.value.matchAll(URL)].some((m) => urlKind(m[1], m[2]) !== undefined));
}

/** Out-of-band interaction (OAST) domains, named without a scheme: DNS beacons resolve `<data>.<id>.oastify.com`. */
const OAST_DOMAIN = /(?:^|[\s.'"@{}/])((?:[\w{}-]+\.)*(oastify\.com|burpcollaborator\.net|interact\.sh|oast\.(?:pro|live|site|online|fun|me)|dnslog\.cn|ceye\.io|requestrepo\.com|canarytokens\.com))\b/i;

/** Whether a network call that runs on import (or install) goes to `host`: then the call itself is a beacon. */
function contactedOnLoad(facts: PythonFacts, role: FileRole, host: string): boolean {
  return facts.calls.some((c) => isNetworkCall(c.name) && (role.installTime || runsAtImport(facts, c.node)) && approximate(facts, positionalArguments(c.node)[0] ?? keywordArgument(c.node, 'url')).text.toLowerCase().includes(host.toLowerCase()));
}

const onLoad = (role: FileRole) => (role.installTime ? 'at install time' : 'as soon as it is imported');

/** URLs in code (not docstrings) pointing at raw IPs, paste sites, webhooks, tunnels, dynamic DNS or .onion; OAST domains. */
export function suspiciousUrls(facts: PythonFacts, role: FileRole): Reason[] {
  const reasons: Reason[] = [];
  const seen = new Set<string>();
  for (const str of facts.strings) {
    if (str.docstring || str.value.length > 2000 || !str.value.includes('://')) continue;
    for (const match of str.value.matchAll(URL)) {
      const kind = urlKind(match[1], match[2]);
      if (!kind || seen.has(match[0])) continue;
      seen.add(match[0]);
      // A request-capture service exists to record who called: contacted on import or install, the call itself is the beacon.
      const beacon = kind === REQUEST_CAPTURE && contactedOnLoad(facts, role, match[1]);
      reasons.push(makeReason('suspiciousUrl', `${facts.path} contacts ${kind} (${match[0]})${beacon ? ` ${onLoad(role)}: that request reports the installation to whoever reads the capture` : '; packages rarely need one, malware often does'}. Find out what is sent or fetched there.`, { file: facts.path, line: str.line, evidence: match[0], severity: beacon ? 'high' : undefined }));
    }
  }
  // Host names built in f-strings are not string facts: the source is searched, outside comments.
  if (reasons.length === 0 && /oastify|burpcollaborator|interact\.sh|oast\.|dnslog|ceye\.io|requestrepo|canarytokens/i.test(facts.source)) {
    const lines = facts.source.split('\n');
    for (let i = 0; i < lines.length; i++) {
      const oast = /^\s*#/.test(lines[i]) ? null : OAST_DOMAIN.exec(lines[i]);
      if (!oast) continue;
      const beacon = contactedOnLoad(facts, role, oast[2]);
      reasons.push(makeReason('suspiciousUrl', `${facts.path} names an out-of-band interaction (OAST) domain (${oast[1]})${beacon ? ` and contacts it ${onLoad(role)}` : ''}: looking up or contacting a name under it reports back to whoever owns it, which is how DNS beacons leak data. Packages have no use for one.`, { file: facts.path, line: i + 1, evidence: oast[1], severity: beacon ? 'high' : undefined }));
      break;
    }
  }
  return reasons;
}
