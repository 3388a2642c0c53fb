import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as oniguruma from 'vscode-oniguruma';
import { INITIAL, IGrammar, Registry, parseRawGrammar } from 'vscode-textmate';

const repo = path.resolve(__dirname, '..', '..', '..');
const grammarPath = path.join(repo, 'syntaxes', 'pip-requirements.tmLanguage.json');

async function loadGrammar(): Promise<IGrammar> {
  const wasm = fs.readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const registry = new Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns) => new oniguruma.OnigScanner(patterns),
      createOnigString: (text) => new oniguruma.OnigString(text),
    }),
    loadGrammar: async () => parseRawGrammar(fs.readFileSync(grammarPath, 'utf8'), grammarPath),
  });
  const grammar = await registry.loadGrammar('source.pip-requirements');
  assert.ok(grammar);
  return grammar;
}

/** The scopes of the first token whose text is `text`, e.g. the scope of `==` in `a==1`. */
function scopesOf(grammar: IGrammar, line: string, text: string): string[] {
  const { tokens } = grammar.tokenizeLine(line, INITIAL);
  const token = tokens.find((t) => line.slice(t.startIndex, t.endIndex).trim() === text);
  assert.ok(token, `no token "${text}" in ${JSON.stringify(line)}: ${JSON.stringify(tokens.map((t) => line.slice(t.startIndex, t.endIndex)))}`);
  return token.scopes;
}

describe('pip-requirements TextMate grammar', () => {
  let grammar: IGrammar;
  before(async () => {
    grammar = await loadGrammar();
  });

  const cases: Array<[line: string, text: string, scope: string]> = [
    ['# pinned for CI', '# pinned for CI', 'comment.line.number-sign'],
    ['requests==2.32.3  # http', '# http', 'comment.line.number-sign'],
    ['requests==2.32.3', 'requests', 'entity.name.package'],
    ['requests==2.32.3', '==', 'keyword.operator.comparison'],
    ['requests==2.32.3', '2.32.3', 'constant.numeric.version'],
    ['Django>=4.2,<5', '<', 'keyword.operator.comparison'],
    ['requests[socks,security]>=2', 'socks', 'variable.parameter.extra'],
    ['pywin32; sys_platform == "win32"', 'sys_platform', 'variable.language.marker'],
    ['pywin32; sys_platform == "win32"', '"win32"', 'string.quoted'],
    ['flask ; python_version >= "3.8" and os_name != "nt"', 'and', 'keyword.operator.logical'],
    ['-r base.txt', '-r', 'keyword.other.option'],
    ['-r base.txt', 'base.txt', 'string.unquoted.argument'],
    ['-c constraints.txt', '-c', 'keyword.other.option'],
    ['--index-url https://example.org/simple', 'https://example.org/simple', 'markup.underline.link'],
    ['-e git+https://example.org/repo.git#egg=pkg', '-e', 'keyword.other.option'],
    ['pkg @ https://example.org/pkg-1.0.whl', '@', 'keyword.operator.at'],
    ['requests==2.32.3 --hash=sha256:abc123', '--hash', 'keyword.other.option'],
    ['requests==2.32.3 --hash=sha256:abc123', 'abc123', 'constant.numeric.hash'],
    ['--frobnicate', '--frobnicate', 'invalid.illegal.unknown-option'],
    ['--extra-index-url ${INDEX_URL}', '${INDEX_URL}', 'variable.other.environment'],
  ];
  for (const [line, text, scope] of cases) {
    it(`scopes "${text}" in ${JSON.stringify(line)} as ${scope}`, () => {
      const scopes = scopesOf(grammar, line, text);
      assert.ok(scopes.some((s) => s.startsWith(`${scope}.`)), `${JSON.stringify(scopes)} lacks ${scope}`);
    });
  }

  it('does not mistake a # inside a URL fragment for a comment', () => {
    const line = '-e git+https://example.org/repo.git#egg=pkg';
    const { tokens } = grammar.tokenizeLine(line, INITIAL);
    assert.ok(!tokens.some((t) => t.scopes.some((s) => s.startsWith('comment.'))));
  });
});
