import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeRaw, IncrementalRaw } from '../../../../src/core/analysis/metrics';

type Raw = [loc: number, lloc: number, sloc: number, comments: number, multi: number, blank: number, single: number];

/** [what, source, radon raw.analyze: loc lloc sloc comments multi blank single_comments] */
const CASES: [string, string, Raw][] = [
  ['empty file', '', [0, 0, 0, 0, 0, 0, 0]],
  ['one statement', 'x = 1\n', [1, 1, 1, 0, 0, 0, 0]],
  ['no trailing newline', 'x = 1', [1, 1, 1, 0, 0, 0, 0]],
  ['blank and whitespace-only lines', 'x = 1\n\n   \n\ty = 2\n', [4, 2, 2, 0, 0, 2, 0]],
  ['comment line', '# hello\nx = 1\n', [2, 1, 1, 1, 0, 0, 1]],
  ['trailing comment counts, line is code', 'x = 1  # c\n', [1, 1, 1, 1, 0, 0, 0]],
  ['single-line docstring is a single comment', '"""doc"""\n', [1, 1, 0, 0, 0, 0, 1]],
  ['multi-line docstring', '"""a\n\nb\n"""\n', [4, 1, 0, 0, 3, 1, 0]],
  ['assigned multi-line string is code', 's = """a\n\nb"""\n', [3, 1, 2, 0, 0, 1, 0]],
  ['docstring followed by code on its line is code', '"""a\nb""".strip()\n', [2, 1, 2, 0, 0, 0, 0]],
  ['statement after colon: 2 logical lines', 'if x: y = 1\n', [1, 2, 1, 0, 0, 0, 0]],
  ['block header: 1 logical line', 'if x:\n    y = 1\n', [2, 2, 2, 0, 0, 0, 0]],
  ['semicolons split logical lines', 'a = 1; b = 2; c = 3\n', [1, 3, 1, 0, 0, 0, 0]],
  ['colon in a non-last segment, one token after it', 'if x: a; b\n', [1, 2, 1, 0, 0, 0, 0]],
  ['any colon counts (dict, slice, lambda)', 'd = {1: 2}\ne = a[1:]\nf = lambda: 0\n', [3, 6, 3, 0, 0, 0, 0]],
  ['walrus is not a colon', 'if (n := 1):\n    pass\n', [2, 2, 2, 0, 0, 0, 0]],
  ['bracket continuation is one group', 'x = (1,\n     # inside\n     2)\n', [3, 1, 3, 1, 0, 0, 0]],
  ['backslash continuation', 'x = 1 + \\\n    2\n', [2, 1, 2, 0, 0, 0, 0]],
  ['empty line inside brackets is blank', 'x = (\n\n1)\n', [3, 1, 2, 0, 0, 1, 0]],
  ['hash inside a string is not a comment', "x = '# no'\n", [1, 1, 1, 0, 0, 0, 0]],
  ['triple quote inside a string', "x = '\"\"\"'\ny = 1\n", [2, 2, 2, 0, 0, 0, 0]],
  ['comment-only line after colon', 'if x:  # c\n    pass\n', [2, 2, 2, 1, 0, 0, 0]],
  ['string prefixes', 'x = rb"a"\ny = f"""{a}\n"""\n', [3, 2, 3, 0, 0, 0, 0]],
  ['form feed splits lines (str.splitlines)', 'x = 1\n\x0c\ny = 2\n', [4, 2, 2, 0, 0, 2, 0]],
  ['CRLF line endings', 'x = 1\r\n# c\r\n\r\n', [3, 1, 1, 1, 0, 1, 1]],
];

describe('metrics: raw (radon raw.analyze)', () => {
  for (const [name, source, expected] of CASES) {
    it(`${name} → ${expected.join(' ')}`, () => {
      const r = analyzeRaw(source);
      assert.deepEqual([r.loc, r.lloc, r.sloc, r.comments, r.multi, r.blank, r.singleComments], expected);
    });
  }

  it('never throws on unterminated strings or brackets', () => {
    for (const source of ['x = """never closed\n', 'x = (1,\n', "x = 'open\ny = 1\n", 'x = \\']) {
      assert.doesNotThrow(() => analyzeRaw(source));
    }
  });
});

describe('raw metrics: IncrementalRaw', () => {
  it('equals analyzeRaw after each of 400 random edits that open and close strings, brackets, continuations and line breaks', () => {
    const pieces = ['x = 1', '"""', 'y = """doc', 'end"""', '(', ')', 'f(a,', '  b)', '# note', '', '   ', 'a = 1; b = 2', 'if x: pass', "s = 'open\\", 'z = \\', "'''", 'class C:'];
    const characters = ['\r', '\n', '\r\n', '\u2028', '\f', '"', "'", '(', ')', 'x', '\\', '#', ':', ';', ' '];
    let state = 7;
    const next = () => {
      state = (state * 1103515245 + 12345) % 2147483648;
      return state / 2147483648;
    };
    const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)];
    let source = fs.readFileSync(path.join(__dirname, '..', '..', '..', 'fixtures', 'metrics', 'constructs.py'), 'utf8');
    const raw = new IncrementalRaw();
    for (let edit = 0; edit < 400; edit++) {
      const at = Math.floor(next() * (source.length + 1));
      const what = next();
      if (what < 0.3) {
        const lineStart = source.lastIndexOf('\n', at - 1) + 1;
        source = source.slice(0, lineStart) + pick(pieces) + '\n' + source.slice(lineStart);
      } else if (what < 0.5) {
        source = source.slice(0, at) + source.slice(at + 1 + Math.floor(next() * 40));
      } else {
        source = source.slice(0, at) + pick(characters) + source.slice(at);
      }
      assert.deepEqual(raw.analyze(source), analyzeRaw(source), `edit ${edit}: ${JSON.stringify(source)}`);
    }
  });
});
