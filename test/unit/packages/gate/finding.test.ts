import * as assert from 'node:assert/strict';
import { findingOf, findingText, whyNotRun } from '../../../../src/core/packages/gate/finding';
import { identityReasons } from '../../../../src/core/packages/gate/identityCheck';
import { lastArchive } from '../../../../src/core/packages/ingest/fetchRefused';
import type { Reason } from '../../../../src/core/packages/reasons';

const reason = (code: string, severity: Reason['severity'], message = 'm', fatal = false): Reason => ({ code, severity, message, ...(fatal ? { fatal } : {}) });

describe('what a verdict rests on (finding)', () => {
  it('calls a package dangerous for a high or fatal reason of its own, even when it also could not be built', () => {
    assert.equal(findingOf([reason('SPK400', 'high', 'pip could not prepare x', true), reason('SPK100', 'high')]), 'dangerous');
    assert.equal(findingOf([reason('SPK301', 'high', 'network', true)]), 'dangerous');
  });

  it('says could-not-run when the only serious reasons are the gate failing to build, install or import it', () => {
    const reasons = [reason('SPK310', 'high', "Importing x failed: ModuleNotFoundError: No module named 'winreg'", true), reason('SPK132', 'low')];
    assert.equal(findingOf(reasons), 'could-not-run');
    assert.equal(whyNotRun(reasons), 'Windows-only code');
    assert.equal(whyNotRun([reason('SPK400', 'high', 'pip could not prepare x (metadata-generation-failed)', true)]), 'broken or inconsistent metadata');
    assert.equal(whyNotRun([reason('SPK310', 'high', "No module named 'numpy'", true)]), 'a module it needs is missing');
    assert.match(findingText('could-not-run', 'Windows-only code'), /could not be built, installed or imported here \(Windows-only code\)/);
  });

  it('separates suspicious (medium only) from nothing found', () => {
    assert.equal(findingOf([reason('SPK114', 'medium'), reason('SPK132', 'low')]), 'suspicious');
    assert.equal(findingOf([reason('SPK132', 'low')]), 'nothing-found');
    assert.equal(findingOf([]), 'nothing-found');
    assert.equal(whyNotRun([reason('SPK132', 'low')]), undefined);
  });
});

describe('the archive pip refused (lastArchive)', () => {
  it('takes the last file pip processed or downloaded', () => {
    const output = 'Looking in links: /opt/wheels\nProcessing ./good-1.0-py3-none-any.whl\nProcessing ./badpkg-1.0.tar.gz\nerror: subprocess-exited-with-error\n';
    assert.equal(lastArchive(output), './badpkg-1.0.tar.gz');
    assert.equal(lastArchive('Collecting x\n  Downloading https://files.example.invalid/x/x-2.0.zip (12 kB)\nerror'), 'https://files.example.invalid/x/x-2.0.zip');
  });

  it("takes the project's own file when pip went on to a dependency and failed there", () => {
    const output = 'Processing /links/badpkg-0.39.tar.gz\n  Preparing metadata (setup.py): finished\nCollecting aiohttp (from badpkg==0.39)\n  Processing /opt/pypi/aiohttp/aiohttp-3.9.0-cp311-cp311-manylinux_2_17_x86_64.whl\nERROR: No matching distribution found for discord.py\n';
    assert.equal(lastArchive(output, 'badpkg'), '/links/badpkg-0.39.tar.gz');
    assert.equal(lastArchive(output, 'BadPkg'), '/links/badpkg-0.39.tar.gz');
    assert.equal(lastArchive(output, 'otherpkg'), undefined);
  });

  it('finds nothing when pip never got to a file', () => {
    assert.equal(lastArchive('ERROR: Could not find a version that satisfies the requirement nope (from versions: none)'), undefined);
  });
});

describe("a file whose metadata is another project's (identityReasons)", () => {
  it('says so when the metadata names another project or version than the file name', () => {
    const [reason] = identityReasons({ filename: 'colorful_core-1.0.0-py3-none-any.whl' }, { name: 'requests', version: '1.0.0' });
    assert.equal(reason?.code, 'SPK411');
    assert.match(reason.message, /says it is requests 1\.0\.0/);
    assert.equal(identityReasons({ filename: 'spfx-1.0.tar.gz' }, { name: 'spfx', version: '2.0' })[0]?.code, 'SPK411');
  });

  it('accepts spellings that mean the same name and version', () => {
    assert.deepEqual(identityReasons({ filename: 'Zope_Interface-6.0-cp311-cp311-linux_x86_64.whl' }, { name: 'zope.interface', version: '6.0.0' }), []);
    assert.deepEqual(identityReasons({ filename: 'x-1.0.tar.gz' }, { name: 'x', version: '' }), []);
  });
});
