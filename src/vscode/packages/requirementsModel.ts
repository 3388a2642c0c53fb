import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { diagnoseRequirements, parseRequirementsText } from '../../core/packages/requirements';
import type { ParsedRequirements, Requirement, RequirementProblem } from '../../core/packages/requirements';
import { gateSettings } from './settings';

export const REQUIREMENTS_SELECTOR: vscode.DocumentSelector = [
  { language: 'pip-requirements', scheme: 'file' },
  { language: 'pip-requirements', scheme: 'untitled' },
];

export interface ParsedDocument {
  version: number;
  parsed: ParsedRequirements;
  /** Parse problems and the requirement checks (duplicates, conflicts, typosquats, …) for this document. */
  problems: RequirementProblem[];
}

/** 0-based VS Code range of a 1-based core location. */
export function toRange(location: { line: number; column: number; endLine?: number; endColumn?: number }): vscode.Range {
  const start = new vscode.Position(location.line - 1, Math.max(0, location.column - 1));
  const end = new vscode.Position((location.endLine ?? location.line) - 1, Math.max(0, (location.endColumn ?? location.column) - 1));
  return new vscode.Range(start, end.isBefore(start) ? start : end);
}

/** The exact version a requirement pins (`==1.2.3`, `===1.2.3`), if it pins one. */
export function pinnedVersion(requirement: Requirement): string | undefined {
  const match = /^\s*===?\s*([^\s,;*]+)\s*$/.exec(String(requirement.specifier ?? ''));
  return match?.[1];
}

/** Parses pip-requirements documents once per version; diagnostics, lenses, hovers and commands share the result. */
export class RequirementsModel {
  private readonly cache = new Map<string, ParsedDocument>();

  get(document: vscode.TextDocument): ParsedDocument {
    const key = document.uri.toString();
    const cached = this.cache.get(key);
    if (cached && cached.version === document.version) return cached;
    const file = document.uri.scheme === 'file' ? document.uri.fsPath : document.fileName;
    // Included files (`-r`, `-c`) are read from their open editors when they are open, so unsaved edits count.
    const readFile = (included: string) =>
      vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'file' && d.uri.fsPath === included)?.getText() ?? fs.readFileSync(included, 'utf8');
    const parsed = parseRequirementsText(document.getText(), file, { env: process.env, readFile });
    const own = (p: RequirementProblem) => !p.location.file || p.location.file === file;
    const problems = [...parsed.problems, ...diagnoseRequirements(parsed, { warnUnpinned: gateSettings(document.uri).warnUnpinned })].filter(own);
    const entry = { version: document.version, parsed, problems };
    this.cache.set(key, entry);
    return entry;
  }

  /** Requirements written in this document (not those of files it includes). */
  requirements(document: vscode.TextDocument): Requirement[] {
    const file = document.uri.scheme === 'file' ? document.uri.fsPath : document.fileName;
    return this.get(document).parsed.requirements.filter((r) => !r.location.file || r.location.file === file);
  }

  requirementAt(document: vscode.TextDocument, line: number): Requirement | undefined {
    return this.requirements(document).find((r) => r.location.line - 1 <= line && line <= (r.location.endLine ?? r.location.line) - 1);
  }

  forget(document: vscode.TextDocument): void {
    this.cache.delete(document.uri.toString());
  }

  /** Settings changed: parse everything again. */
  clear(): void {
    this.cache.clear();
  }
}
