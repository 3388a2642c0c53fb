import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { FileAnalysis } from '../../core/analysis/analyzeSource';
import { loadConfig, type LoadedConfig } from '../../core/analysis/config';
import { readDeclaredDependencies, type DeclaredDependencies } from '../../core/analysis/imports';
import { IncrementalDocument, type TextChange } from '../../core/analysis/incrementalDocument';
import { PythonParser } from '../../core/analysis/parser';
import { workspaceModules } from '../../core/analysis/scan/workspaceModules';
import { analysisSettings } from './settings';

export interface DocumentResult {
  uri: vscode.Uri;
  version: number;
  analysis: FileAnalysis;
  /** Milliseconds from the edit's arrival (after debounce) to fresh results. */
  millis: number;
}

interface DocumentState {
  incremental?: IncrementalDocument;
  pending: TextChange[];
  /** The version the incremental tree reflects; a gap means changes were missed and a full parse is due. */
  treeVersion: number;
  timer?: NodeJS.Timeout;
}

/** Files whose change alters how Python files are analysed. */
const CONFIG_FILES = '**/{pyproject.toml,.bandit,requirements*.txt,requirements*.in,requirements/*.txt,setup.cfg,setup.py,Pipfile}';

/**
 * Keeps an incrementally parsed tree per open Python document and re-analyses it
 * on open, edit (debounced) and save; other features listen to `onDidAnalyze`.
 */
export class AnalysisService implements vscode.Disposable {
  private readonly states = new Map<string, DocumentState>();
  private readonly results = new Map<string, DocumentResult>();
  private readonly configs = new Map<string, LoadedConfig>();
  private readonly declared = new Map<string, { declared: DeclaredDependencies; modules: string[] }>();
  private readonly emitter = new vscode.EventEmitter<DocumentResult | { uri: vscode.Uri; cleared: true }>();
  private readonly disposables: vscode.Disposable[] = [];
  private parser: Promise<PythonParser> | undefined;
  readonly onDidAnalyze = this.emitter.event;

  constructor(private readonly log: vscode.LogOutputChannel) {
    const watcher = vscode.workspace.createFileSystemWatcher(CONFIG_FILES);
    const invalidate = () => {
      this.configs.clear();
      this.declared.clear();
      for (const document of vscode.workspace.textDocuments) this.schedule(document, undefined, 0);
    };
    this.disposables.push(
      this.emitter,
      watcher,
      watcher.onDidChange(invalidate),
      watcher.onDidCreate(invalidate),
      watcher.onDidDelete(invalidate),
      vscode.workspace.onDidOpenTextDocument((d) => this.schedule(d, undefined, 0)),
      vscode.workspace.onDidChangeTextDocument((e) => this.onChange(e)),
      vscode.workspace.onDidSaveTextDocument((d) => this.schedule(d, undefined, 0)),
      vscode.workspace.onDidCloseTextDocument((d) => this.close(d.uri)),
      // VS Code may keep a document alive long after its last tab closed; users expect its problems to go with the tab.
      vscode.window.tabGroups.onDidChangeTabs((e) => this.closeUnshown(e.closed)),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('snakepit.analysis')) invalidate();
      }),
    );
    for (const document of vscode.workspace.textDocuments) this.schedule(document, undefined, 0);
  }

  result(uri: vscode.Uri): DocumentResult | undefined {
    return this.results.get(uri.toString());
  }

  /** The parser, loaded on first use (the wasm costs ~100 ms, not worth paying at activation). */
  getParser(): Promise<PythonParser> {
    this.parser ??= PythonParser.create(path.join(__dirname));
    return this.parser;
  }

  /** Analyses a document now (skipping the debounce) and returns the result. */
  async analyzeNow(document: vscode.TextDocument): Promise<DocumentResult | undefined> {
    if (!this.isPython(document)) return undefined;
    return this.run(document);
  }

  private isPython(document: vscode.TextDocument): boolean {
    return document.languageId === 'python' && (document.uri.scheme === 'file' || document.uri.scheme === 'untitled' || document.uri.scheme === 'vscode-remote');
  }

  private onChange(event: vscode.TextDocumentChangeEvent): void {
    if (!this.isPython(event.document) || event.contentChanges.length === 0) return;
    const changes: TextChange[] = event.contentChanges.map((c) => ({
      rangeOffset: c.rangeOffset,
      rangeLength: c.rangeLength,
      startLine: c.range.start.line,
      startCharacter: c.range.start.character,
      endLine: c.range.end.line,
      endCharacter: c.range.end.character,
      text: c.text,
    }));
    this.schedule(event.document, changes);
  }

  private schedule(document: vscode.TextDocument, changes: TextChange[] | undefined, delay?: number): void {
    if (!this.isPython(document)) return;
    const settings = analysisSettings(document.uri);
    if (!settings.enable) {
      this.close(document.uri);
      return;
    }
    const state = this.state(document.uri);
    if (changes) state.pending.push(...changes);
    clearTimeout(state.timer);
    state.timer = setTimeout(() => {
      state.timer = undefined;
      void this.run(document).catch((error) => this.log.error(`analysis of ${document.uri.fsPath} failed: ${error}`));
    }, delay ?? settings.debounceMs);
  }

  private state(uri: vscode.Uri): DocumentState {
    let state = this.states.get(uri.toString());
    if (!state) {
      state = { pending: [], treeVersion: -1 };
      this.states.set(uri.toString(), state);
    }
    return state;
  }

  private async run(document: vscode.TextDocument): Promise<DocumentResult | undefined> {
    const parser = await this.getParser();
    const key = document.uri.toString();
    const state = this.state(document.uri);
    if (document.isClosed) return undefined;
    state.incremental ??= new IncrementalDocument(parser);
    const started = performance.now();
    const changes = state.treeVersion >= 0 && state.pending.length > 0 ? state.pending : undefined;
    state.pending = [];
    const { config } = this.configFor(document.uri);
    const deps = analysisSettings(document.uri).undeclaredImports ? this.dependenciesFor(document.uri) : undefined;
    const analysis = state.incremental.analyze(document.getText(), changes, {
      path: document.uri.fsPath,
      config,
      declared: deps?.declared,
      isLocalModule: deps ? (name) => deps.modules.includes(name) || this.isSibling(document.uri, name) : undefined,
    });
    state.treeVersion = document.version;
    const result: DocumentResult = { uri: document.uri, version: document.version, analysis, millis: performance.now() - started };
    this.results.set(key, result);
    this.emitter.fire(result);
    return result;
  }

  private isSibling(uri: vscode.Uri, name: string): boolean {
    const dir = path.dirname(uri.fsPath);
    return fs.existsSync(path.join(dir, `${name}.py`)) || fs.existsSync(path.join(dir, name, '__init__.py'));
  }

  /** The analysis configuration for a file: its nearest pyproject.toml, cached per directory. */
  configFor(uri: vscode.Uri): LoadedConfig {
    const dir = uri.scheme === 'untitled' ? (vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? process.cwd()) : path.dirname(uri.fsPath);
    let loaded = this.configs.get(dir);
    if (!loaded) {
      loaded = loadConfig(dir);
      for (const error of loaded.errors) this.log.warn(error.message);
      this.configs.set(dir, loaded);
    }
    return loaded;
  }

  private dependenciesFor(uri: vscode.Uri): { declared: DeclaredDependencies; modules: string[] } | undefined {
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    if (!folder) return undefined;
    const root = this.configFor(uri).config.root;
    let entry = this.declared.get(root);
    if (!entry) {
      entry = { declared: readDeclaredDependencies(root), modules: workspaceModules(root) };
      this.declared.set(root, entry);
    }
    return entry;
  }

  private closeUnshown(closed: readonly vscode.Tab[]): void {
    const shown = new Set<string>();
    for (const group of vscode.window.tabGroups.all) {
      for (const tab of group.tabs) if (tab.input instanceof vscode.TabInputText) shown.add(tab.input.uri.toString());
    }
    for (const tab of closed) {
      if (tab.input instanceof vscode.TabInputText && !shown.has(tab.input.uri.toString())) this.close(tab.input.uri);
    }
  }

  private close(uri: vscode.Uri): void {
    const key = uri.toString();
    const state = this.states.get(key);
    if (state) {
      clearTimeout(state.timer);
      state.incremental?.dispose();
      this.states.delete(key);
    }
    if (this.results.delete(key)) this.emitter.fire({ uri, cleared: true });
  }

  dispose(): void {
    for (const uri of [...this.states.keys()]) this.close(vscode.Uri.parse(uri));
    for (const d of this.disposables) d.dispose();
    void this.parser?.then((p) => p.delete());
  }
}
