import type { SyntaxNode } from '../../parser';
import { callRule } from '../rule';
import type { CallInfo } from '../callContext';
import { unparenthesize, type LiteralValue } from '../literals';

const WEAK_HASHES = new Set(['md4', 'md5', 'sha', 'sha1']);
const WEAK_CRYPT_METHODS = new Set(['METHOD_CRYPT', 'METHOD_MD5', 'METHOD_BLOWFISH']);

function usedForSecurity(call: CallInfo): boolean {
  return (call.keywordValue('usedforsecurity') ?? 'True') === 'True';
}

function positionalOrKeyword(call: CallInfo, position: number, keyword: string): LiteralValue {
  return call.args.length > position ? call.argValue(position) : call.keywordValue(keyword);
}

const KEY_FUNCTIONS: Record<string, ['DSA' | 'RSA' | 'EC', string, number]> = {
  'cryptography.hazmat.primitives.asymmetric.dsa.generate_private_key': ['DSA', 'key_size', 0],
  'cryptography.hazmat.primitives.asymmetric.rsa.generate_private_key': ['RSA', 'key_size', 1],
  'cryptography.hazmat.primitives.asymmetric.ec.generate_private_key': ['EC', 'curve', 0],
  'Crypto.PublicKey.DSA.generate': ['DSA', 'bits', 0],
  'Crypto.PublicKey.RSA.generate': ['RSA', 'bits', 0],
  'Cryptodome.PublicKey.DSA.generate': ['DSA', 'bits', 0],
  'Cryptodome.PublicKey.RSA.generate': ['RSA', 'bits', 0],
};

/** Bandit's defaults: below the first size is high severity, below the second medium. */
const WEAK_KEY_SIZES = { DSA: [1024, 2048], RSA: [1024, 2048], EC: [160, 224] } as const;

const CURVE_SIZES: Record<string, number> = {
  SECT571K1: 571, SECT571R1: 570, SECP521R1: 521, BrainpoolP512R1: 512, SECT409K1: 409, SECT409R1: 409,
  BrainpoolP384R1: 384, SECP384R1: 384, SECT283K1: 283, SECT283R1: 283, BrainpoolP256R1: 256, SECP256K1: 256,
  SECP256R1: 256, SECT233K1: 233, SECT233R1: 233, SECP224R1: 224, SECP192R1: 192, SECT163K1: 163, SECT163R2: 163,
};

/** `ec.SECP192R1` (Bandit) or `ec.SECP192R1()` (the current cryptography API; beyond Bandit). */
function curveName(node: SyntaxNode | undefined): string | undefined {
  let expr = unparenthesize(node ?? null);
  if (expr?.type === 'call') expr = expr.childForFieldName('function');
  if (expr?.type === 'attribute') return expr.childForFieldName('attribute')?.text;
  if (expr?.type === 'identifier') return expr.text;
  return undefined;
}

function keySize(call: CallInfo, type: 'DSA' | 'RSA' | 'EC', keyword: string, position: number): LiteralValue {
  if (type === 'EC') {
    const curve = curveName(call.keyword(keyword) ?? call.args[position]);
    return curve !== undefined && curve in CURVE_SIZES ? CURVE_SIZES[curve] : 224;
  }
  const value = call.keywordValue(keyword);
  if (value !== undefined && value !== 0 && value !== '') return value;
  const positional = call.argValue(position);
  return positional !== undefined && positional !== 0 && positional !== '' ? positional : 2048;
}

export const cryptoRules = [
  // B324: weak hashlib algorithms (unless usedforsecurity=False) and weak crypt methods.
  callRule({
    names: [...WEAK_HASHES, 'new', 'crypt', 'mksalt'],
    visit(call, ctx) {
      const parts = call.qualName.split('.');
      const func = call.name;
      if (parts.includes('hashlib')) {
        let algorithm: LiteralValue = func;
        if (func === 'new') algorithm = positionalOrKeyword(call, 0, 'name');
        if (typeof algorithm !== 'string' || !WEAK_HASHES.has(algorithm.toLowerCase()) || !usedForSecurity(call)) return;
        if (func !== 'new' && !WEAK_HASHES.has(func)) return;
        ctx.report('B324', call.node, { fill: { name: algorithm.toUpperCase() } });
      } else if (parts.includes('crypt') && (func === 'crypt' || func === 'mksalt')) {
        const method = func === 'crypt' ? positionalOrKeyword(call, 1, 'salt') : positionalOrKeyword(call, 0, 'method');
        if (typeof method !== 'string' || !WEAK_CRYPT_METHODS.has(method)) return;
        ctx.report('B324', call.node, { severity: 'medium', message: `Use of insecure crypt.${method.toUpperCase()} hash function.` });
      }
    },
  }),
  // B505: RSA/DSA keys under 2048 bits, EC curves under 224 bits.
  callRule({
    names: ['generate_private_key', 'generate'],
    visit(call, ctx) {
      const spec = KEY_FUNCTIONS[call.qualName];
      if (!spec) return;
      const [type, keyword, position] = spec;
      const size = keySize(call, type, keyword, position);
      if (typeof size !== 'number') return;
      const [high, medium] = WEAK_KEY_SIZES[type];
      const limit = size < high ? high : size < medium ? medium : undefined;
      if (limit === undefined) return;
      ctx.report('B505', call.node, { severity: limit === high ? 'high' : 'medium', fill: { name: type, size: String(limit) } });
    },
  }),
];
