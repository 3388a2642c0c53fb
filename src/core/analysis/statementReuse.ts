import { finishAnalysis, type AnalysisOptions, type FileAnalysis } from './analyzeSource';
import { LiveAnalysis, type StatementResult } from './liveAnalysis';
import { HalsteadTotals, IncrementalRaw } from './metrics';
import type { SyntaxNode, Tree } from './parser';

/** A statement's result with what it was measured under, besides its text. */
interface Entry {
  readonly type: string;
  readonly column: number;
  readonly stateKey: string;
  /** The module taint state it started from, when it touched module taint. */
  readonly taintBefore: string | undefined;
  readonly result: StatementResult;
}

type Entries = Map<string, Entry[]>;

/**
 * Analyses a file statement by statement, reusing the result of each statement
 * whose text, start column and starting state did not change since the last
 * analysis: the answers it got from the imports before it, the module's taint if
 * it touched it, the enclosing scope and the walk state (LiveAnalysis.stateKey).
 * Statements are the module's children and, in a class that changed, the class
 * body's (so an edit in one method re-walks that method only). Reused results are
 * moved to the statement's new line. The steps that need the whole file (B613,
 * suppressions, filters, raw counts, Halstead totals, MI) run on the whole text
 * each time, through the same code as a full analysis (`finishAnalysis`).
 */
export class StatementReuse {
  private entries: Entries = new Map();
  private path: string | undefined;
  private raw = new IncrementalRaw();
  private halstead = new HalsteadTotals();
  /** Statements of the last analysis whose result was reused, and those walked. */
  readonly last = { reused: 0, walked: 0 };

  analyze(tree: Tree, source: string, options: AnalysisOptions): FileAnalysis {
    if (options.path !== this.path) {
      this.clear();
      this.path = options.path;
    }
    this.last.reused = 0;
    this.last.walked = 0;
    const live = new LiveAnalysis(tree, source, options.path);
    const kept: Entries = new Map();
    const root = tree.rootNode;
    live.walker.enter(root);
    for (const child of root.children) if (child) this.statement(child, source, live, kept);
    live.walker.leave(root);
    this.entries = kept;
    const results = options.metrics === false ? live.results() : live.results(this.raw.analyze(source), this.halstead);
    return finishAnalysis(results, source, options);
  }

  clear(): void {
    this.entries.clear();
    this.raw = new IncrementalRaw();
    this.halstead = new HalsteadTotals();
  }

  private statement(node: SyntaxNode, source: string, live: LiveAnalysis, kept: Entries): void {
    const text = source.slice(node.startIndex, node.endIndex);
    const type = node.type;
    const { row, column } = node.startPosition;
    const stateKey = live.stateKey();
    // An entry serves one statement per analysis (two equal statements have an entry each).
    const candidates = this.entries.get(text);
    const index = candidates?.findIndex(
      (entry) => entry.type === type && entry.column === column && entry.stateKey === stateKey && live.allows(entry.taintBefore, entry.result),
    );
    const found = index !== undefined && index >= 0 ? candidates!.splice(index, 1)[0] : undefined;
    if (found) {
      this.last.reused++;
      const entry = moved(found, row);
      live.apply(entry.result);
      remember(kept, text, entry);
      return;
    }
    this.last.walked++;
    const mark = live.begin();
    const body = classBody(node);
    if (body) this.walkClass(node, body, source, live, kept);
    else live.walker.walk(node);
    const result = live.end(mark, row);
    // A statement with a syntax error may parse differently in other surroundings.
    if (!result.readsModuleBody && !node.hasError) {
      remember(kept, text, { type, column, stateKey, taintBefore: result.taintAfter ? mark.taintBefore : undefined, result });
    }
  }

  /** Walks a class statement with each statement of its body reused or walked on its own. */
  private walkClass(node: SyntaxNode, body: SyntaxNode, source: string, live: LiveAnalysis, kept: Entries): void {
    const { walker } = live;
    walker.enter(node);
    for (const child of node.children) {
      if (!child) continue;
      if (child.id === body.id) {
        walker.enter(body);
        for (const member of body.children) if (member) this.statement(member, source, live, kept);
        walker.leave(body);
      } else if (child.type === 'class_definition' && node.type === 'decorated_definition') {
        this.walkClass(child, body, source, live, kept);
      } else {
        walker.walk(child);
      }
    }
    walker.leave(node);
  }
}

function remember(entries: Entries, text: string, entry: Entry): void {
  const list = entries.get(text);
  if (list) list.push(entry);
  else entries.set(text, [entry]);
}

/** The entry with its positions moved to a statement that now starts on `row`. */
function moved(entry: Entry, row: number): Entry {
  const delta = row - entry.result.row;
  if (delta === 0) return entry;
  const { result } = entry;
  return {
    ...entry,
    result: {
      ...result,
      row,
      security: result.security.map((finding) => shift(finding, delta)),
      taint: result.taint.map((finding) => shift(finding, delta)),
      metrics: { ...result.metrics, blocks: result.metrics.blocks.map((block) => shift(block, delta)) },
      importSites: result.importSites.map((site) => ({ ...site, span: shift(site.span, delta) })),
    },
  };
}

function shift<T extends { line: number; endLine: number }>(item: T, delta: number): T {
  return { ...item, line: item.line + delta, endLine: item.endLine + delta };
}

/** The body of a class statement (decorated or not), whose statements are reused one by one. */
function classBody(node: SyntaxNode): SyntaxNode | null {
  const definition = node.type === 'decorated_definition' ? node.childForFieldName('definition') : node;
  return definition?.type === 'class_definition' ? definition.childForFieldName('body') : null;
}
