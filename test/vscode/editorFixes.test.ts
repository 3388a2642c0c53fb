import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

// Quick fixes and lens targets a person reaches from the editor: a typosquatted requirement (REQ015),
// an undeclared import (SP100) and the complexity lens. Files are written into the test's own copy of the workspace.

function workspaceFile(name: string): vscode.Uri {
  return vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, name);
}

async function write(name: string, text: string): Promise<vscode.Uri> {
  const uri = workspaceFile(name);
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
  return uri;
}

async function until<T>(what: string, probe: () => T | undefined | false, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function codeOf(d: vscode.Diagnostic): string {
  return typeof d.code === 'object' ? String(d.code.value) : String(d.code);
}

function diagnostic(uri: vscode.Uri, code: string): vscode.Diagnostic | undefined {
  return vscode.languages.getDiagnostics(uri).find((d) => d.source === 'snakepit' && codeOf(d) === code);
}

async function quickFixes(uri: vscode.Uri, range: vscode.Range): Promise<vscode.CodeAction[]> {
  return vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, range, vscode.CodeActionKind.QuickFix.value);
}

/** Applies a code action as the editor does: its edit, then its command. */
async function apply(action: vscode.CodeAction): Promise<void> {
  assert.ok(await vscode.workspace.applyEdit(action.edit!));
  if (action.command) await vscode.commands.executeCommand(action.command.command, ...(action.command.arguments ?? []));
}

describe('Editor quick fixes and the complexity lens in a real VS Code', function () {
  this.timeout(120_000);

  before(async () => {
    await vscode.extensions.getExtension('snakepit.snakepit')!.activate();
  });

  it('replaces a typosquatted requirement with the project it imitates', async () => {
    const uri = await write('fixes/requirements.txt', '# a typo\nreqeusts==2.32.3\n');
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document);
    const squat = await until('the REQ015 diagnostic', () => diagnostic(uri, 'REQ015'));
    const fix = (await quickFixes(uri, squat.range)).find((a) => a.title === "Change to 'requests'");
    assert.ok(fix, 'a quick fix names the intended project');
    assert.equal(fix.isPreferred, true);
    await apply(fix);
    assert.equal(document.lineAt(1).text, 'requests==2.32.3', 'only the name changes, the pin stays');
    await until('REQ015 to go away', () => !diagnostic(uri, 'REQ015'));
    await document.save();
  });

  it('declares an undeclared import in pyproject.toml, saved, and the finding goes', async () => {
    const pyproject = await write('fixes/pyproject.toml', '[project]\nname = "fixes"\ndependencies = [\n    "requests",\n]\n');
    const app = await write('fixes/app.py', 'import requests\nimport yaml\n\n\ndef get(url):\n    return requests.get(url, timeout=5)\n');
    const document = await vscode.workspace.openTextDocument(app);
    await vscode.window.showTextDocument(document);
    const undeclared = await until('the SP100 diagnostic', () => diagnostic(app, 'SP100'));
    assert.equal(undeclared.range.start.line, 1);
    const titles = (await quickFixes(app, undeclared.range)).map((a) => a.title);
    assert.ok(titles.includes("Add 'PyYAML' to requirements.txt"), JSON.stringify(titles));
    const fix = (await quickFixes(app, undeclared.range)).find((a) => a.title === "Add 'PyYAML' to pyproject.toml [project].dependencies");
    assert.ok(fix, JSON.stringify(titles));
    assert.equal(fix.isPreferred, true, 'pyproject.toml is the preferred place');
    await apply(fix);
    const saved = new TextDecoder().decode(await vscode.workspace.fs.readFile(pyproject));
    assert.equal(saved, '[project]\nname = "fixes"\ndependencies = [\n    "requests",\n    "PyYAML",\n]\n');
    await until('SP100 to go once the declaration is saved', () => !diagnostic(app, 'SP100'));
  });

  it("opens a rule's page, rendered, from the hover's link", async () => {
    const file = await write('fixes/rules.py', 'import yaml\n\n\ndef load(path):\n    with open(path) as f:\n        return yaml.load(f, Loader=yaml.Loader)\n');
    const document = await vscode.workspace.openTextDocument(file);
    await vscode.window.showTextDocument(document);
    const finding = await until('the B506 diagnostic', () => diagnostic(document.uri, 'B506'));
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, finding.range.start.translate(0, 1));
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    const link = /\[Rule documentation\]\(command:markdown\.showPreview\?([^)]+)\)/.exec(text);
    assert.ok(link, text);
    const [page] = JSON.parse(decodeURIComponent(link[1])) as [{ scheme: string; path: string }];
    await vscode.commands.executeCommand('markdown.showPreview', vscode.Uri.from(page));
    const preview = await until('the rendered rule page', () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.label.includes('B506.md')));
    await vscode.window.tabGroups.close(preview);
  });

  it("opens a function's metrics breakdown from its complexity lens", async () => {
    const document = await vscode.workspace.openTextDocument(workspaceFile('sample.py'));
    await vscode.window.showTextDocument(document);
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', document.uri);
    const lens = lenses.find((l) => l.range.start.line === 18 && l.command?.title.startsWith('cc '));
    assert.ok(lens?.command, 'the lens over branchy()');
    assert.equal(lens.command.command, 'snakepit.showFunctionMetrics', 'clicking the lens does something');
    await vscode.commands.executeCommand(lens.command.command, ...(lens.command.arguments ?? []));
    const tab = await until('the metrics panel', () =>
      vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.input instanceof vscode.TabInputWebview && t.label === 'Metrics: branchy'),
    );
    assert.match((tab.input as vscode.TabInputWebview).viewType, /snakepit\.metrics/);
  });
});
