import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

function workspaceFile(name: string): vscode.Uri {
  return vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, name);
}

/** Waits until Snakepit's diagnostics for `uri` satisfy `predicate` (they arrive after a debounce). */
async function diagnosticsWhere(uri: vscode.Uri, predicate: (d: vscode.Diagnostic[]) => boolean, timeoutMs = 20_000): Promise<vscode.Diagnostic[]> {
  const ours = () => vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'snakepit');
  const deadline = Date.now() + timeoutMs;
  while (!predicate(ours())) {
    if (Date.now() > deadline) assert.fail(`diagnostics never matched; last: ${JSON.stringify(ours().map((d) => [codeOf(d), d.range.start.line]))}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return ours();
}

function codeOf(d: vscode.Diagnostic): string {
  return typeof d.code === 'object' ? String(d.code.value) : String(d.code);
}

describe('Python analysis in a real VS Code', () => {
  let document: vscode.TextDocument;
  let editor: vscode.TextEditor;

  before(async () => {
    await vscode.extensions.getExtension('snakepit.snakepit')!.activate();
    document = await vscode.workspace.openTextDocument(workspaceFile('sample.py'));
    editor = await vscode.window.showTextDocument(document);
  });

  it('publishes Bandit-compatible diagnostics with rule links and mapped severities', async () => {
    const diagnostics = await diagnosticsWhere(document.uri, (d) => d.some((x) => codeOf(x) === 'B602'));
    const shell = diagnostics.filter((d) => codeOf(d) === 'B602');
    assert.deepEqual(shell.map((d) => d.range.start.line).sort((a, b) => a - b), [6, 10]);
    assert.equal(shell[0].severity, vscode.DiagnosticSeverity.Error, 'high severity maps to Error by default');
    const target = (shell[0].code as { target: vscode.Uri }).target;
    assert.equal(target.scheme, 'file');
    assert.match(target.path, /\/docs\/rules\/B602\.md$/, 'the code links the rule page shipped with the extension');
    const page = new TextDecoder().decode(await vscode.workspace.fs.readFile(target));
    assert.match(page, /^# B602: subprocess_popen_with_shell_equals_true$/m);
    const yamlLoad = diagnostics.find((d) => codeOf(d) === 'B506');
    assert.ok(yamlLoad, 'yaml.load without SafeLoader is reported');
    assert.equal(yamlLoad.range.start.line, 15);
    const undeclared = diagnostics.find((d) => codeOf(d) === 'SP100');
    assert.ok(undeclared, 'import yaml is not declared in requirements.txt');
    assert.match(undeclared.message, /PyYAML/);
  });

  it('shows complexity code lenses over each function', async () => {
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', document.uri);
    const titles = lenses.filter((l) => l.command?.title.startsWith('cc ')).map((l) => [l.range.start.line, l.command!.title]);
    assert.deepEqual(
      titles.find(([line]) => line === 18),
      [18, 'cc 6 (B) · cognitive 8'],
      `lenses: ${JSON.stringify(titles)}`,
    );
    assert.equal(titles.length, 4);
  });

  it('explains a finding on hover with its CWE and fix', async () => {
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, new vscode.Position(15, 20));
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(text, /B506/);
    assert.match(text, /CWE-20/);
    assert.match(text, /How to fix/);
    const diagnostic = vscode.languages.getDiagnostics(document.uri).find((d) => codeOf(d) === 'B506')!;
    assert.ok(!text.includes(diagnostic.message), 'the diagnostic part of the hover already shows the message: ours does not repeat it');
    assert.ok(!text.includes('&nbsp;'), 'spaces stay breakable, so the hover wraps between words');
    assert.equal(text.match(/\*\*B506\*\*/g)?.length, 1, 'one entry per rule');
    const link = /\[Rule documentation\]\((command:markdown\.showPreview\?[^)]+)\)/.exec(text);
    assert.ok(link, text);
    const [page] = JSON.parse(decodeURIComponent(link[1].slice('command:markdown.showPreview?'.length))) as [{ scheme: string; path: string }];
    assert.match(page.path, /\/docs\/rules\/B506\.md$/, 'the link names the shipped rule page (opened rendered: test/vscode/editorFixes.test.ts)');
  });

  it('offers and applies the yaml.safe_load quick fix', async () => {
    const diagnostic = (await diagnosticsWhere(document.uri, (d) => d.some((x) => codeOf(x) === 'B506'))).find((d) => codeOf(d) === 'B506')!;
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, diagnostic.range, vscode.CodeActionKind.QuickFix.value);
    const titles = actions.map((a) => a.title);
    assert.ok(titles.includes('Use yaml.safe_load'), JSON.stringify(titles));
    assert.ok(titles.some((t) => t.includes('# nosec')), JSON.stringify(titles));
    const fix = actions.find((a) => a.title === 'Use yaml.safe_load')!;
    assert.ok(await vscode.workspace.applyEdit(fix.edit!));
    assert.equal(document.lineAt(15).text.trim(), 'return yaml.safe_load(f)');
    await diagnosticsWhere(document.uri, (d) => !d.some((x) => codeOf(x) === 'B506'));
  });

  it('turns a literal shell command into an argument list', async () => {
    const diagnostic = (await diagnosticsWhere(document.uri, (d) => d.some((x) => codeOf(x) === 'B602' && x.range.start.line === 10))).find(
      (d) => codeOf(d) === 'B602' && d.range.start.line === 10,
    )!;
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, diagnostic.range, vscode.CodeActionKind.QuickFix.value);
    const fix = actions.find((a) => a.title.startsWith('Pass the command as an argument list'));
    assert.ok(fix, JSON.stringify(actions.map((a) => a.title)));
    assert.ok(await vscode.workspace.applyEdit(fix.edit!));
    assert.equal(document.lineAt(10).text.trim(), 'return subprocess.call(["ls", "-l"])');
  });

  it('re-analyses as you type, incrementally', async () => {
    const before = (await diagnosticsWhere(document.uri, () => true)).length;
    await editor.edit((e) => e.insert(new vscode.Position(document.lineCount, 0), '\n\ndef danger(code):\n    eval(code)\n'));
    const after = await diagnosticsWhere(document.uri, (d) => d.some((x) => codeOf(x) === 'B307'));
    const evalFinding = after.find((d) => codeOf(d) === 'B307')!;
    assert.equal(document.lineAt(evalFinding.range.start.line).text.trim(), 'eval(code)');
    assert.ok(after.length > before);
  });

  it('clears diagnostics when the file\'s editor tab is closed', async () => {
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    await diagnosticsWhere(document.uri, (d) => d.length === 0);
  });

  it('scans the workspace and exports SARIF', async () => {
    const target = workspaceFile('out.sarif');
    const written = await vscode.commands.executeCommand<vscode.Uri>('snakepit.exportSarif', target);
    assert.equal(written?.toString(), target.toString());
    const sarif = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(target)));
    assert.equal(sarif.version, '2.1.0');
    const uris = sarif.runs[0].results.map((r: { locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }> }) => r.locations[0].physicalLocation.artifactLocation.uri);
    assert.ok(uris.includes('sample.py'), JSON.stringify(uris));
    const diagnostics = vscode.languages.getDiagnostics(workspaceFile('sample.py')).filter((d) => d.source === 'snakepit');
    assert.ok(diagnostics.some((d) => codeOf(d) === 'B602'), 'the scan publishes findings for files that are not open');
  });
});
