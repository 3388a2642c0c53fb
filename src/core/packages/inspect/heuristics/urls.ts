import type { Reason } from '../../reasons';
import type { PythonFacts } from '../python/pythonFacts';
import { makeReason } from '../reasonCatalog';

const URL = /\b(?:https?|ftp|wss?|tcp):\/\/([^\s/'"?#<>]+)([^\s'"<>]*)/gi;

/** Hosts whose only common use in a package is hiding where data goes or comes from. */
const HOST_KINDS: ReadonlyArray<[RegExp, string]> = [
  [/(^|\.)(pastebin\.com|paste\.ee|hastebin\.com|ghostbin\.\w+|rentry\.(co|org)|termbin\.com|dpaste\.(com|org)|paste\.rs|controlc\.com|privatebin\.\w+|transfer\.sh|anonfiles\.com|file\.io|0x0\.st|bashupload\.com|temp\.sh)$/i, 'a paste/file-drop site'],
  [/(^|\.)(ngrok\.io|ngrok-free\.app|ngrok\.app|ngrok\.dev|trycloudflare\.com|serveo\.net|localtunnel\.me|loca\.lt|localhost\.run|lhr\.life|pagekite\.me|telebit\.cloud|bore\.pub|playit\.gg)$/i, 'a tunnelling service'],
  [/(^|\.)(duckdns\.org|no-ip\.(com|org|biz|info)|noip\.com|ddns\.net|hopto\.org|zapto\.org|sytes\.net|serveftp\.com|servebeer\.com|myftp\.(biz|org)|dynu\.(com|net)|freedns\.afraid\.org|dyndns\.\w+|changeip\.com|3utilities\.com|bounceme\.net|redirectme\.net)$/i, 'a dynamic-DNS host'],
  [/\.onion$/i, 'a Tor hidden service'],
  [/(^|\.)(webhook\.site|pipedream\.net|requestbin\.\w+|burpcollaborator\.net|oastify\.com|interact\.sh|oast\.(pro|live|site|online|fun|me)|canarytokens\.com|beeceptor\.com)$/i, 'a request-capture service'],
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

/** URLs in code (not docstrings) pointing at raw IPs, paste sites, webhooks, tunnels, dynamic DNS or .onion. */
export function suspiciousUrls(facts: PythonFacts): Reason[] {
  const reasons: Reason[] = [];
  const seen = new Set<string>();
  for (const str of facts.strings) {
    if (str.docstring || str.value.length > 2000 || !str.value.includes('://')) continue;
    for (const match of str.value.matchAll(URL)) {
      const kind = urlKind(match[1], match[2]);
      if (!kind || seen.has(match[0])) continue;
      seen.add(match[0]);
      reasons.push(makeReason('suspiciousUrl', `${facts.path} contacts ${kind} (${match[0]}); packages rarely need one, malware often does. Find out what is sent or fetched there.`, { file: facts.path, line: str.line, evidence: match[0] }));
    }
  }
  return reasons;
}
