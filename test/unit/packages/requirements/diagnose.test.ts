import * as assert from 'node:assert/strict';
import { diagnoseRequirements } from '../../../../src/core/packages/requirements/diagnose';
import { parseRequirementsText } from '../../../../src/core/packages/requirements/parse';
import { specifiersIntersect } from '../../../../src/core/packages/requirements/specifierIntersection';
import type { RequirementProblem } from '../../../../src/core/packages/requirements/types';

const HASH_A = 'a'.repeat(64);

function diagnose(text: string, warnUnpinned = false, files: Record<string, string> = {}): RequirementProblem[] {
  const parsed = parseRequirementsText(text, '/p/requirements.txt', {
    env: {},
    readFile: (file) => {
      if (!(file in files)) throw new Error('ENOENT');
      return files[file];
    },
  });
  assert.deepEqual(parsed.problems, [], 'the inputs here are syntactically valid');
  return diagnoseRequirements(parsed, { warnUnpinned });
}

function summary(problems: RequirementProblem[]): string[] {
  return problems.map((problem) => `${problem.code}@${problem.location.line}:${problem.location.column}`);
}

describe('requirement diagnostics', () => {
  describe('REQ011 duplicate requirements', () => {
    it('reports both lines of a duplicate, naming the other line', () => {
      const problems = diagnose('requests>=2\nsix\nRequests[socks]\n');
      assert.deepEqual(summary(problems), ['REQ011@1:1', 'REQ011@3:1']);
      assert.match(problems[0].message, /also at \/p\/requirements\.txt:3/);
      assert.match(problems[1].message, /also at \/p\/requirements\.txt:1/);
      assert.equal(problems[0].severity, 'warning');
    });

    it('normalised names count as the same project', () => {
      assert.deepEqual(summary(diagnose('zope.interface\nZope_Interface\n')), ['REQ011@1:1', 'REQ011@2:1']);
    });

    it('mutually exclusive markers are fine', () => {
      assert.deepEqual(diagnose('numpy<2 ; python_version < "3.9"\nnumpy>=2 ; python_version >= "3.9"\n'), []);
    });

    it('a requirement plus its constraint is not a duplicate', () => {
      assert.deepEqual(diagnose('requests\n-c c.txt\n', false, { '/p/c.txt': 'requests<3\n' }), []);
    });

    it('three copies: each line reported once', () => {
      assert.deepEqual(summary(diagnose('six\nsix\nsix\n')), ['REQ011@1:1', 'REQ011@2:1', 'REQ011@3:1']);
    });
  });

  describe('REQ012 conflicting specifiers', () => {
    it('==1.0 and >=2 cannot both hold', () => {
      const problems = diagnose('pkg==1.0\npkg>=2\n').filter((p) => p.code === 'REQ012');
      assert.deepEqual(summary(problems), ['REQ012@1:1', 'REQ012@2:1']);
      assert.match(problems[0].message, /No version of pkg satisfies both '==1\.0'.*and '>=2'/);
      assert.equal(problems[0].severity, 'error');
    });

    it('a requirement against its constraint file', () => {
      const problems = diagnose('requests>=3\n-c c.txt\n', false, { '/p/c.txt': 'requests<3\n' });
      assert.deepEqual(problems.map((p) => [p.code, p.location.file, p.location.line]), [
        ['REQ012', '/p/requirements.txt', 1],
        ['REQ012', '/p/c.txt', 1],
      ]);
      assert.match(problems[0].message, /\(constraint\)/);
    });

    it('one requirement whose own bounds exclude everything', () => {
      assert.deepEqual(summary(diagnose('pkg>=3,<2\n')), ['REQ012@1:1']);
    });

    it('overlapping ranges are fine (duplicate reported, no conflict)', () => {
      assert.deepEqual(summary(diagnose('pkg>=1,<3\npkg>=2\n')), ['REQ011@1:1', 'REQ011@2:1']);
    });

    it('conflicts behind exclusive markers are fine', () => {
      assert.deepEqual(diagnose('pkg==1.0 ; sys_platform == "win32"\npkg==2.0 ; sys_platform != "win32"\n'), []);
    });

    const table: Array<[string[], boolean]> = [
      [['==1.0', '>=2'], false],
      [['==1.0', '>=1'], true],
      [['>1.0', '<1.0.1'], true],
      [['>1.0', '<=1.0'], false],
      [['~=1.4.2', '>=1.5'], false],
      [['~=1.4', '>=1.9'], true],
      [['==1.*', '>=2'], false],
      [['==1.*', '>=1.9'], true],
      [['!=1.0', '==1.0'], false],
      [['!=1.0', '>=1.0,<=1.0'], false],
      [['!=1.0', '>=1.0,<1.1'], true],
      [['>=2.0rc1', '<2.1'], true],
      // PEP 440: `<2.0` excludes the pre-releases of 2.0 itself, so nothing is left.
      [['>=2.0rc1', '<2.0'], false],
      [['==2.0+local', '==2.0'], true],
      [['===foo', '==1'], true],
      [['', '==1'], true],
      [['<1!0', '>=2'], true],
    ];
    for (const [specifiers, expected] of table) {
      it(`specifiersIntersect(${JSON.stringify(specifiers)}) → ${expected}`, () => {
        assert.equal(specifiersIntersect(specifiers), expected);
      });
    }
  });

  describe('REQ013 hash-checking mode', () => {
    it('once one line has --hash, every other requirement needs one', () => {
      const problems = diagnose(`a==1 --hash=sha256:${HASH_A}\nb==2\n-e ./local\nc>=1 --hash=sha256:${HASH_A}\n`);
      assert.deepEqual(summary(problems), ['REQ013@2:1', 'REQ013@3:4', 'REQ013@4:1']);
      assert.match(problems[0].message, /a at \/p\/requirements\.txt:1 has --hash.*every requirement needs --hash/);
      assert.match(problems[1].message, /editable requirements cannot be hash-checked/);
      assert.match(problems[2].message, /requires an exact version/);
    });

    it('--require-hashes alone turns it on', () => {
      assert.deepEqual(summary(diagnose('--require-hashes\nb==2\n')), ['REQ013@2:1']);
    });

    it('all lines hashed and pinned (and hashed URLs) are fine; constraints need no hashes', () => {
      const text = `a==1 --hash=sha256:${HASH_A}\npkg @ https://x.org/pkg-1.0.tar.gz --hash=sha256:${HASH_A}\n-c c.txt\n`;
      assert.deepEqual(diagnose(text, false, { '/p/c.txt': 'zzz<2\n' }), []);
    });

    it('no hashes anywhere: nothing to report', () => {
      assert.deepEqual(diagnose('a==1\nb\n'), []);
    });
  });

  describe('REQ014 unpinned requirements (only when asked)', () => {
    it('reports ranges and bare names when warnUnpinned', () => {
      const problems = diagnose('a\nb>=1\nc==1.0\nd===1.0\ne==1.*\nf @ https://x.org/f-1.0.tar.gz\n./local\n', true);
      assert.deepEqual(summary(problems), ['REQ014@1:1', 'REQ014@2:1', 'REQ014@5:1']);
      assert.equal(problems[0].severity, 'info');
      assert.match(problems[0].message, /pin it, e\.g\. a==<version>/);
    });

    it('silent by default', () => {
      assert.deepEqual(diagnose('a\nb>=1\n'), []);
    });

    it('constraints are not reported', () => {
      assert.deepEqual(diagnose('-c c.txt\n', true, { '/p/c.txt': 'x<2\n' }), []);
    });
  });

  describe('REQ015 typosquatting', () => {
    it('names the intended project and why, at the name', () => {
      const problems = diagnose('reqeusts>=2\n');
      assert.deepEqual(problems.map((p) => [p.code, p.location.column, p.location.endColumn]), [['REQ015', 1, 9]]);
      assert.match(problems[0].message, /'reqeusts' looks like the popular project 'requests' \(two adjacent letters swapped/);
      assert.equal(problems[0].severity, 'warning');
    });

    it('also in direct references and wheel URLs', () => {
      assert.deepEqual(summary(diagnose('djanga @ https://x.org/djanga-1.0.tar.gz\nhttps://x.org/colourama-1.0-py3-none-any.whl\n')), ['REQ015@1:1', 'REQ015@2:1']);
    });

    it('popular names, different spellings of them, and unrelated names are fine', () => {
      assert.deepEqual(diagnose('requests\npython_dateutil\nPyYAML\nsnakepit-fixture-benign\n'), []);
    });
  });

  it('problems come back in file order, then line and column', () => {
    const problems = diagnose('-r inc.txt\nreqeusts\n', true, { '/p/inc.txt': 'six\n' });
    assert.deepEqual(problems.map((p) => `${p.location.file}:${p.location.line}:${p.code}`), [
      '/p/requirements.txt:2:REQ014',
      '/p/requirements.txt:2:REQ015',
      '/p/inc.txt:1:REQ014',
    ]);
  });
});
