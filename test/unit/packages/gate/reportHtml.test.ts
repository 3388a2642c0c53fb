import * as assert from 'node:assert/strict';
import type { PackageValidation, ValidationReport } from '../../../../src/core/packages/gate/report';
import { pinOutcome } from '../../../../src/vscode/packages/pinHashes';
import { orderedPackages, renderReportHtml, reportActions, type ReportView } from '../../../../src/vscode/packages/reportHtml';

const SHA = (c: string) => c.repeat(64);

function pkg(name: string, verdict: PackageValidation['verdict'], direct: boolean | undefined, extra: Partial<PackageValidation> = {}): PackageValidation {
  return { name, version: '1.0', requested: `${name}==1.0`, verdict, direct, score: verdict === 'pass' ? 100 : 0, cached: false, artifacts: [{ filename: `${name}-1.0-py3-none-any.whl`, sha256: SHA(name[0]), size: 10 }], reasons: [], behavior: [], timings: { ingestMs: 1, testMs: 1, totalMs: 1500 }, ...extra };
}

const page = { cspSource: 'vscode-webview://x', nonce: 'N', scriptUri: 's.js', styleUri: 's.css', openable: () => false };

describe('validation report page', () => {
  const packages = [
    pkg('aaa-dependency', 'pass', false),
    pkg('zeta', 'pass', true),
    pkg('reqeusts', 'fail', true, { version: '', artifacts: [], reasons: [{ code: 'SPK412', severity: 'high', fatal: true, message: 'pip found no version of reqeusts <b>' }] }),
    pkg('beta', 'warn', true, { reasons: [{ code: 'SPK306', severity: 'medium', message: 'loaded a native library' }] }),
  ];

  it('lists the requested packages first (failures first), then the dependencies', () => {
    assert.deepEqual(orderedPackages(packages).map((p) => p.name), ['reqeusts', 'beta', 'zeta', 'aaa-dependency']);
  });

  it('starts with a summary table: package, version, verdict, top reason, time', () => {
    const view: ReportView = { title: 'Validation: requirements.txt', verdict: 'fail', packages, actions: reportActions('fail', true) };
    const html = renderReportHtml(view, page);
    const table = /<table class="summary-table">([\s\S]*?)<\/table>/.exec(html)?.[1] ?? '';
    assert.match(table, /<th>Package<\/th><th>Version<\/th><th>Verdict<\/th><th>Top reason<\/th><th>Time<\/th>/);
    const rows = [...table.matchAll(/<tr class="verdict-(\w+)"><td><a href="#pkg-([^"]+)">/g)].map((m) => `${m[2]}:${m[1]}`);
    assert.deepEqual(rows, ['reqeusts:fail', 'beta:warn', 'zeta:pass', 'aaa-dependency:pass']);
    assert.match(table, /<code>SPK412<\/code> pip found no version of reqeusts &#60;b&#62;/);
    assert.match(table, /1\.5 s/);
    assert.ok(html.indexOf('summary-table') < html.indexOf('<section class="package"'), 'the table comes before the sections');
  });

  it('a failed report offers only Validate again; a passing one Install and Pin (Pin only with a file)', () => {
    assert.deepEqual(reportActions('fail', true), ['revalidate']);
    assert.deepEqual(reportActions('pass', true), ['install', 'pin', 'revalidate']);
    assert.deepEqual(reportActions('warn', false), ['install', 'revalidate']);
    const html = renderReportHtml({ title: 't', verdict: 'fail', packages: [pkg('bad', 'fail', true)], actions: reportActions('fail', true) }, page);
    assert.deepEqual([...html.matchAll(/data-action="(\w+)"/g)].map((m) => m[1]), ['revalidate']);
    assert.match(html, /<h3>Quarantine<\/h3>/);
  });
});

describe('Pin with hashes, as the editor reports it', () => {
  it('counts what the file now holds: requested lines and the dependencies added', () => {
    const report = { packages: [pkg('flask', 'pass', true), pkg('werkzeug', 'pass', false), pkg('broken', 'fail', true)] } as ValidationReport;
    const before = 'flask\nbroken\n';
    const after = `flask==1.0 \\\n    --hash=sha256:${SHA('f')}\nbroken\nwerkzeug==1.0 \\\n    --hash=sha256:${SHA('w')}\n`;
    const outcome = pinOutcome(report, before, after);
    assert.deepEqual(outcome.pinned, ['flask==1.0', 'werkzeug==1.0']);
    assert.deepEqual(outcome.added, ['werkzeug==1.0']);
    assert.deepEqual(outcome.skipped, ['broken: its validation failed']);
  });
});
