/** Which Python ran something in a sandbox: shown in debug and profile headers so nobody guesses. */
export interface PythonIdentity {
  version: string;
  executable: string;
  prefix: string;
  /** Whether `prefix` is a virtual environment (sys.prefix != sys.base_prefix). */
  venv: boolean;
}

/** Python source that prints the identity as JSON on one line (run with `python3 -c`). */
export const PYTHON_IDENTITY_SCRIPT =
  "import json, sys; print(json.dumps({'version': sys.version.split()[0], 'executable': sys.executable, 'prefix': sys.prefix, 'venv': sys.prefix != sys.base_prefix}))";

/** The identity from the script's output (or a report's fields); undefined when it is not one. */
export function parsePythonIdentity(value: unknown): PythonIdentity | undefined {
  let data = value;
  if (typeof value === 'string') {
    try {
      data = JSON.parse(value.trim().split('\n').pop() ?? '');
    } catch {
      return undefined;
    }
  }
  const id = data as Partial<PythonIdentity> | null;
  if (!id || typeof id.version !== 'string' || typeof id.executable !== 'string' || typeof id.prefix !== 'string') return undefined;
  return { version: id.version, executable: id.executable, prefix: id.prefix, venv: Boolean(id.venv) };
}

/** `Python 3.11.2 (/usr/bin/python3, system environment /usr)` or `… (virtual environment /work/.venv)`. */
export function describePython(id: PythonIdentity): string {
  return `Python ${id.version} (${id.executable}, ${id.venv ? 'virtual environment' : 'system environment'} ${id.prefix})`;
}
