import * as assert from 'node:assert/strict';
import { distributionsFor, normalizeProjectName, requirementName } from '../../../../src/core/analysis/imports';

describe('imports: distribution names', () => {
  it('maps import names that differ from their distribution', () => {
    const expected: Record<string, string> = {
      yaml: 'PyYAML',
      cv2: 'opencv-python',
      sklearn: 'scikit-learn',
      PIL: 'pillow',
      bs4: 'beautifulsoup4',
      dateutil: 'python-dateutil',
      jwt: 'PyJWT',
      Crypto: 'pycryptodome',
      attr: 'attrs',
      dotenv: 'python-dotenv',
      MySQLdb: 'mysqlclient',
      git: 'GitPython',
      serial: 'pyserial',
      zmq: 'pyzmq',
    };
    for (const [module, distribution] of Object.entries(expected)) assert.equal(distributionsFor(module)[0], distribution, module);
  });

  it('uses the longest listed dotted prefix', () => {
    assert.deepEqual(distributionsFor('google.protobuf.json_format'), ['protobuf']);
    assert.deepEqual(distributionsFor('PIL.Image'), ['pillow']);
  });

  it('names namespace packages after their dotted path', () => {
    assert.deepEqual(distributionsFor('google.cloud.storage.blob'), ['google-cloud-storage']);
    assert.deepEqual(distributionsFor('google.auth.transport'), ['google-auth']);
    assert.deepEqual(distributionsFor('azure.storage.blob'), ['azure-storage-blob']);
    assert.deepEqual(distributionsFor('azure.identity'), ['azure-identity']);
  });

  it('falls back to the top-level name', () => {
    assert.deepEqual(distributionsFor('requests.adapters'), ['requests']);
    assert.deepEqual(distributionsFor('toString'), ['toString']);
  });

  it('lists alternatives for ambiguous names', () => {
    assert.ok(distributionsFor('cv2').includes('opencv-python-headless'));
    assert.ok(distributionsFor('psycopg2').includes('psycopg2-binary'));
  });

  it('normalises project names as PEP 503 does', () => {
    assert.equal(normalizeProjectName('Flask_SQLAlchemy'), 'flask-sqlalchemy');
    assert.equal(normalizeProjectName('ruamel.yaml'), 'ruamel-yaml');
    assert.equal(normalizeProjectName('A__b-._C'), 'a-b-c');
  });

  it('reads the project name of a PEP 508 requirement', () => {
    assert.equal(requirementName('requests[socks]>=2.0; python_version<"3.8"'), 'requests');
    assert.equal(requirementName('zope.interface'), 'zope.interface');
    assert.equal(requirementName('pkg @ https://example.invalid/pkg.whl'), 'pkg');
    assert.equal(requirementName('  Django (>=4) '), 'Django');
    assert.equal(requirementName('https://example.invalid/x.whl'), undefined);
    assert.equal(requirementName('-r other.txt'), undefined);
  });
});
