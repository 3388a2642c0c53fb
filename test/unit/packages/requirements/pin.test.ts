import * as assert from 'node:assert/strict';
import { parseRequirementsText } from '../../../../src/core/packages/requirements/parse';
import { pinnedRequirementLine, rewriteRequirementsFile } from '../../../../src/core/packages/requirements/pin';
import type { Requirement } from '../../../../src/core/packages/requirements/types';

const HASH_A = 'a'.repeat(64);
const HASH_B = 'b'.repeat(64);

function requirementsOf(text: string): Requirement[] {
  const parsed = parseRequirementsText(text, '/p/requirements.txt', { env: {} });
  assert.deepEqual(parsed.problems, []);
  return parsed.requirements;
}

describe('pinning requirements with hashes', () => {
  it("writes pip-compile's layout: name[extras]==version ; marker, then one --hash per line", () => {
    const [requirement] = requirementsOf('Requests[socks,security]>=2 ; python_version >= "3.8"');
    assert.equal(
      pinnedRequirementLine(requirement, '2.32.3', [HASH_A, `sha256:${HASH_B}`]),
      `Requests[socks,security]==2.32.3 ; python_version >= "3.8" \\\n    --hash=sha256:${HASH_A} \\\n    --hash=sha256:${HASH_B}`,
    );
  });

  it('without hashes it is just the pinned line; duplicate hashes are written once', () => {
    const [requirement] = requirementsOf('six');
    assert.equal(pinnedRequirementLine(requirement, '1.16.0', []), 'six==1.16.0');
    assert.equal(pinnedRequirementLine(requirement, '1.16.0', [HASH_A, HASH_A.toUpperCase()]), `six==1.16.0 \\\n    --hash=sha256:${HASH_A}`);
  });

  it('keeps per-requirement options and URL requirements as written', () => {
    const [withOption, url] = requirementsOf('pkg --config-settings=k=v\npkg2 @ https://x.org/pkg2-1.0.tar.gz\n');
    assert.equal(pinnedRequirementLine(withOption, '1.0', [HASH_A]), `pkg==1.0 \\\n    --config-settings=k=v \\\n    --hash=sha256:${HASH_A}`);
    assert.equal(pinnedRequirementLine(url, '1.0', [HASH_A]), `pkg2 @ https://x.org/pkg2-1.0.tar.gz \\\n    --hash=sha256:${HASH_A}`);
  });

  it('refuses bad versions, bad hashes and editables with a message naming them', () => {
    const [requirement, editable] = requirementsOf('six\n-e ./local\n');
    assert.throws(() => pinnedRequirementLine(requirement, '1.0; rm -rf /', []), /Cannot pin six to '1\.0; rm -rf \/'/);
    assert.throws(() => pinnedRequirementLine(requirement, '1.0', ['abc']), /hash 'abc'/);
    assert.throws(() => pinnedRequirementLine(editable, '1.0', [HASH_A]), /editable/);
  });

  describe('rewriteRequirementsFile', () => {
    const original = [
      '# Pinned by hand, keep this comment',
      'requests>=2  # http',
      '',
      `foo==1.0 \\`,
      `    --hash=sha256:${HASH_A} \\`,
      '    # trailing comment inside the entry',
      'six',
      '',
    ].join('\n');

    for (const eol of ['\n', '\r\n']) {
      it(`round trip with ${JSON.stringify(eol)} line endings: only the replaced entries change`, () => {
        const text = original.replace(/\n/g, eol);
        const [requests, foo, six] = requirementsOf(text);
        const rewritten = rewriteRequirementsFile(text, [
          { ...six.lineRange, newText: pinnedRequirementLine(six, '1.16.0', [HASH_B]) },
          { ...foo.lineRange, newText: pinnedRequirementLine(foo, '1.0', [HASH_A, HASH_B]) },
          { ...requests.lineRange, newText: pinnedRequirementLine(requests, '2.32.3', [HASH_A]) },
        ]);
        const lines = rewritten.split(eol);
        assert.deepEqual(lines, [
          '# Pinned by hand, keep this comment',
          'requests==2.32.3 \\',
          `    --hash=sha256:${HASH_A}`,
          '',
          'foo==1.0 \\',
          `    --hash=sha256:${HASH_A} \\`,
          `    --hash=sha256:${HASH_B}`,
          'six==1.16.0 \\',
          `    --hash=sha256:${HASH_B}`,
          '',
        ]);
        if (eol === '\r\n') {
          assert.doesNotMatch(rewritten.replace(/\r\n/g, ''), /\n/, 'no bare LF slipped into a CRLF file');
        }
        // The rewritten file parses back to the pinned, hashed requirements.
        const reparsed = requirementsOf(rewritten);
        assert.deepEqual(reparsed.map((r) => [r.name, r.specifier, r.hashes.length]), [['requests', '==2.32.3', 1], ['foo', '==1.0', 2], ['six', '==1.16.0', 1]]);
      });
    }

    it('no replacements: byte-identical, including a missing final newline and mixed endings', () => {
      const text = 'a\r\nb\nc';
      assert.equal(rewriteRequirementsFile(text, []), text);
      assert.equal(rewriteRequirementsFile(text, [{ line: 3, endLine: 3, newText: 'c==1' }]), 'a\r\nb\nc==1');
    });

    it('rejects overlapping or out-of-range replacements', () => {
      assert.throws(() => rewriteRequirementsFile('a\nb\nc\n', [{ line: 1, endLine: 2, newText: 'x' }, { line: 2, endLine: 3, newText: 'y' }]), /overlap/);
      assert.throws(() => rewriteRequirementsFile('a\n', [{ line: 5, endLine: 5, newText: 'x' }]), /the file has 2 lines/);
    });
  });
});
