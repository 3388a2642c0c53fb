import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { GateRequirement } from '../../../../src/core/packages/gate/gateRequirement';
import { RULESET_VERSION, VerdictHistory } from '../../../../src/core/packages/gate/history';
import { lastResolution, recordResolution, verdictsFromIndexes } from '../../../../src/core/packages/gate/historyShortcut';
import type { PackageValidation } from '../../../../src/core/packages/gate/report';
import type { Verdict } from '../../../../src/core/packages/reasons';
import { indexConfigWithoutPip, listProjectFiles, newestVersion, parseSimplePage, pickable } from '../../../../src/core/packages/ingest/indexListing';
import type { IndexConfig } from '../../../../src/core/packages/ingest/pipConfig';

const sha = (text: string) => createHash('sha256').update(text).digest('hex');

function req(name: string, version: string): GateRequirement {
  return { name, requested: `${name}==${version}`, pipLine: `${name}==${version}`, hashes: [], pinnedVersion: version };
}

function validation(name: string, version: string, verdict: Verdict, filename: string, sha256: string): PackageValidation {
  return { name, version, requested: `${name}==${version}`, verdict, score: verdict === 'pass' ? 100 : 40, cached: false, artifacts: [{ filename, sha256, size: 1 }], reasons: [], behavior: [], timings: { ingestMs: 1, testMs: 1, totalMs: 2 } };
}

describe('gate: verdicts for == pins from the local indexes, no sandbox', function () {
  this.timeout(60_000);
  let root: string;
  let links: string;
  let simple: string;
  let history: VerdictHistory;
  /** Files by name → sha256 of their content. */
  const shas = new Map<string, string>();

  /** A distribution file in the find-links dir (content is never read as an archive: only hashed). */
  const linkFile = (filename: string) => {
    fs.writeFileSync(path.join(links, filename), `content of ${filename}`);
    shas.set(filename, sha(`content of ${filename}`));
  };
  /** A project page in the file:// simple index; files live in ../../files as on a mirror. */
  const indexPage = (project: string, filenames: string[], fragment = true) => {
    fs.mkdirSync(path.join(simple, project), { recursive: true });
    const anchors = filenames.map((f) => {
      fs.writeFileSync(path.join(root, 'files', f), `content of ${f}`);
      shas.set(f, sha(`content of ${f}`));
      return `<a href="../../files/${f}${fragment ? `#sha256=${shas.get(f)}` : ''}" data-requires-python="&gt;=3.8">${f}</a>`;
    });
    fs.writeFileSync(path.join(simple, project, 'index.html'), `<!DOCTYPE html><html><body>\n${anchors.join('<br/>\n')}\n</body></html>`);
  };
  const judge = (filename: string, name: string, version: string, verdict: Verdict = 'pass') =>
    history.record({ name, version, verdict, score: verdict === 'pass' ? 100 : 40, sha256s: [shas.get(filename)!], rulesetVersion: RULESET_VERSION, validatedAt: new Date().toISOString(), engine: 'bubblewrap', package: validation(name, version, verdict, filename, shas.get(filename)!) });
  const config = (): IndexConfig => ({ indexUrl: pathToFileURL(simple).href, extraIndexUrls: [], findLinks: [links] });
  const elapsed = () => 1;

  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'snakepit-index-shortcut-'));
    links = path.join(root, 'links');
    simple = path.join(root, 'simple');
    fs.mkdirSync(links);
    fs.mkdirSync(simple);
    fs.mkdirSync(path.join(root, 'files'));
    history = new VerdictHistory(path.join(root, 'state', 'history.jsonl'));
    fs.mkdirSync(path.join(root, 'state'));
    shas.clear();
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('lists a find-links dir (hashing its files) and a file:// simple index page (its #sha256 fragments)', () => {
    linkFile('Alpha_Pkg-1.0-py3-none-any.whl');
    linkFile('alpha-pkg-1.0.tar.gz');
    linkFile('other-1.0-py3-none-any.whl');
    linkFile('README.txt');
    indexPage('alpha-pkg', ['alpha_pkg-1.1-py3-none-any.whl']);
    const listing = listProjectFiles(config(), 'Alpha.Pkg');
    assert.ok('files' in listing);
    assert.deepEqual(listing.files.map((f) => f.filename).sort(), ['Alpha_Pkg-1.0-py3-none-any.whl', 'alpha-pkg-1.0.tar.gz', 'alpha_pkg-1.1-py3-none-any.whl']);
    const fromIndex = listing.files.find((f) => f.version === '1.1')!;
    assert.equal(fromIndex.sha256, shas.get('alpha_pkg-1.1-py3-none-any.whl'));
    assert.equal(newestVersion(listing.files), '1.1');
    // A pure wheel exists for 1.0: pip never takes its sdist.
    assert.deepEqual(pickable(listing.files.filter((f) => f.version === '1.0')).map((f) => f.kind), ['wheel']);
  });

  it('parses anchors with entities, quotes and no fragment', () => {
    const page = `<a href='../../files/x-1.0-py3-none-any.whl#sha256=${'a'.repeat(64)}'>x</a><a class="y" href="https://h/x-2.0.tar.gz?a=1&amp;b=2">x</a><a href="x-3.0-cp311-cp311-win_amd64.whl#md5=00">x</a>`;
    const files = parseSimplePage(page, 'file:///srv/simple/x/', 'file:///srv/simple').files;
    assert.deepEqual(files.map((f) => [f.filename, f.version, f.sha256]), [['x-1.0-py3-none-any.whl', '1.0', 'a'.repeat(64)], ['x-2.0.tar.gz', '2.0', undefined], ['x-3.0-cp311-cp311-win_amd64.whl', '3.0', undefined]]);
    assert.equal(files[0].path, '/srv/files/x-1.0-py3-none-any.whl');
    assert.equal(files[1].path, undefined);
    // A Windows wheel is not pickable in a Linux sandbox; an sdist is, unless its own version has a pure wheel.
    assert.deepEqual(pickable(files).map((f) => f.filename), ['x-1.0-py3-none-any.whl', 'x-2.0.tar.gz']);
    assert.deepEqual(pickable(parseSimplePage('<a href="x-1.0-py3-none-any.whl"></a><a href="x-1.0.zip"></a>', 'file:///s/x/', 's').files).map((f) => f.filename), ['x-1.0-py3-none-any.whl']);
  });

  it('remote locations and pip-dependent settings are not listed here', () => {
    assert.ok('unsupported' in listProjectFiles({ extraIndexUrls: [], findLinks: [] }, 'x'), "pip's default index (https)");
    assert.ok('unsupported' in listProjectFiles({ indexUrl: 'https://mirror.example/simple', extraIndexUrls: [], findLinks: [] }, 'x'));
    assert.ok('unsupported' in listProjectFiles({ noIndex: true, extraIndexUrls: [], findLinks: ['https://h/links/'] }, 'x'));
    assert.deepEqual(indexConfigWithoutPip({ findLinks: ['/d'], noIndex: true }, {}), { extraIndexUrls: [], findLinks: ['/d'], noIndex: true });
    assert.equal(indexConfigWithoutPip({ findLinks: ['/d'] }, {}), undefined, "pip's configuration may add an index or turn it off");
    assert.equal(indexConfigWithoutPip({ indexUrl: 'file:///i' }, {}), undefined, "pip's configuration may add find-links");
    assert.deepEqual(indexConfigWithoutPip({ indexUrl: 'file:///i', extraIndexUrls: ['file:///j'] }, { findLinks: ['/d'] }), { indexUrl: 'file:///i', extraIndexUrls: ['file:///j'], findLinks: ['/d'] });
  });

  it('answers a == pin and its dependency from the history when every pickable file was judged', () => {
    linkFile('app-1.0-py3-none-any.whl');
    linkFile('app-1.0.tar.gz');
    indexPage('dep', ['dep-2.0-py3-none-any.whl', 'dep-1.0-py3-none-any.whl']);
    judge('app-1.0-py3-none-any.whl', 'app', '1.0');
    judge('dep-2.0-py3-none-any.whl', 'dep', '2.0', 'warn');
    const requirements = [req('app', '1.0')];
    assert.deepEqual(verdictsFromIndexes(history, requirements, {}, config(), elapsed, false), { fallBack: 'this requirement set was not validated before' });
    recordResolution(history, requirements, [
      { name: 'app', version: '1.0', sha256: shas.get('app-1.0-py3-none-any.whl')! },
      { name: 'dep', version: '2.0', sha256: shas.get('dep-2.0-py3-none-any.whl')! },
    ]);
    assert.equal(lastResolution(history, requirements)?.packages.length, 2);
    const found = verdictsFromIndexes(history, requirements, {}, config(), elapsed, false);
    assert.ok('packages' in found, JSON.stringify(found));
    assert.deepEqual(found.packages.map((p) => [p.name, p.version, p.verdict, p.cached, p.requested]), [['app', '1.0', 'pass', true, 'app==1.0'], ['dep', '2.0', 'warn', true, 'dep==2.0']]);
    assert.equal(found.engine, 'bubblewrap');
  });

  it('falls back when a dependency has a newer version, a pickable file lacks a verdict, or the index gives no hash', () => {
    linkFile('app-1.0-py3-none-any.whl');
    indexPage('dep', ['dep-2.0-py3-none-any.whl']);
    judge('app-1.0-py3-none-any.whl', 'app', '1.0');
    judge('dep-2.0-py3-none-any.whl', 'dep', '2.0');
    const requirements = [req('app', '1.0')];
    recordResolution(history, requirements, [
      { name: 'app', version: '1.0', sha256: shas.get('app-1.0-py3-none-any.whl')! },
      { name: 'dep', version: '2.0', sha256: shas.get('dep-2.0-py3-none-any.whl')! },
    ]);
    assert.ok('packages' in verdictsFromIndexes(history, requirements, {}, config(), elapsed, false));

    // A newer dependency release: pip would take it.
    indexPage('dep', ['dep-2.0-py3-none-any.whl', 'dep-2.1rc1-py3-none-any.whl']);
    assert.match((verdictsFromIndexes(history, requirements, {}, config(), elapsed, false) as { fallBack: string }).fallBack, /dependency dep: the indexes now offer 2\.1rc1/);

    // A second wheel for the pinned version, never judged (a new file under the same version).
    indexPage('dep', ['dep-2.0-py3-none-any.whl']);
    linkFile('app-1.0-cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64.whl');
    linkFile('app-1.0-cp312-cp312-manylinux_2_17_aarch64.whl');
    const unjudged = verdictsFromIndexes(history, requirements, {}, config(), elapsed, false);
    if (process.arch === 'x64') assert.match((unjudged as { fallBack: string }).fallBack, /app-1\.0-cp312-cp312-manylinux_2_17_x86_64.* has no verdict/);
    fs.rmSync(path.join(links, 'app-1.0-cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64.whl'));
    fs.rmSync(path.join(links, 'app-1.0-cp312-cp312-manylinux_2_17_aarch64.whl'));

    // The same file with different content: its sha256 differs, so the verdict is not trusted.
    fs.writeFileSync(path.join(links, 'app-1.0-py3-none-any.whl'), 'swapped');
    assert.match((verdictsFromIndexes(history, requirements, {}, config(), elapsed, false) as { fallBack: string }).fallBack, /app-1\.0-py3-none-any\.whl has no verdict/);
    fs.writeFileSync(path.join(links, 'app-1.0-py3-none-any.whl'), 'content of app-1.0-py3-none-any.whl');

    // A simple index link to a remote file without a sha256 fragment.
    fs.writeFileSync(path.join(simple, 'dep', 'index.html'), '<a href="https://files.example/dep-2.0-py3-none-any.whl">dep</a>');
    assert.match((verdictsFromIndexes(history, requirements, {}, config(), elapsed, false) as { fallBack: string }).fallBack, /no sha256 from the index/);
  });

  it('falls back for ranges, hashes, a different requirement set, and several files when installing', () => {
    linkFile('app-1.0-py3-none-any.whl');
    linkFile('app-1.0-py2-none-any.whl');
    judge('app-1.0-py3-none-any.whl', 'app', '1.0');
    judge('app-1.0-py2-none-any.whl', 'app', '1.0', 'fail');
    const requirements = [req('app', '1.0')];
    recordResolution(history, requirements, [{ name: 'app', version: '1.0', sha256: shas.get('app-1.0-py3-none-any.whl')! }]);
    const found = verdictsFromIndexes(history, requirements, {}, config(), elapsed, false);
    assert.ok('packages' in found);
    assert.equal(found.packages[0].verdict, 'fail', 'several files pip could take: the worst verdict');
    assert.match((verdictsFromIndexes(history, requirements, {}, config(), elapsed, true) as { fallBack: string }).fallBack, /2 files pip could take/);
    assert.match((verdictsFromIndexes(history, [{ ...req('app', '1.0'), pinnedVersion: undefined, pipLine: 'app>=1' }], {}, config(), elapsed, false) as { fallBack: string }).fallBack, /exact == pin/);
    assert.match((verdictsFromIndexes(history, [{ ...req('app', '1.0'), hashes: ['0'.repeat(64)] }], {}, config(), elapsed, false) as { fallBack: string }).fallBack, /exact == pin/);
    assert.match((verdictsFromIndexes(history, [req('app', '1.0'), req('dep', '2.0')], {}, config(), elapsed, false) as { fallBack: string }).fallBack, /not validated before/);
    assert.match((verdictsFromIndexes(history, requirements, { noBinary: [':all:'] }, config(), elapsed, false) as { fallBack: string }).fallBack, /--no-binary/);
  });
});
