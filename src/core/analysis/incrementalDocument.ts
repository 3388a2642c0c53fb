import type { AnalysisOptions, FileAnalysis } from './analyzeSource';
import type { Edit, PythonParser, Tree } from './parser';
import { StatementReuse } from './statementReuse';

/** A text change as editors report it: the replaced range (0-based line/character, UTF-16 offsets) and the new text. */
export interface TextChange {
  rangeOffset: number;
  rangeLength: number;
  startLine: number;
  startCharacter: number;
  endLine: number;
  endCharacter: number;
  text: string;
}

/** Where `text` ends if it starts at (line, character). */
function endOf(line: number, character: number, text: string): { row: number; column: number } {
  const lastBreak = text.lastIndexOf('\n');
  if (lastBreak < 0) return { row: line, column: character + text.length };
  let breaks = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) breaks++;
  return { row: line + breaks, column: text.length - lastBreak - 1 };
}

export function toTreeEdit(change: TextChange): Edit {
  return {
    startIndex: change.rangeOffset,
    oldEndIndex: change.rangeOffset + change.rangeLength,
    newEndIndex: change.rangeOffset + change.text.length,
    startPosition: { row: change.startLine, column: change.startCharacter },
    oldEndPosition: { row: change.endLine, column: change.endCharacter },
    newEndPosition: endOf(change.startLine, change.startCharacter, change.text),
  };
}

/**
 * One open document's syntax tree, re-parsed incrementally on each edit
 * (tree.edit + parse with the old tree), then analysed reusing the results of
 * the top-level statements the edit did not change (see StatementReuse).
 */
export class IncrementalDocument {
  private tree: Tree | undefined;
  private readonly statements = new StatementReuse();

  constructor(private readonly parser: PythonParser) {}

  /**
   * Brings the tree up to date with `text`. `changes` are the edits since the last
   * update, in the order the editor applied them; without them the text is parsed afresh.
   */
  update(text: string, changes?: readonly TextChange[]): FileAnalysisInput {
    if (this.tree && changes?.length) {
      for (const change of changes) this.tree.edit(toTreeEdit(change));
      const next = this.parser.parse(text, this.tree);
      this.tree.delete();
      this.tree = next;
    } else {
      this.tree?.delete();
      this.tree = this.parser.parse(text);
    }
    return { tree: this.tree, text };
  }

  analyze(text: string, changes: readonly TextChange[] | undefined, options: AnalysisOptions): FileAnalysis {
    const { tree } = this.update(text, changes);
    return this.statements.analyze(tree, text, options);
  }

  /** How many statements the last analysis reused and walked. */
  get reuse(): { readonly reused: number; readonly walked: number } {
    return this.statements.last;
  }

  dispose(): void {
    this.tree?.delete();
    this.tree = undefined;
    this.statements.clear();
  }
}

export interface FileAnalysisInput {
  tree: Tree;
  text: string;
}
