import * as assert from 'node:assert/strict';
import { parseMetadataHeaders, parseRecord } from '../../../src/core/environments/distributions';
import { activationScript, promptPrefix } from '../../../src/core/environments/activation';
import { compareListings, describeChanges, listDistributionsOf } from '../../../src/core/environments/history/listing';

describe('environments: RECORD, METADATA, listings, prompts', () => {
  it('parses RECORD as CSV, quoted paths with commas included', () => {
    const entries = parseRecord('six.py,sha256=abc_-1,34549\n"odd,name.py",sha256=x,1\nsix-1.17.0.dist-info/RECORD,,\n');
    assert.deepEqual(entries, [
      { path: 'six.py', hash: 'abc_-1', size: 34549 },
      { path: 'odd,name.py', hash: 'x', size: 1 },
      { path: 'six-1.17.0.dist-info/RECORD', hash: '' },
    ]);
  });

  it('reads METADATA headers up to the body, repeated and folded ones included', () => {
    const headers = parseMetadataHeaders('Metadata-Version: 2.1\nName: Flask\nVersion: 3.1.3\nRequires-Dist: click>=8\nRequires-Dist: dotenv ; extra == "dotenv"\nSummary: a\n  folded\n\nRequires-Dist: not-a-header\n');
    assert.deepEqual(headers.get('name'), ['Flask']);
    assert.deepEqual(headers.get('requires-dist'), ['click>=8', 'dotenv ; extra == "dotenv"']);
    assert.deepEqual(headers.get('summary'), ['a\nfolded']);
  });

  it('lists distributions of a manifest from their RECORD files and compares listings', () => {
    const file = (sha256: string) => ({ type: 'f' as const, mode: 0o644, sha256, mtimeNs: '0' });
    const before = listDistributionsOf({ roots: ['/v'], trees: [{ 'lib/python3.11/site-packages/six-1.16.0.dist-info/RECORD': file('a'), 'lib/python3.11/site-packages/Foo_Bar-2.0.dist-info/RECORD': file('b') }] });
    assert.deepEqual(before.map((d) => `${d.name} ${d.version}`), ['foo-bar 2.0', 'six 1.16.0']);
    const after = listDistributionsOf({ roots: ['/v'], trees: [{ 'lib/python3.11/site-packages/six-1.17.0.dist-info/RECORD': file('c'), 'lib/python3.11/site-packages/idna-3.7.dist-info/RECORD': file('d') }] });
    const changes = compareListings(before, after);
    assert.equal(describeChanges(changes), '+idna 3.7, -foo-bar 2.0, ~six 1.16.0→1.17.0');
  });

  it('makes a prompt that no shell expands and that has no colour codes', () => {
    assert.equal(promptPrefix('.venv'), '(snakepit:.venv) ');
    assert.equal(promptPrefix('a$(rm -rf x)`%n\\'), '(snakepit:a__rm_-rf_x___n_) ');
    for (const shell of ['bash', 'zsh', 'fish'] as const) {
      const text = activationScript(shell, 'it\'s', "/tmp/it's venv");
      assert.ok(!text.includes('\u001b'));
      assert.match(text, /deactivate/);
    }
  });
});
