/**
 * Source references for files that exist only inside the sandbox (the interpreter's
 * standard library, site-packages): VS Code asks for their text with a `source` request.
 * Numbered from a high base so they never collide with the adapter's own references.
 */
export class SandboxSources {
  static readonly BASE = 1_000_000_000;
  private readonly byPath = new Map<string, number>();
  private readonly byReference = new Map<number, string>();

  reference(sandboxPath: string): number {
    let reference = this.byPath.get(sandboxPath);
    if (reference === undefined) {
      reference = SandboxSources.BASE + this.byPath.size + 1;
      this.byPath.set(sandboxPath, reference);
      this.byReference.set(reference, sandboxPath);
    }
    return reference;
  }

  /** The sandbox path behind one of our references, or undefined for the adapter's own. */
  pathOf(reference: number | undefined): string | undefined {
    return reference === undefined ? undefined : this.byReference.get(reference);
  }
}
