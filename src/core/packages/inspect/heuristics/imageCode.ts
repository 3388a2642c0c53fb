import type { Reason } from '../../reasons';
import { isExecCall } from '../python/callNames';
import { derivesFrom, lastPart, positionalArguments, stringLiteral, type CallFact, type PythonFacts } from '../python/pythonFacts';
import { makeReason } from '../reasonCatalog';
import { snippet } from './heuristic';

const IMAGE_FILE = /\.(png|jpe?g|gif|bmp|ico|webp|tiff?)$/i;
const PIXEL_READS = new Set(['getdata', 'getpixel', 'tobytes', 'load', 'getchannel', 'split']);

function readsImage(call: CallFact): boolean {
  if (call.name.startsWith('PIL.') || call.name.startsWith('imageio.') || call.name.startsWith('cv2.imread')) return true;
  if (PIXEL_READS.has(lastPart(call.name)) && call.name.startsWith('.')) return true;
  if (call.name === 'open' || call.name === 'io.open' || lastPart(call.name) === 'read_bytes' || lastPart(call.name) === 'open') {
    const path = stringLiteral(positionalArguments(call.node)[0]);
    return typeof path === 'string' && IMAGE_FILE.test(path);
  }
  return false;
}

/** Steganography loaders: code executed from pixel data or from the bytes of an image file. */
export function imageCode(facts: PythonFacts): Reason[] {
  const usesImages = facts.imports.has('PIL') || facts.imports.has('imageio') || facts.imports.has('cv2') || facts.strings.some((s) => IMAGE_FILE.test(s.value));
  if (!usesImages) return [];
  const reasons: Reason[] = [];
  for (const call of facts.calls) {
    if (!isExecCall(call.name) && call.name !== 'marshal.loads') continue;
    const arg = positionalArguments(call.node)[0];
    const source = arg && derivesFrom(facts, arg, readsImage, 4);
    if (!source) continue;
    reasons.push(makeReason('imageCode', `${facts.path} runs code taken from an image (${source.name} → ${call.name}): a steganographic loader hides its payload in pixels. Do not install it.`, { file: facts.path, line: call.line, evidence: snippet(call.node) }));
  }
  return reasons;
}
