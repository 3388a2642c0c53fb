import type { Reason } from '../../reasons';
import type { Tree } from '../../../analysis/parser';
import { makeReason } from '../reasonCatalog';

/** Embedding, override and isolate controls: the ones that reorder how code is displayed (LRM/RLM marks do not). */
const BIDI = /[\u202a-\u202e\u2066-\u2069]/;
const OPENERS = /[\u202a-\u202b\u202d-\u202e\u2066-\u2068]/g;
const CLOSERS = /[\u202c\u2069]/g;

/** RTL text in string literals closes every embedding it opens on the line; Trojan Source leaves them open. */
function unbalanced(line: string): boolean {
  return (line.match(OPENERS)?.length ?? 0) !== (line.match(CLOSERS)?.length ?? 0);
}
const NON_ASCII = /[^\p{ASCII}]/u;
/** Cyrillic and Greek letters drawn like Latin ones. */
const CONFUSABLE = new Set([...'аеорсуухіјѕԁһԛԝАВЕКМНОРСТХЅІЈΑΒΕΖΗΙΚΜΝΟΡΤΥΧοαρνκτυ']);
const SCRIPTS: ReadonlyArray<[RegExp, string]> = [
  [/\p{Script=Latin}/u, 'Latin'],
  [/\p{Script=Cyrillic}/u, 'Cyrillic'],
  [/\p{Script=Greek}/u, 'Greek'],
  [/\p{Script=Armenian}/u, 'Armenian'],
  [/\p{Script=Cherokee}/u, 'Cherokee'],
];

/** Unbalanced bidirectional controls on a line (Trojan Source): what a reviewer sees is not what runs. */
export function bidiControls(file: string, text: string): Reason[] {
  if (!BIDI.test(text)) return [];
  const reasons: Reason[] = [];
  text.split(/\r\n|\r|\n/).forEach((line, index) => {
    const match = BIDI.exec(line);
    if (!match || !unbalanced(line)) return;
    const code = `U+${match[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
    reasons.push(makeReason('bidiControl', `${file}:${index + 1} contains the bidirectional control character ${code}, which reorders how the line is displayed (Trojan Source): the code that runs differs from what a reviewer reads. Do not install it.`, { file, line: index + 1, evidence: `${code} in ${JSON.stringify(line.slice(0, 80))}` }));
  });
  return reasons;
}

/** Names whose disguise hides running code, reading secrets or starting processes. */
const DANGEROUS_NAMES = new Set(['exec', 'eval', 'compile', '__import__', 'getattr', 'open', 'system', 'popen', 'os', 'subprocess', 'socket', 'urlopen', 'requests', 'base64', 'b64decode', 'marshal', 'loads', 'builtins', '__builtins__', 'globals', 'setattr', 'input', 'breakpoint']);

/**
 * Identifiers Python normalises (NFKC, PEP 3131) to a different, plain-ASCII name: `𝚎𝚡𝚎𝚌(...)` calls exec.
 * Nobody types mathematical or full-width letters for an ordinary name; they are there to slip past readers and scanners.
 */
export function normalizedIdentifiers(file: string, text: string, tree: Tree): Reason[] {
  if (!NON_ASCII.test(text)) return [];
  const reasons: Reason[] = [];
  const seen = new Set<string>();
  for (const node of tree.rootNode.descendantsOfType('identifier')) {
    if (!node) continue;
    const name = node.text;
    if (!NON_ASCII.test(name) || seen.has(name)) continue;
    const ascii = name.normalize('NFKC');
    if (ascii === name || NON_ASCII.test(ascii)) continue;
    seen.add(name);
    const dangerous = DANGEROUS_NAMES.has(ascii);
    reasons.push(makeReason('normalizedIdentifier', `${file} writes ${JSON.stringify(name)}, which Python reads as \`${ascii}\` (identifiers are NFKC-normalised): the name is disguised so that readers and pattern scanners miss it${dangerous ? `, and \`${ascii}\` runs code, opens files or reaches the system` : ''}. Do not install it.`, { file, line: node.startPosition.row + 1, evidence: `${name} = ${ascii}`, severity: dangerous ? 'high' : 'medium' }));
  }
  return reasons;
}

/** Identifiers mixing Latin with look-alike letters of another script (`pаssword` with a Cyrillic а). */
export function homoglyphIdentifiers(file: string, text: string, tree: Tree): Reason[] {
  if (!NON_ASCII.test(text)) return [];
  const reasons: Reason[] = [];
  const seen = new Set<string>();
  for (const node of tree.rootNode.descendantsOfType('identifier')) {
    if (!node) continue;
    const name = node.text;
    if (!NON_ASCII.test(name) || seen.has(name)) continue;
    const scripts = SCRIPTS.filter(([pattern]) => pattern.test(name)).map(([, script]) => script);
    const lookalike = [...name].every((c) => c.charCodeAt(0) < 0x80 || CONFUSABLE.has(c)) && [...name].filter((c) => /\p{L}/u.test(c)).length >= 2;
    if (scripts.length < 2 && !lookalike) continue;
    seen.add(name);
    const how = scripts.length >= 2 ? `mixing ${scripts.join(' and ')} letters` : 'written with Cyrillic/Greek letters that look Latin';
    reasons.push(makeReason('homoglyph', `${file} has the identifier ${JSON.stringify(name)} ${how}: it looks like an ASCII name but is a different one, a way to shadow or fake a function. Check every use of it.`, { file, line: node.startPosition.row + 1, evidence: name }));
  }
  return reasons;
}
