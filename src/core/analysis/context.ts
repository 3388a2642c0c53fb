import type { SyntaxNode, Tree } from './parser';
import type { ImportScope } from './importScope';
import type { Finding, Span } from './types';

/** What every analyser of one file shares: the text, its tree and the import scope being filled by the walk. */
export interface FileContext {
  readonly path: string;
  readonly source: string;
  readonly tree: Tree;
  readonly imports: ImportScope;
}

/** 1-based span of a node (tree-sitter is 0-based). */
export function spanOf(node: SyntaxNode): Span {
  return {
    line: node.startPosition.row + 1,
    column: node.startPosition.column + 1,
    endLine: node.endPosition.row + 1,
    endColumn: node.endPosition.column + 1,
  };
}

export type FindingSink = (finding: Finding) => void;
