import type { PythonFacts } from './pythonFacts';

/** Python that does something worth hiding: runs code, fetches, starts processes or opens sockets. */
const ACTING_CODE = /\b(exec|eval)\s*\(|\b__import__\s*\(|\burlopen\s*\(|\brequests\.(get|post)\s*\(|\bsubprocess\.\w+\s*\(|\bos\.(system|popen|startfile)\s*\(|\bsocket\.socket\s*\(/;
const IMPORTS = /(^|[;\n])\s*(import\s+[A-Za-z_]|from\s+[A-Za-z_][\w.]*\s+import\s)/;
const MAX_CODE = 100_000;
const MAX_PER_FILE = 20;

export interface CodeString {
  code: string;
  /** Line of the file the string starts on. */
  line: number;
}

/**
 * String literals that hold a Python program (imports, then code that executes, fetches or starts
 * processes), and strings decoded from literals that do: droppers write them to a file and run them
 * with the interpreter, or hand them to `python -c`. They are inspected like the file itself.
 */
export function codeStrings(facts: PythonFacts): CodeString[] {
  const out: CodeString[] = [];
  for (const str of facts.strings) {
    if (str.docstring || str.value.length < 30 || str.value.length > MAX_CODE) continue;
    if (!IMPORTS.test(str.value) || !ACTING_CODE.test(str.value)) continue;
    out.push({ code: str.value, line: str.line });
    if (out.length >= MAX_PER_FILE) break;
  }
  return out;
}
