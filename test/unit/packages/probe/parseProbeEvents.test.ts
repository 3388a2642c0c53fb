import * as assert from 'node:assert/strict';
import { parseImportResult, parseProbeEvents } from '../../../../src/core/packages/gate/probe';

const line = (fields: Record<string, unknown>) => JSON.stringify({ phase: 'import', event: 'socket.connect', kind: 'network', detail: '127.0.0.1:9', ...fields });

describe('parseProbeEvents', () => {
  it('reads every complete line with its optional fields', () => {
    const text = [line({ module: 'spfx_net', blocked: true, origin: '/v/site-packages/spfx_net/__init__.py:16', pid: 7 }), line({ event: 'compile', kind: 'dynamic-code', detail: 'x', decoded: true })].join('\n') + '\n';
    assert.deepEqual(parseProbeEvents(text), [
      { phase: 'import', event: 'socket.connect', kind: 'network', detail: '127.0.0.1:9', module: 'spfx_net', blocked: true, origin: '/v/site-packages/spfx_net/__init__.py:16', pid: 7 },
      { phase: 'import', event: 'compile', kind: 'dynamic-code', detail: 'x', decoded: true },
    ]);
  });

  it('skips a truncated last line left by a killed process', () => {
    const complete = line({ module: 'a' });
    const text = `${complete}\n${complete.slice(0, 25)}`;
    assert.equal(parseProbeEvents(text).length, 1);
  });

  it('skips junk a hostile package wrote into the file and events of unknown phase or kind', () => {
    const text = ['not json', '42', 'null', line({ phase: 'boot' }), line({ kind: 'telepathy' }), line({ detail: 5 }), line({ blocked: 'yes' })].join('\n');
    const events = parseProbeEvents(text);
    assert.equal(events.length, 1);
    assert.equal(events[0].blocked, undefined, 'only a literal true counts as blocked');
  });

  it('returns nothing for an empty file', () => assert.deepEqual(parseProbeEvents(''), []));
});

describe('parseImportResult', () => {
  it('reads the modules with defaults for missing numbers', () => {
    const text = JSON.stringify({
      modules: [
        { name: 'a', ok: true, error: null, importMs: 12.5, peakRssKb: 300, timedOut: false, memoryError: false, exitCode: 0, signal: null },
        { name: 'b', ok: false, error: 'import did not finish within 4 s (killed)', timedOut: true, signal: 9 },
      ],
    });
    assert.deepEqual(parseImportResult(text), [
      { name: 'a', ok: true, error: null, importMs: 12.5, peakRssKb: 300, timedOut: false, memoryError: false, exitCode: 0, signal: null },
      { name: 'b', ok: false, error: 'import did not finish within 4 s (killed)', importMs: 0, peakRssKb: 0, timedOut: true, memoryError: false, exitCode: null, signal: 9 },
    ]);
  });

  it('reports the module in progress when the whole probe was killed, with the engine’s reason', () => {
    const text = JSON.stringify({ modules: [{ name: 'a', ok: true }], complete: false, current: 'hog' });
    const [a, hog] = parseImportResult(text, { outOfMemory: true, reason: 'killed: out of memory (limit 768 MiB)' });
    assert.equal(a.ok, true);
    assert.deepEqual([hog.name, hog.ok, hog.memoryError, hog.timedOut], ['hog', false, true, false]);
    assert.match(hog.error ?? '', /stopped while importing hog: killed: out of memory \(limit 768 MiB\)/);
    const [byReason] = parseImportResult(JSON.stringify({ modules: [], complete: false, current: 'hog' }), { reason: 'killed: out of memory (limit 1 GiB)' });
    assert.equal(byReason.memoryError, true, 'bubblewrap says it only in words');
    const [timedOut] = parseImportResult(JSON.stringify({ modules: [], complete: false, current: 'loop' }), { timedOut: true });
    assert.deepEqual([timedOut.timedOut, timedOut.memoryError, timedOut.error], [true, false, 'the whole import probe was stopped while importing loop: timed out']);
    assert.equal(parseImportResult(JSON.stringify({ modules: [], complete: true, current: 'x' })).length, 0, 'a complete result has nothing in progress');
  });

  it('explains a result that is not the probe’s JSON', () => {
    assert.throws(() => parseImportResult('{"modules": ['), /not JSON.*killed before it started/);
    assert.throws(() => parseImportResult('{}'), /no "modules" list/);
    assert.throws(() => parseImportResult('{"modules": [{"ok": true}]}'), /entry 0 has no module name/);
  });
});
