import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isValidProjectName, normalizeName } from '../../../src/core/packages/names';
import { DISTINCT_LOOKALIKES, POPULAR_PROJECTS } from '../../../src/core/packages/popularProjects';
import { closestPopularProject, typosquatTarget } from '../../../src/core/packages/typosquat';

describe('project names (PEP 503 / PEP 508)', () => {
  const normalized: Array<[string, string]> = [
    ['Requests', 'requests'],
    ['python_dateutil', 'python-dateutil'],
    ['zope.interface', 'zope-interface'],
    ['Foo__Bar-._baz', 'foo-bar-baz'],
  ];
  for (const [name, expected] of normalized) {
    it(`normalizeName(${name}) = ${expected}`, () => assert.equal(normalizeName(name), expected));
  }
  const validity: Array<[string, boolean]> = [
    ['requests', true],
    ['a', true],
    ['zope.interface', true],
    ['Foo_Bar-1', true],
    ['-leading', false],
    ['trailing.', false],
    ['has space', false],
    ['', false],
    ['naïve', false],
  ];
  for (const [name, expected] of validity) {
    it(`isValidProjectName(${JSON.stringify(name)}) = ${expected}`, () => assert.equal(isValidProjectName(name), expected));
  }
});

describe('typosquatting', () => {
  // Known squats from PyPI incident reports (2017 SK-CSIRT list, later removals) and classic patterns.
  const squats: Array<[string, string, RegExp]> = [
    ['reqeusts', 'requests', /two adjacent letters swapped \('eu' for 'ue'\)/],
    ['requets', 'requests', /letter 's' missing/],
    ['requestss', 'requests', /letter 's' doubled/],
    ['reqvests', 'requests', /'v' in place of look-alike 'u'/],
    ['requ3sts', 'requests', /'3' in place of look-alike 'e'/],
    ['python-requests', 'requests', /'python-' prefix added/],
    ['requests-python', 'requests', /'-python' suffix added/],
    ['urlib3', 'urllib3', /doubled letter 'l' written once/],
    ['djanga', 'django', /one letter changed \('a' instead of 'o'\)/],
    ['diango', 'django', /one letter changed/],
    ['colourama', 'colorama', /extra letter 'u'/],
    ['mumpy', 'numpy', /one letter changed/],
    ['numpyy', 'numpy', /letter 'y' doubled/],
    ['jeIlyfish', 'jellyfish', /'i' in place of look-alike 'l'/],
    ['setup-tools', 'setuptools', /separator added/],
    ['pythondateutil', 'python-dateutil', /separator removed/],
    ['scikitlearn', 'scikit-learn', /separator removed/],
    ['python3-dateutil', 'python-dateutil', /'python3-' prefix instead of 'python-' prefix/],
    ['dateutil', 'python-dateutil', /'python-' prefix dropped/],
    ['python-openssl', 'pyopenssl', /'python-' prefix instead of 'py' prefix/],
    ['python-mongo', 'pymongo', /'python-' prefix instead of 'py' prefix/],
    ['crypt', 'bcrypt', /letter 'b' missing/],
    ['tensorfow', 'tensorflow', /letter 'l' missing/],
    ['matplotib', 'matplotlib', /letter 'l' missing/],
    ['pandsa', 'pandas', /two adjacent letters swapped/],
    ['beautifulsop4', 'beautifulsoup4', /letter 'u' missing/],
    ['google-cloud-storag', 'google-cloud-storage', /letter 'e' missing/],
    ['charset-normaliser', 'charset-normalizer', /one letter changed \('s' instead of 'z'\)/],
    ['typing-extentions', 'typing-extensions', /one letter changed/],
    ['cryptograpyh', 'cryptography', /two adjacent letters swapped/],
  ];
  for (const [name, intended, how] of squats) {
    it(`${name} → ${intended}`, () => {
      const match = typosquatTarget(name);
      assert.ok(match, `${name} was not flagged`);
      assert.equal(match.intended, intended);
      assert.match(match.how, how);
    });
  }

  const fine = [
    'requests',
    'Requests',
    'python_dateutil',
    'Python.DateUtil',
    'PyYAML',
    // Distinct projects whose names differ only in version digits.
    'psycopg',
    'psycopg2-binary',
    'urllib',
    'pyqt5',
    // Established look-alikes, listed on purpose.
    'pyaml',
    'aiofile',
    // BeautifulSoup 3: differs from beautifulsoup4 only in a digit.
    'beautifulsoup',
    // Unrelated names and short names that are one letter from a short popular name.
    'snakepit-fixture-benign',
    'sox',
    'tax',
    'my-internal-package',
    'flask-babel',
  ];
  for (const name of fine) {
    it(`${name} is not flagged`, () => assert.equal(typosquatTarget(name), undefined));
  }

  it('the popular list is normalised, sizeable and without repeats', () => {
    assert.ok(POPULAR_PROJECTS.length >= 500, `only ${POPULAR_PROJECTS.length} names`);
    assert.equal(new Set(POPULAR_PROJECTS).size, POPULAR_PROJECTS.length);
    for (const name of POPULAR_PROJECTS) {
      assert.equal(normalizeName(name), name);
      assert.ok(isValidProjectName(name), name);
    }
    for (const name of DISTINCT_LOOKALIKES) {
      assert.ok(!POPULAR_PROJECTS.includes(name), `${name} is popular, no need to list it as distinct`);
      assert.ok(closestPopularProject(name), `${name} does not look like a popular name: remove it from DISTINCT_LOOKALIKES`);
    }
  });

  it('no popular project flags another, except these known look-alike pairs (all real, distinct projects)', () => {
    const expected = new Set(
      [
        ['requests', 'grequests'],
        ['grequests', 'requests'],
        ['attrs', 'cattrs'],
        ['cattrs', 'attrs'],
        ['pyarrow', 'arrow'],
        ['oauthlib', 'authlib'],
        ['authlib', 'oauthlib'],
        ['scipy', 'scapy'],
        ['scapy', 'scipy'],
        ['scrapy', 'scapy'],
        ['toml', 'tomli'],
        ['azure-common', 'azure-cosmos'],
        ['azure-cosmos', 'azure-common'],
        ['pytzdata', 'tzdata'],
        ['ujson', 'ijson'],
        ['ijson', 'ujson'],
        ['tblib', 'tablib'],
        ['tablib', 'tblib'],
        ['pycryptodome', 'pycryptodomex'],
        ['pycryptodomex', 'pycryptodome'],
        ['moto', 'motor'],
        ['meson', 'meson-python'],
        ['meson-python', 'meson'],
        ['python-levenshtein', 'levenshtein'],
        ['levenshtein', 'python-levenshtein'],
      ].map(([a, b]) => `${a} → ${b}`),
    );
    const found = new Set<string>();
    for (const name of POPULAR_PROJECTS) {
      // The match rules without the "popular names are fine" shortcut.
      const match = closestPopularProject(name, (candidate) => candidate !== name);
      if (match) {
        found.add(`${name} → ${match.intended}`);
      }
      assert.equal(typosquatTarget(name), undefined, `${name} is popular and must never be flagged`);
    }
    assert.deepEqual([...found].sort(), [...expected].sort());
    // Fewer than 4 % of popular names resemble another one under these rules.
    assert.ok(found.size / POPULAR_PROJECTS.length < 0.04);
  });

  it('no false positives among ~840 real PyPI project names', () => {
    const file = path.resolve(__dirname, '..', '..', 'fixtures', 'requirements', 'real-project-names.txt');
    const names = fs.readFileSync(file, 'utf8').split('\n').filter((line) => line.length > 0 && !line.startsWith('#'));
    assert.ok(names.length > 800);
    const flagged = names.map((name) => [name, typosquatTarget(name)?.intended]).filter(([, intended]) => intended !== undefined);
    assert.deepEqual(flagged, []);
  });
});
