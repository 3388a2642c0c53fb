import type { Finding } from '../types';
import { ruleInfo } from './catalog';

const BIDI = /[\u200f\u202a-\u202e\u2066-\u2069]/;
const BIDI_GLOBAL = /[\u200f\u202a-\u202e\u2066-\u2069]/g;

function pythonRepr(char: string): string {
  return `'\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}'`;
}

/**
 * B613: bidirectional control characters anywhere in the text. One finding per
 * affected line (Bandit stops at the first one in the file).
 */
export function trojanSourceFindings(source: string): Finding[] {
  if (!BIDI.test(source)) return [];
  const info = ruleInfo('B613');
  const findings: Finding[] = [];
  const lines = source.split(/\r\n|\r|\n/);
  lines.forEach((text, index) => {
    BIDI_GLOBAL.lastIndex = 0;
    const match = BIDI_GLOBAL.exec(text);
    if (!match) return;
    findings.push({
      ruleId: info.id,
      name: info.name,
      severity: info.severity,
      confidence: info.confidence,
      cwe: info.cwe,
      line: index + 1,
      column: match.index + 1,
      endLine: index + 1,
      endColumn: match.index + 2,
      message: info.message.replace('{name}', pythonRepr(match[0])),
    });
  });
  return findings;
}
