import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseDistFilename } from '../../../../src/core/packages/ingest/distFilename';
import { DEFAULT_INDEX_URL, indexAccess, localPath } from '../../../../src/core/packages/ingest/indexAccess';
import { applyPipEnv, parsePipConfigList, readPipConfig } from '../../../../src/core/packages/ingest/pipConfig';
import { resolveIndexConfig } from '../../../../src/core/packages/ingest/resolveIndexConfig';

describe('gate ingest configuration', () => {
  it('reads index settings from `pip config list` output, later sections and env winning', () => {
    const config = parsePipConfigList(
      [
        "global.index-url='https://mirror.example/simple'",
        "global.extra-index-url='file:///srv/a/simple file:///srv/b/simple'",
        "global.cert='/etc/ssl/x.pem'",
        "install.find-links='/srv/wheels'",
        ":env:.find-links='/env/wheels'",
        'not a config line',
      ].join('\n'),
    );
    assert.deepEqual(config, { indexUrl: 'https://mirror.example/simple', extraIndexUrls: ['file:///srv/a/simple', 'file:///srv/b/simple'], findLinks: ['/env/wheels'] });
  });

  it('PIP_* variables override the files', () => {
    const config = applyPipEnv({ extraIndexUrls: ['x'], findLinks: [] }, { PIP_INDEX_URL: 'file:///i/simple', PIP_FIND_LINKS: '/a /b', PIP_NO_INDEX: 'yes' });
    assert.deepEqual(config, {
      indexUrl: 'file:///i/simple',
      extraIndexUrls: ['x'],
      findLinks: ['/a', '/b'],
      noIndex: true,
      sources: { indexUrl: 'the PIP_INDEX_URL environment variable', findLinks: 'the PIP_FIND_LINKS environment variable', noIndex: 'the PIP_NO_INDEX environment variable' },
    });
  });

  it("reads this host's pip configuration through pip itself", async () => {
    const config = await readPipConfig('python3', { ...process.env, PIP_FIND_LINKS: '/nonexistent/links-for-test' });
    assert.deepEqual(config.findLinks, ['/nonexistent/links-for-test']);
    const missing = await readPipConfig('/nonexistent/python', {});
    assert.deepEqual(missing, { extraIndexUrls: [], findLinks: [] });
  });

  it('request overrides, then the files, then pip, field by field', () => {
    const pip = { indexUrl: 'file:///pip/simple', extraIndexUrls: ['file:///pip-extra/simple'], findLinks: ['/pip/links'] };
    const fromPip = "pip's configuration (pip config list)";
    assert.deepEqual(resolveIndexConfig({}, {}, pip), { ...pip, sources: { indexUrl: fromPip, extraIndexUrls: fromPip, findLinks: fromPip } });
    assert.deepEqual(resolveIndexConfig({ indexUrl: 'file:///cli/simple', indexOrigins: { indexUrl: 'the --index-url option' } }, { indexUrl: 'file:///file/simple', findLinks: ['/file/links'] }, pip), {
      indexUrl: 'file:///cli/simple',
      extraIndexUrls: ['file:///pip-extra/simple'],
      findLinks: ['/file/links'],
      sources: { indexUrl: 'the --index-url option', extraIndexUrls: fromPip, findLinks: "the requirements file's --find-links line" },
    });
    assert.equal(resolveIndexConfig({}, { noIndex: true }, pip).noIndex, true);
  });

  it('names every location pip looks in and where its setting came from', () => {
    const access = indexAccess({ extraIndexUrls: ['file:///nonexistent-snakepit/simple'], findLinks: [], sources: { extraIndexUrls: 'the snakepit.gate.extraIndexUrls setting' } });
    assert.deepEqual(access.tried, [
      "https://pypi.org/simple (index; from pip's default index; remote)",
      'file:///nonexistent-snakepit/simple (extra index; from the snakepit.gate.extraIndexUrls setting; missing on this machine)',
    ]);
    const env = applyPipEnv({ extraIndexUrls: [], findLinks: [] }, { PIP_INDEX_URL: 'https://mirror.invalid/simple' });
    assert.equal(indexAccess(env).tried[0], 'https://mirror.invalid/simple (index; from the PIP_INDEX_URL environment variable; remote)');
  });

  it('mounts local indexes read-only (a simple index with its parent) and keeps the network off', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'snakepit-unit-'));
    try {
      fs.mkdirSync(path.join(root, 'idx', 'simple'), { recursive: true });
      fs.mkdirSync(path.join(root, 'links'));
      const access = indexAccess({ indexUrl: `file://${root}/idx/simple`, extraIndexUrls: [], findLinks: [path.join(root, 'links'), path.join(root, 'missing')] });
      assert.equal(access.network, 'none');
      assert.deepEqual(access.mounts, [
        { hostPath: path.join(root, 'idx'), sandboxPath: path.join(root, 'idx'), readOnly: true },
        { hostPath: path.join(root, 'links'), sandboxPath: path.join(root, 'links'), readOnly: true },
      ]);
      assert.deepEqual(access.pipArgs, ['--index-url', `file://${root}/idx/simple`, '--find-links', path.join(root, 'links'), '--find-links', path.join(root, 'missing')]);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it('turns the network on only for remote indexes (pip default included)', () => {
    const remote = indexAccess({ extraIndexUrls: [], findLinks: [] });
    assert.equal(remote.network, 'bridge');
    assert.deepEqual(remote.remote, [DEFAULT_INDEX_URL]);
    const offline = indexAccess({ noIndex: true, extraIndexUrls: ['https://ignored.example/simple'], findLinks: [] });
    assert.equal(offline.network, 'none');
    assert.deepEqual(offline.pipArgs, ['--no-index']);
    assert.equal(localPath('https://x.example/simple'), undefined);
    assert.equal(localPath('file:///a/b'), '/a/b');
  });

  it('parses distribution file names', () => {
    assert.deepEqual(parseDistFilename('Charset_Normalizer-3.3.2-cp311-cp311-manylinux_2_17_x86_64.whl'), { name: 'charset-normalizer', version: '3.3.2', kind: 'wheel' });
    assert.deepEqual(parseDistFilename('evil.pkg-0.1.tar.gz'), { name: 'evil-pkg', version: '0.1', kind: 'sdist' });
    assert.equal(parseDistFilename('notes.txt'), undefined);
    assert.equal(parseDistFilename('a-b.whl'), undefined);
  });
});
