import * as vscode from 'vscode';
import { normalizeName } from '../../core/packages/names';
import type { Verdict } from '../../core/packages/reasons';
import type { PackageValidation } from '../../core/packages/gate/report';

/** One validation as the history keeps it (the fields VS Code shows). */
export interface VerdictRecord {
  name: string;
  version: string;
  verdict: Verdict;
  score: number;
  /** ISO time. */
  validatedAt: string;
  package: PackageValidation;
}

/** Where the records come from: the gate's verdict history. */
export interface VerdictSource {
  list(): VerdictRecord[] | Promise<VerdictRecord[]>;
}

/**
 * An in-memory view of the verdict history, newest first, reloaded after each validation,
 * so that diagnostics, lenses and hovers can ask "what was the last verdict for this line" synchronously.
 */
export class VerdictIndex implements vscode.Disposable {
  private records: VerdictRecord[] = [];
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly source: VerdictSource,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  async reload(): Promise<void> {
    try {
      const records = await this.source.list();
      this.records = [...records].sort((a, b) => Date.parse(b.validatedAt) - Date.parse(a.validatedAt));
    } catch (error) {
      this.log.warn(`could not read the verdict history: ${error instanceof Error ? error.message : String(error)}`);
    }
    this.changed.fire();
  }

  all(): readonly VerdictRecord[] {
    return this.records;
  }

  /** The newest record for a project (PEP 503 names), for exactly `version` when given. */
  latestFor(name: string, version?: string): VerdictRecord | undefined {
    const wanted = normalizeName(name);
    return this.records.find((r) => normalizeName(r.name) === wanted && (version === undefined || r.version === version));
  }

  dispose(): void {
    this.changed.dispose();
  }
}
