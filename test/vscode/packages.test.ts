import * as assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import * as vscode from 'vscode';
import type { ValidationReport } from '../../src/core/packages/gate/report';
import type { SnakepitApi } from '../../src/extension';
import { validatePackageInput } from '../../src/vscode/packages/packageInput';
import { FIXTURES } from '../fixtures/packages/build';
import { readSourceTree } from '../fixtures/packages/distFiles';
import { buildWheel } from '../fixtures/packages/wheel';
import type { VerdictRecord } from '../../src/vscode/packages/verdictIndex';
import { configuredIndex } from './support/pipIndex';

// Lines (0-based) of test/fixtures/workspace/gate/requirements.txt.
const PINNED_LINE = 1;
const TYPOSQUAT_LINE = 2;
const SYNTAX_ERROR_LINE = 3;

function workspaceFile(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the test workspace folder is open');
  return vscode.Uri.joinPath(folder.uri, name);
}

async function until<T>(what: string, probe: () => T | undefined | false, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function onLine(uri: vscode.Uri, line: number, source?: string): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.range.start.line === line && (source === undefined || d.source === source));
}

describe('Package gate in a real VS Code (bubblewrap engine, the configured local index)', function () {
  this.timeout(300_000);
  let api: SnakepitApi;
  const requirements = workspaceFile('gate/requirements.txt');
  const valid = workspaceFile('gate/requirements-valid.txt');
  const settings = () => vscode.workspace.getConfiguration('snakepit.gate');

  before(async () => {
    api = (await vscode.extensions.getExtension('snakepit.snakepit')!.activate()) as SnakepitApi;
    await settings().update('engine', 'bubblewrap', vscode.ConfigurationTarget.Global);
    const index = configuredIndex();
    // Without an index-url pip would also try pypi.org, which this machine cannot reach.
    if (index) await settings().update('indexUrl', index, vscode.ConfigurationTarget.Global);
  });

  after(async () => {
    await settings().update('engine', undefined, vscode.ConfigurationTarget.Global);
    await settings().update('indexUrl', undefined, vscode.ConfigurationTarget.Global);
  });

  it('marks the typosquat and the syntax error on their lines, and nothing on the valid pin', async () => {
    const document = await vscode.workspace.openTextDocument(requirements);
    await vscode.window.showTextDocument(document);
    await until('requirements diagnostics', () => vscode.languages.getDiagnostics(requirements).length >= 2);

    const typosquat = onLine(requirements, TYPOSQUAT_LINE, 'snakepit');
    assert.equal(typosquat.length, 1, JSON.stringify(vscode.languages.getDiagnostics(requirements)));
    assert.match(typosquat[0].message, /\brequests\b/, 'the message names the likely intended project');
    assert.equal(typosquat[0].severity, vscode.DiagnosticSeverity.Warning);

    const syntax = onLine(requirements, SYNTAX_ERROR_LINE, 'snakepit');
    assert.equal(syntax.length, 1);
    assert.equal(syntax[0].severity, vscode.DiagnosticSeverity.Error);

    assert.deepEqual(onLine(requirements, PINNED_LINE, 'snakepit'), []);
  });

  it('updates the diagnostics as the document is edited', async () => {
    const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(requirements));
    const original = editor.document.lineAt(SYNTAX_ERROR_LINE).text;
    await editor.edit((edit) => edit.replace(editor.document.lineAt(SYNTAX_ERROR_LINE).range, 'attrs>=23'));
    try {
      await until('the syntax error to go away after the fix', () => onLine(requirements, SYNTAX_ERROR_LINE, 'snakepit').length === 0);
    } finally {
      await editor.edit((edit) => edit.replace(editor.document.lineAt(SYNTAX_ERROR_LINE).range, original));
      await editor.document.save();
    }
    await until('the syntax error to come back', () => onLine(requirements, SYNTAX_ERROR_LINE, 'snakepit').length === 1);
  });

  it('offers Validate lenses before anything was validated', async () => {
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', requirements);
    const titles = lenses.filter((l) => l.range.start.line === PINNED_LINE).map((l) => l.command?.title);
    assert.deepEqual(titles, ['Validate']);
  });

  it('validates a requirements file through the command: verdicts on the lines, lenses, the Validations view', async () => {
    const report = await vscode.commands.executeCommand<ValidationReport | undefined>('snakepit.gate.validateRequirements', valid);
    assert.ok(report, 'the command returns the report (see the Snakepit log otherwise)');
    assert.equal(report.engine, 'bubblewrap');
    const idna = report.packages.find((p) => p.name === 'idna');
    assert.ok(idna, JSON.stringify(report.packages));
    assert.equal(idna.version, '3.20');
    assert.equal(idna.verdict, 'pass', JSON.stringify(idna.reasons));

    // The verdict shows on the idna line of every open requirements file, from the history: a pass in the lens and the
    // hover only, Problems is kept for what needs attention.
    await vscode.workspace.openTextDocument(requirements);
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', requirements);
    const pinnedTitles = lenses.filter((l) => l.range.start.line === PINNED_LINE).map((l) => l.command?.title);
    assert.deepEqual(pinnedTitles, ['✓ validated just now', 'Report']);
    assert.deepEqual(onLine(requirements, PINNED_LINE, 'snakepit-gate'), [], 'a pass is no entry in Problems');
    const typosquatTitles = lenses.filter((l) => l.range.start.line === TYPOSQUAT_LINE).map((l) => l.command?.title);
    assert.deepEqual(typosquatTitles, ['Validate']);

    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', requirements, new vscode.Position(PINNED_LINE, 1));
    const hoverText = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(hoverText, /Snakepit gate: pass/);
    assert.match(hoverText, /Behaviour events recorded: \d+/);

    const entries = api.gate.validations.getChildren();
    const entry = entries.find((e) => e.name === 'idna' && e.version === '3.20');
    assert.ok(entry, `the Validations view lists idna 3.20: ${entries.map((e) => `${e.name} ${e.version}`).join(', ')}`);
    const item = api.gate.validations.getTreeItem(entry);
    assert.equal(item.label, 'idna 3.20');
    assert.match(String(item.description), /^pass · just now$/);
    assert.equal(item.command?.command, 'snakepit.gate.showReport');
  });

  it('installs exactly the validated files into the workspace .venv', async () => {
    const venv = path.join(workspaceFile('.').fsPath, '.venv');
    // Not execFileSync: the extension host shares this thread and must stay responsive.
    await promisify(execFile)('python3', ['-m', 'venv', venv]);
    const python = path.join(venv, 'bin', 'python');
    const importIdna = () => execFileSync(python, ['-c', 'import idna; print(idna.__version__)'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    assert.throws(importIdna, 'idna is not in the fresh venv');

    // As after a window reload: nothing of the validation above is left in this window's memory; the file and the
    // verdict history are all Install has.
    (api.gate.runner as unknown as { lastRun?: unknown }).lastRun = undefined;
    // As a person: Install asks where (the .venv, and how it was chosen) in a quick pick; Enter takes the proposed one.
    let settled = false;
    const pending = vscode.commands.executeCommand<ValidationReport | undefined>('snakepit.gate.install', valid).then((r) => {
      settled = true;
      return r;
    });
    for (let tries = 0; !settled && tries < 100; tries++) {
      await new Promise((r) => setTimeout(r, 300));
      if (!settled) await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    }
    const report = await pending;
    assert.ok(report, 'the install command returns the report');
    assert.equal(report.installed, true, JSON.stringify(report));
    assert.equal(fs.realpathSync(report.target ?? ''), fs.realpathSync(venv));
    assert.equal(importIdna(), '3.20');
  });

  it('pins the validated requirement with the sha256 of the validated file', async () => {
    const sha256 = api.gate.runner.last!.report.packages.find((p) => p.name === 'idna')!.artifacts[0].sha256;
    const outcome = await vscode.commands.executeCommand<{ pinned: string[] }>('snakepit.gate.pinHashes', valid);
    assert.deepEqual(outcome?.pinned, ['idna==3.20']);
    const text = (await vscode.workspace.openTextDocument(valid)).getText();
    assert.match(text, new RegExp(`^idna==3\\.20 \\\\\n    --hash=sha256:${sha256}$`, 'm'));
    assert.ok(fs.readFileSync(valid.fsPath, 'utf8').includes(`--hash=sha256:${sha256}`), 'the file was saved');
    await until('no problems reported on the pinned file', () => vscode.languages.getDiagnostics(valid).every((d) => d.severity !== vscode.DiagnosticSeverity.Error));
  });

  it('validates a package from the palette input, reusing the verdict of identical files', async () => {
    assert.equal(validatePackageInput('idna==3.20'), undefined);
    assert.equal(validatePackageInput('idna[all]'), undefined);
    assert.match(validatePackageInput('idna>=3') ?? '', /name, optionally pinned/);
    assert.match(validatePackageInput('-e .') ?? '', /name, optionally pinned/);
    assert.equal(await vscode.commands.executeCommand('snakepit.gate.validatePackage', 'not a name!'), undefined);

    const report = await vscode.commands.executeCommand<ValidationReport | undefined>('snakepit.gate.validatePackage', 'idna==3.20');
    assert.ok(report);
    assert.equal(report.packages.length, 1);
    assert.equal(report.packages[0].verdict, 'pass');
    assert.equal(report.packages[0].cached, true, 'same artifact sha256, same ruleset: the verdict comes from the history');
  });

  it('a requirement no index has fails on its own: an Error on its line, a failed lens, a fail in the view, a report offering only Validate again', async () => {
    const file = workspaceFile('gate/requirements-missing.txt');
    fs.writeFileSync(file.fsPath, 'idna==3.20\nsnakepit-no-such-project-zz\n');
    try {
      const report = await vscode.commands.executeCommand<ValidationReport | undefined>('snakepit.gate.validateRequirements', file);
      assert.ok(report);
      const missing = report.packages.find((p) => p.name === 'snakepit-no-such-project-zz');
      assert.deepEqual(missing?.reasons.map((r) => r.code), ['SPK412']);
      assert.match(missing!.reasons[0].message, /from the snakepit\.gate\.indexUrl setting/);
      assert.equal(report.packages.find((p) => p.name === 'idna')?.verdict, 'pass', 'the other requirement is not blamed');
      const diagnostic = await until('the failed verdict on its line', () => onLine(file, 1, 'snakepit-gate')[0]);
      assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Error);
      const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', file);
      assert.match(lenses.find((l) => l.range.start.line === 1)?.command?.title ?? '', /^✗ failed: /);
      assert.ok(api.gate.validations.getChildren().some((e) => e.name === 'snakepit-no-such-project-zz' && e.verdict === 'fail'), 'the Validations view lists the failure');
      assert.deepEqual(api.gate.panel.view?.actions, ['revalidate']);
      const html = api.gate.panel.html ?? '';
      assert.ok(!html.includes('data-action="install"') && !html.includes('data-action="pin"'), 'a failed report offers no Install or Pin');
      assert.ok(html.indexOf('snakepit-no-such-project-zz') < html.indexOf('pkg-idna'), 'the summary lists the failure first');
    } finally {
      fs.rmSync(file.fsPath, { force: true });
    }
  });

  it('leaves no gate sandbox behind', async () => {
    const records = await api.sandboxTree.services.manager.list();
    assert.deepEqual(records.map((r) => r.name).filter((n) => n.includes('gate')), []);
  });

  it('shows the report in a webview with a strict CSP, and hostile package text as text', async () => {
    const entry = api.gate.validations.getChildren().find((e) => e.name === 'idna');
    assert.ok(entry);
    // The reasons of a real validated package, plus one as a hostile package would write it.
    const hostile: VerdictRecord = {
      ...entry,
      package: {
        ...entry.package,
        reasons: [
          ...entry.package.reasons,
          { code: 'SPK110', severity: 'high', message: 'exec of decoded data <img src=x onerror=alert(1)>', file: 'idna/core.py', line: 3, evidence: '<script>alert("pwned")</script>' },
        ],
      },
    };
    assert.equal(await vscode.commands.executeCommand('snakepit.gate.showReport', hostile), true);
    const html = await until('the report html', () => api.gate.panel.html);
    assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;; style-src [^"]+; script-src &#39;nonce-[A-Za-z0-9+/=]+&#39;/);
    assert.ok(html.includes('&#60;script&#62;alert(&#34;pwned&#34;)&#60;/script&#62;'), 'the evidence is escaped');
    assert.ok(!html.includes('<script>alert'), 'no script from the package reaches the page');
    assert.ok(!html.includes('<img src=x'), 'no markup from the package reaches the page');
    assert.equal((html.match(/<script\b/g) ?? []).length, 1, 'only the report script, with its nonce');
    assert.match(html, /idna 3\.20/);
  });
  describe('hostile fixture packages (built at test time, found through the file\'s own --find-links)', () => {
    let outDir: string;
    const hostileFile = workspaceFile('gate/requirements-hostile.txt');
    const endlessFile = workspaceFile('gate/requirements-endless.txt');

    before(() => {
      outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'snakepit-gate-fixtures-'));
      const sources = path.join(vscode.extensions.getExtension('snakepit.snakepit')!.extensionPath, 'test', 'fixtures', 'packages', 'src');
      for (const fixture of ['net-at-import', 'endless-loop'] as const) {
        const spec = FIXTURES[fixture];
        const wheel = buildWheel({ name: spec.name, version: spec.version, summary: spec.summary, files: readSourceTree(path.join(sources, fixture)), topLevel: spec.modules });
        fs.writeFileSync(path.join(outDir, wheel.filename), wheel.data);
      }
      fs.writeFileSync(hostileFile.fsPath, `--find-links ${outDir}\n${FIXTURES['net-at-import'].name}==1.0.0\n`);
      fs.writeFileSync(endlessFile.fsPath, `--find-links ${outDir}\n${FIXTURES['endless-loop'].name}==1.0.0\n`);
    });

    after(() => fs.rmSync(outDir, { recursive: true, force: true }));

    it('fails a package that uses the network at import: an Error on its line with the reason code, and a failed lens', async () => {
      const report = await vscode.commands.executeCommand<ValidationReport | undefined>('snakepit.gate.validateRequirements', hostileFile);
      assert.ok(report);
      const pkg = report.packages.find((p) => p.name === FIXTURES['net-at-import'].name);
      assert.ok(pkg, JSON.stringify(report.packages.map((p) => p.name)));
      assert.equal(pkg.verdict, 'fail');
      assert.ok(pkg.reasons.some((r) => r.code === 'SPK301'), JSON.stringify(pkg.reasons));

      const diagnostic = await until('the failed verdict on the line', () => onLine(hostileFile, 1, 'snakepit-gate')[0]);
      assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Error);
      assert.match(diagnostic.message, /fail for spfx-net 1\.0\.0 \(score \d+\)/);
      assert.match(diagnostic.message, /\(SPK301\)/);
      const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', hostileFile);
      const title = lenses.find((l) => l.range.start.line === 1)?.command?.title ?? '';
      assert.match(title, /^✗ failed: /);

      const html = api.gate.panel.html ?? '';
      assert.match(html, /SPK301/, 'the report panel shows the failing run');
    });

    it('cancels a validation stuck in an endless import: the command returns, the sandbox and its processes are gone', async () => {
      // The probe child importing the endless module (bwrap's own command line names no host path: its options come on a descriptor).
      const sandboxProcesses = () => execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' }).split('\n').filter((l) => l.includes(`snakepit_probe._child ${FIXTURES['endless-loop'].modules[0]}`) && !l.startsWith('ps '));
      const pending = vscode.commands.executeCommand<ValidationReport | undefined>('snakepit.gate.validateRequirements', endlessFile);
      await until('the import phase', () => api.gate.runner.current?.phase === 'test' && /import/.test(api.gate.runner.current.message), 180_000);
      await until('a sandbox process', () => sandboxProcesses().length > 0, 10_000);
      const cancelledAt = Date.now();
      assert.equal(await vscode.commands.executeCommand('snakepit.gate.cancel'), true);
      assert.equal(await pending, undefined, 'a cancelled validation returns no report');
      assert.ok(Date.now() - cancelledAt < 15_000, `stopped ${Date.now() - cancelledAt} ms after cancel`);
      await until('no sandbox process left', () => sandboxProcesses().length === 0, 10_000);
      const records = await api.sandboxTree.services.manager.list();
      assert.deepEqual(records.map((r) => r.name).filter((n) => n.includes('gate')), []);
      assert.equal(api.gate.verdicts.latestFor(FIXTURES['endless-loop'].name), undefined, 'no verdict recorded for a cancelled run');
    });
  });
});
