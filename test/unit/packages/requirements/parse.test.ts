import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { parseRequirementsFile, parseRequirementsText } from '../../../../src/core/packages/requirements/parse';
import { REQUIREMENT_PROBLEMS } from '../../../../src/core/packages/requirements/problemCodes';
import type { ParsedRequirements, Requirement } from '../../../../src/core/packages/requirements/types';

const fixtures = path.resolve(__dirname, '..', '..', '..', 'fixtures', 'requirements');
const HASH_A = 'a'.repeat(64);
const HASH_B = 'b'.repeat(64);

function parse(text: string, files: Record<string, string> = {}, env: Record<string, string> = {}): ParsedRequirements {
  return parseRequirementsText(text, '/project/requirements.txt', {
    env,
    readFile: (file) => {
      if (!(file in files)) {
        throw new Error(`ENOENT: no such file '${file}'`);
      }
      return files[file];
    },
  });
}

function only(text: string): Requirement {
  const parsed = parse(text);
  assert.deepEqual(parsed.problems, [], `unexpected problems for ${JSON.stringify(text)}`);
  assert.equal(parsed.requirements.length, 1, `expected one requirement in ${JSON.stringify(text)}`);
  return parsed.requirements[0];
}

function codes(parsed: ParsedRequirements): string[] {
  return parsed.problems.map((problem) => problem.code);
}

describe('requirements parser', () => {
  describe('requirement forms (PEP 508 and pip extensions)', () => {
    const cases: Array<[string, Partial<Requirement>]> = [
      ['requests', { name: 'requests', displayName: 'requests', specifier: '', extras: [] }],
      ['Requests==2.32.3', { name: 'requests', displayName: 'Requests', specifier: '==2.32.3' }],
      ['Charset_Normalizer.Thing >= 3.0 , < 4', { name: 'charset-normalizer-thing', specifier: '>=3.0,<4' }],
      ['requests[Socks, security]>=2', { extras: ['socks', 'security'], specifier: '>=2' }],
      ['requests (>=2,<3)', { specifier: '>=2,<3' }],
      ['zope.interface~=5.0', { name: 'zope-interface', specifier: '~=5.0' }],
      ['pkg===weird-legacy', { specifier: '===weird-legacy' }],
      ['pkg==1.*', { specifier: '==1.*' }],
      ['pkg; python_version<"3.11"', { name: 'pkg', specifier: '', marker: 'python_version<"3.11"' }],
      ['pkg>=1 ; sys_platform == "win32" and (python_version >= "3.8" or implementation_name == "pypy")', { specifier: '>=1', marker: 'sys_platform == "win32" and (python_version >= "3.8" or implementation_name == "pypy")' }],
      ['pkg @ https://example.org/pkg-1.0.tar.gz', { name: 'pkg', url: 'https://example.org/pkg-1.0.tar.gz', specifier: '' }],
      ['pkg[extra] @ git+https://github.com/o/pkg@v1.0 ; os_name == "posix"', { extras: ['extra'], url: 'git+https://github.com/o/pkg@v1.0', marker: 'os_name == "posix"' }],
      ['pkg @ file:///srv/wheels/pkg-1.0-py3-none-any.whl', { url: 'file:///srv/wheels/pkg-1.0-py3-none-any.whl', path: '/srv/wheels/pkg-1.0-py3-none-any.whl' }],
      ['https://example.org/dist/Some_Pkg-2.0-py3-none-any.whl', { name: 'some-pkg', url: 'https://example.org/dist/Some_Pkg-2.0-py3-none-any.whl' }],
      ['git+https://github.com/o/thing.git@main#egg=thing', { name: 'thing', url: 'git+https://github.com/o/thing.git@main#egg=thing' }],
      ['https://example.org/dl/pkg-1.0.zip#sha256=abc; python_version > "3"', { name: 'pkg', url: 'https://example.org/dl/pkg-1.0.zip#sha256=abc', marker: 'python_version > "3"' }],
      ['pkg @ https://example.org/pkg-1.0.zip;python_version > "3"', { url: 'https://example.org/pkg-1.0.zip', marker: 'python_version > "3"' }],
      ['./local/project', { name: '', displayName: './local/project', path: './local/project' }],
      ['./local/project[dev,test]', { path: './local/project', extras: ['dev', 'test'] }],
      ['dist/tool-0.1-py3-none-any.whl', { name: 'tool', path: 'dist/tool-0.1-py3-none-any.whl' }],
      ['pkg-1.0.tar.gz ; python_version >= "3.8"', { name: 'pkg', path: 'pkg-1.0.tar.gz', marker: 'python_version >= "3.8"' }],
      ['file:///srv/src/project', { url: 'file:///srv/src/project', path: '/srv/src/project' }],
    ];
    for (const [text, expected] of cases) {
      it(JSON.stringify(text), () => {
        const requirement = only(text);
        for (const [key, value] of Object.entries(expected)) {
          assert.deepEqual(requirement[key as keyof Requirement], value, `${key} of ${JSON.stringify(text)}`);
        }
        assert.equal(requirement.text, text);
        assert.equal(requirement.editable, false);
        assert.equal(requirement.constraint, false);
      });
    }

    it('a bare URL keeps a ";" without a following space (pip separates URL markers with "; ")', () => {
      const requirement = only('https://example.org/pkg-1.0.zip;python_version>"3"');
      assert.equal(requirement.url, 'https://example.org/pkg-1.0.zip;python_version>"3"');
      assert.equal(requirement.marker, undefined);
    });
  });

  describe('comments, continuations and line endings', () => {
    it('drops whole-line and trailing comments but keeps # inside URLs', () => {
      const parsed = parse('# header\nrequests  # trailing\npkg @ https://example.org/pkg-1.0.whl#sha256=abc\n   # indented comment\n\n');
      assert.deepEqual(parsed.problems, []);
      assert.deepEqual(parsed.requirements.map((r) => r.text), ['requests', 'pkg @ https://example.org/pkg-1.0.whl#sha256=abc']);
      assert.equal(parsed.requirements[1].url, 'https://example.org/pkg-1.0.whl#sha256=abc');
    });

    it('a # not preceded by whitespace is not a comment (as pip): `foo#bar` is a syntax error', () => {
      const parsed = parse('foo#bar\n');
      assert.deepEqual(codes(parsed), ['REQ002']);
      assert.equal(parsed.problems[0].location.column, 4);
    });

    it('joins continuation lines; hashes on later lines belong to the requirement; locations stay physical', () => {
      const text = `foo==1.0 \\\n    --hash=sha256:${HASH_A} \\\n    --hash sha256:${HASH_B}\nbar\n`;
      const parsed = parse(text);
      assert.deepEqual(parsed.problems, []);
      const [foo, bar] = parsed.requirements;
      assert.deepEqual(foo.hashes, [`sha256:${HASH_A}`, `sha256:${HASH_B}`]);
      assert.equal(foo.text, 'foo==1.0');
      assert.deepEqual(foo.location, { file: '/project/requirements.txt', line: 1, column: 1, endLine: 1, endColumn: 9 });
      assert.deepEqual(foo.lineRange, { line: 1, endLine: 3 });
      assert.deepEqual(bar.location, { file: '/project/requirements.txt', line: 4, column: 1, endLine: 4, endColumn: 4 });
    });

    it('a requirement split across lines spans both lines', () => {
      const parsed = parse('requests\\\n>=2.0\n');
      assert.deepEqual(parsed.problems, []);
      assert.equal(parsed.requirements[0].specifier, '>=2.0');
      assert.deepEqual(parsed.requirements[0].location, { file: '/project/requirements.txt', line: 1, column: 1, endLine: 2, endColumn: 6 });
    });

    it('a comment line ends a continuation (pip joins it, then strips it)', () => {
      const parsed = parse(`foo==1.0 \\\n    --hash=sha256:${HASH_A} \\\n    # pinned by hand\nbar==2\n`);
      assert.deepEqual(parsed.problems, []);
      assert.deepEqual(parsed.requirements.map((r) => r.name), ['foo', 'bar']);
      assert.deepEqual(parsed.requirements[0].lineRange, { line: 1, endLine: 3 });
      assert.deepEqual(parsed.requirements[1].location.line, 4);
    });

    it('a comment line ending in a backslash does not continue (pip checks comments first)', () => {
      const parsed = parse('foo==1.0 \\\n# note \\\nbar==2\n# another \\\nbaz\n');
      assert.deepEqual(parsed.problems, []);
      assert.deepEqual(parsed.requirements.map((r) => [r.name, r.location.line]), [['foo', 1], ['bar', 3], ['baz', 5]]);
      assert.deepEqual(parsed.requirements[0].lineRange, { line: 1, endLine: 2 });
    });

    it('a continuation on the last line is kept', () => {
      const parsed = parse('requests \\');
      assert.deepEqual(parsed.requirements.map((r) => r.text), ['requests']);
    });

    it('CRLF and LF files parse the same, with the same columns', () => {
      const lf = `requests>=2 # c\nfoo==1.0 \\\n    --hash=sha256:${HASH_A}\nbaz==nope\n`;
      const a = parse(lf);
      const b = parse(lf.replace(/\n/g, '\r\n'));
      assert.deepEqual(b.requirements, a.requirements);
      assert.deepEqual(b.problems, a.problems);
      assert.equal(a.problems[0].location.line, 4);
      assert.equal(a.problems[0].location.column, 4);
    });

    it('ignores a UTF-8 byte-order mark', () => {
      assert.equal(only('\uFEFFrequests').name, 'requests');
    });
  });

  describe('${VAR} expansion', () => {
    it('expands set upper-case variables, as pip does', () => {
      const parsed = parse('--index-url https://${USER_NAME}:${TOKEN}@example.org/simple\npkg @ file://${WHEELS}/pkg-1.0-py3-none-any.whl\n', {}, { USER_NAME: 'me', TOKEN: 's3cret', WHEELS: '/srv/w' });
      assert.deepEqual(parsed.problems, []);
      assert.equal(parsed.options.indexUrl, 'https://me:s3cret@example.org/simple');
      assert.equal(parsed.requirements[0].path, '/srv/w/pkg-1.0-py3-none-any.whl');
    });

    it('leaves undefined or empty variables as written and warns at the variable', () => {
      const parsed = parse('-i https://example.org/${MISSING}/simple\nrequests==${EMPTY}\n', {}, { EMPTY: '' });
      assert.equal(parsed.options.indexUrl, 'https://example.org/${MISSING}/simple');
      const warnings = parsed.problems.filter((p) => p.code === 'REQ008');
      assert.equal(warnings.length, 2);
      assert.deepEqual(warnings[0].location, { file: '/project/requirements.txt', line: 1, column: 24, endLine: 1, endColumn: 34 });
      assert.match(warnings[0].message, /MISSING is not set/);
      assert.equal(warnings[0].severity, 'warning');
    });

    it('only the ${UPPER_CASE} form is a variable (not $VAR, not ${lower})', () => {
      const parsed = parse('-i https://example.org/$HOME/${home}/simple\n', {}, { HOME: '/root', home: 'x' });
      assert.deepEqual(parsed.problems, []);
      assert.equal(parsed.options.indexUrl, 'https://example.org/$HOME/${home}/simple');
    });
  });

  describe('options', () => {
    it('collects every file-wide option', () => {
      const parsed = parse(
        [
          '-i https://first.example.org/simple',
          '--index-url=https://second.example.org/simple',
          '--extra-index-url https://extra.example.org/simple',
          '--extra-index-url=https://extra2.example.org/simple',
          '-f ./wheels',
          '--find-links=/srv/wheels',
          '-f./w3',
          '--no-index',
          '--pre',
          '--trusted-host extra.example.org',
          '--no-binary :all:',
          '--only-binary numpy,scipy',
          '--prefer-binary',
          '--require-hashes',
          '--use-feature truststore',
          '--extra-index https://abbreviated.example.org/simple',
        ].join('\n'),
      );
      assert.deepEqual(parsed.problems, []);
      assert.deepEqual(parsed.options, {
        indexUrl: 'https://second.example.org/simple',
        extraIndexUrls: ['https://extra.example.org/simple', 'https://extra2.example.org/simple', 'https://abbreviated.example.org/simple'],
        findLinks: ['./wheels', '/srv/wheels', './w3'],
        noIndex: true,
        pre: true,
        trustedHosts: ['extra.example.org'],
        noBinary: [':all:'],
        onlyBinary: ['numpy', 'scipy'],
        preferBinary: true,
        requireHashes: true,
        useFeatures: ['truststore'],
      });
      assert.deepEqual(parsed.optionOccurrences.map((o) => o.option).slice(0, 3), ['--index-url', '--index-url', '--extra-index-url']);
    });

    it('a relative --find-links that exists next to the file is taken from there, as pip does', () => {
      const parsed = parseRequirementsFile(path.join(fixtures, 'find-links.txt'));
      assert.deepEqual(parsed.options.findLinks, [path.join(fixtures, 'local-wheels'), './not-here']);
    });

    it('per-requirement options: --hash (both forms), --config-settings, --global-option', () => {
      const requirement = only(`pkg==1.0 --hash=sha256:${HASH_A} --hash sha256:${HASH_B.toUpperCase()} --config-settings="--build-option=--x" --global-option=--quiet`);
      assert.deepEqual(requirement.hashes, [`sha256:${HASH_A}`, `sha256:${HASH_B}`]);
      assert.deepEqual(requirement.perRequirementOptions, ['--config-settings=--build-option=--x', '--global-option=--quiet']);
      assert.equal(requirement.text, 'pkg==1.0');
    });

    const bad: Array<[string, string, string, number]> = [
      ['--frobnicate', 'REQ004', 'Unknown option', 1],
      ['requests --upgrade', 'REQ004', "Unknown option '--upgrade'", 10],
      ['-x foo', 'REQ004', "Unknown option '-x'", 1],
      ['--no', 'REQ004', 'ambiguous', 1],
      ['-i', 'REQ005', 'needs a value', 1],
      ['--pre=yes', 'REQ005', 'takes no value', 1],
      ['--editable=', 'REQ005', 'empty value', 1],
      ['--only-binary numpy,not valid', 'REQ009', 'ignored by pip', 25],
      ['--no-binary "bad name"', 'REQ005', "'bad name' is not valid", 13],
      ['pkg --hash=md5:abcd', 'REQ010', 'not a hash pip accepts', 12],
      ['pkg --hash=sha256:abcd', 'REQ010', 'should be 64 hex digits', 12],
      [`pkg --hash=SHA256:${HASH_A}`, 'REQ010', 'not a hash pip accepts', 12],
      ['pkg --hash=toString:abc', 'REQ010', 'not a hash pip accepts', 12],
      [`--hash=sha256:${HASH_A}`, 'REQ009', 'this line has none', 1],
      ['requests -i https://example.org/simple', 'REQ009', "pip ignores '-i' on a requirement line", 10],
      ['-r "unclosed', 'REQ005', 'unclosed double quote', 4],
    ];
    for (const [text, code, message, column] of bad) {
      it(`${JSON.stringify(text)} → ${code} at column ${column}`, () => {
        const parsed = parse(text);
        const problem = parsed.problems.find((p) => p.code === code);
        assert.ok(problem, `expected ${code} in ${JSON.stringify(parsed.problems)}`);
        assert.match(problem.message, new RegExp(message));
        assert.equal(problem.location.line, 1);
        assert.equal(problem.location.column, column);
        assert.equal(problem.severity, REQUIREMENT_PROBLEMS[code as keyof typeof REQUIREMENT_PROBLEMS].severity);
      });
    }
  });

  describe('syntax errors point at the offending column', () => {
    const cases: Array<[string, string, number, number, RegExp]> = [
      ['requests 2.0', 'REQ002', 10, 13, /write 'requests==2.0'/],
      ['requests>=2,<3,=4', 'REQ002', 16, 18, /write '==4'/],
      ['requests>=1.0.*', 'REQ002', 9, 16, /wildcard is only allowed with == and !=/],
      ['requests~=1', 'REQ002', 9, 12, /at least two version parts/],
      ['requests>=2,,<3', 'REQ002', 13, 14, /empty version clause/],
      ['requests>=2.x', 'REQ002', 9, 14, /not a valid PEP 440/],
      ['requests[sec urity]', 'REQ001', 10, 19, /not a valid extra name/],
      ['requests[security', 'REQ001', 9, 18, /never closed/],
      ['requests @ ', 'REQ001', 11, 12, /must be followed by a URL/],
      ['requests @ ./local', 'REQ001', 12, 19, /must be followed by a URL/],
      ['requests @ https://x.org/r.whl trailing', 'REQ001', 32, 40, /only '; marker' may follow/],
      ['~requests', 'REQ001', 1, 10, /does not start with a project name/],
      ['requests ; python_version >= "3.8" and', 'REQ003', 39, 40, /expected a marker variable/],
      ['requests ; python_verzion >= "3.8"', 'REQ003', 12, 26, /unknown marker variable 'python_verzion'/],
      ['requests ; (python_version >= "3.8"', 'REQ003', 12, 13, /never closed/],
      ['requests ; python_version = "3.8"', 'REQ003', 27, 34, /expected a comparison/],
      ['requests ; "a" == "b"', 'REQ003', 22, 23, /compares two strings/],
      ['requests ;', 'REQ003', 10, 11, /not followed by an environment marker/],
    ];
    for (const [text, code, column, endColumn, message] of cases) {
      it(`${JSON.stringify(text)} → ${code} columns ${column}–${endColumn}`, () => {
        const parsed = parse(`# first line\n${text}\n`);
        assert.deepEqual(codes(parsed), [code], JSON.stringify(parsed.problems));
        const [problem] = parsed.problems;
        assert.deepEqual(problem.location, { file: '/project/requirements.txt', line: 2, column, endLine: 2, endColumn });
        assert.match(problem.message, message);
      });
    }

    it('columns stay right on a continued line', () => {
      const parsed = parse('requests \\\n  >=2.x\n');
      assert.deepEqual(parsed.problems.map((p) => [p.code, p.location.line, p.location.column, p.location.endColumn]), [['REQ002', 2, 3, 8]]);
    });
  });

  describe('-e / --editable', () => {
    it('local directories with extras and VCS URLs', () => {
      const parsed = parse('-e ./local/project[dev]\n--editable=git+https://github.com/o/tool.git@v2#egg=tool\n-e .\n');
      assert.deepEqual(parsed.problems, []);
      const [local, vcs, dot] = parsed.requirements;
      assert.deepEqual([local.editable, local.path, local.extras, local.name], [true, './local/project', ['dev'], '']);
      assert.deepEqual(local.location, { file: '/project/requirements.txt', line: 1, column: 4, endLine: 1, endColumn: 24 });
      assert.deepEqual([vcs.editable, vcs.url, vcs.name], [true, 'git+https://github.com/o/tool.git@v2#egg=tool', 'tool']);
      assert.equal(dot.path, '.');
    });

    it('an archive URL cannot be editable', () => {
      const parsed = parse('-e https://example.org/pkg-1.0.tar.gz\n');
      assert.deepEqual(codes(parsed), ['REQ001']);
    });
  });

  describe('-r / -c includes', () => {
    it('follows includes relative to the including file, recursively, marking constraints', () => {
      const parsed = parseRequirementsFile(path.join(fixtures, 'base.txt'));
      assert.deepEqual(parsed.problems, []);
      assert.deepEqual(
        parsed.files.map((file) => path.relative(fixtures, file)),
        ['base.txt', path.join('nested', 'dev.txt'), 'common.txt', 'constraints.txt', 'constraints-more.txt'],
      );
      assert.deepEqual(
        parsed.requirements.map((r) => [r.name, r.specifier, r.constraint, path.relative(fixtures, r.location.file), r.location.line]),
        [
          ['pytest', '==8.0.0', false, path.join('nested', 'dev.txt'), 1],
          ['attrs', '', false, 'common.txt', 1],
          ['requests', '<3', true, 'constraints.txt', 1],
          // pip: a -r inside a constraints file includes requirements.
          ['urllib3', '<2', false, 'constraints-more.txt', 1],
          ['requests', '>=2.31', false, 'base.txt', 5],
        ],
      );
      assert.equal(parsed.options.indexUrl, 'https://pypi.example.org/simple');
    });

    it('reports a cycle at the line that closes it, and still reads everything once', () => {
      const parsed = parseRequirementsFile(path.join(fixtures, 'cycle-a.txt'));
      assert.deepEqual(parsed.requirements.map((r) => r.name), ['six', 'idna']);
      assert.deepEqual(codes(parsed), ['REQ007']);
      const [problem] = parsed.problems;
      assert.equal(path.basename(problem.location.file), 'cycle-b.txt');
      assert.equal(problem.location.line, 2);
      assert.match(problem.message, /cycle-a\.txt → cycle-b\.txt → cycle-a\.txt/);
    });

    it('a file including itself is a cycle too', () => {
      const parsed = parse('six\n-r requirements.txt\n');
      assert.deepEqual(codes(parsed), ['REQ007']);
    });

    it('reports a missing include at the path, relative to the including file', () => {
      const parsed = parseRequirementsFile(path.join(fixtures, 'missing-include.txt'));
      assert.deepEqual(codes(parsed), ['REQ006']);
      assert.deepEqual(parsed.problems[0].location, { file: path.join(fixtures, 'missing-include.txt'), line: 2, column: 4, endLine: 2, endColumn: 22 });
      assert.match(parsed.problems[0].message, /does-not-exist\.txt/);
      assert.deepEqual(parsed.requirements.map((r) => r.name), ['six']);
    });

    it('-c, --constraint=, -rFILE and file: URLs all include', () => {
      const files = { '/project/c.txt': 'idna<4\n', '/project/sub/r.txt': 'six\n', '/srv/abs.txt': 'attrs\n' };
      const parsed = parse('--constraint=c.txt\n-rsub/r.txt\n-r file:///srv/abs.txt\n', files);
      assert.deepEqual(parsed.problems, []);
      assert.deepEqual(parsed.requirements.map((r) => [r.name, r.constraint]), [['idna', true], ['six', false], ['attrs', false]]);
    });

    it('refuses remote includes and editable constraints', () => {
      const parsed = parse('-r https://example.org/req.txt\n-c c.txt\n', { '/project/c.txt': '-e ./x\n' });
      assert.deepEqual(codes(parsed), ['REQ006', 'REQ016']);
    });

    it('a missing top-level file throws with the path in the message', () => {
      assert.throws(() => parseRequirementsFile(path.join(fixtures, 'nope.txt')), /Cannot read requirements file '.*nope\.txt'/);
    });
  });

  it('every problem code used is in the catalog with a severity and title', () => {
    for (const [code, entry] of Object.entries(REQUIREMENT_PROBLEMS)) {
      assert.match(code, /^REQ\d{3}$/);
      assert.ok(['error', 'warning', 'info'].includes(entry.severity));
      assert.ok(entry.title.length > 10);
    }
  });
});
