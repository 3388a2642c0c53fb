import * as assert from 'node:assert/strict';
import { combineReasons } from '../../../../src/core/packages/inspect/heuristics/combine';
import { makeReason } from '../../../../src/core/packages/inspect/reasonCatalog';

const at = (file: string, line: number) => ({ file, line, evidence: 'x' });

describe('inspect: several different behaviour warnings in one module add up (SPK109)', () => {
  it('three different medium behaviour reasons in one package module give SPK109 high', () => {
    const reasons = [
      makeReason('setupInstallsPackages', 'installs packages at import, a message long enough to explain itself', { ...at('p/__init__.py', 5), severity: 'medium' }),
      makeReason('suspiciousUrl', 'contacts a chat webhook with its secret, a message long enough to explain itself', at('p/__init__.py', 6)),
      makeReason('hostFactFlow', 'sends the user name in a network call, a message long enough to explain itself', at('p/__init__.py', 10)),
    ];
    const added = combineReasons(reasons, new Set()).filter((r) => r.code === 'SPK109');
    assert.equal(added.length, 1);
    assert.equal(added[0].severity, 'high');
    assert.match(added[0].message, /SPK106.*SPK140.*SPK134/);
  });

  it('two kinds, the same kind three times, or kinds spread over files do not add up', () => {
    const two = [makeReason('suspiciousUrl', 'm', at('p/a.py', 1)), makeReason('hostFactFlow', 'm', at('p/a.py', 2)), makeReason('hostFactFlow', 'm', at('p/a.py', 3))];
    const spread = [makeReason('suspiciousUrl', 'm', at('p/a.py', 1)), makeReason('hostFactFlow', 'm', at('p/b.py', 2)), makeReason('setupInstallsPackages', 'm', { ...at('p/c.py', 3), severity: 'medium' })];
    for (const reasons of [two, spread]) assert.ok(!combineReasons(reasons, new Set()).some((r) => r.code === 'SPK109'));
  });
});

describe('inspect: a leak in a file that also names a suspicious host is raised', () => {
  const leak = (file: string) => makeReason('hostFactFlow', 'sends the host name in a network call, a message long enough to explain itself', { ...at(file, 9), severity: 'medium' });
  const host = (file: string) => makeReason('suspiciousUrl', 'contacts a request-capture service, a message long enough to explain itself', { file, line: 3, evidence: 'https://x.invalid/capture' });

  it('host details sent from a file that contacts a request-capture service or webhook become high', () => {
    const raised = combineReasons([host('p/a.py'), leak('p/a.py')], new Set()).find((r) => r.code === 'SPK134');
    assert.equal(raised?.severity, 'high');
    assert.match(raised?.message ?? '', /Raised: the same file contacts https:\/\/x\.invalid\/capture \(SPK140, line 3\)/);
  });

  it('the same leak stays medium alone or when the suspicious host is in another file', () => {
    for (const reasons of [[leak('p/a.py')], [host('p/b.py'), leak('p/a.py')]]) {
      assert.equal(combineReasons(reasons, new Set()).find((r) => r.code === 'SPK134')?.severity, 'medium');
    }
  });
});
