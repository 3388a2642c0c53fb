import * as fs from 'node:fs';

/** Files larger than this are reported, not parsed: generated code of this size is no one's to review. */
export const DEFAULT_MAX_FILE_BYTES = 5 * 1024 * 1024;

export type SourceResult = { source: string; error?: undefined } | { source?: undefined; error: string };

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Reads a Python file as UTF-8 text, or says in one sentence why it cannot be scanned. */
export function readSource(file: string, maxBytes = DEFAULT_MAX_FILE_BYTES): SourceResult {
  let bytes: Buffer;
  try {
    const stat = fs.statSync(file);
    if (!stat.isFile()) return { error: 'not a regular file' };
    if (stat.size > maxBytes) return { error: `file is ${stat.size} bytes, over the ${maxBytes}-byte limit for scanning` };
    bytes = fs.readFileSync(file);
  } catch (error) {
    return { error: `cannot be read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}` };
  }
  return decodeSource(bytes);
}

export function decodeSource(bytes: Uint8Array): SourceResult {
  if (bytes.includes(0)) return { error: 'binary file (contains NUL bytes), not Python source' };
  try {
    // TextDecoder drops a UTF-8 BOM by default, as Python does.
    return { source: utf8.decode(bytes) };
  } catch {
    return { error: 'not valid UTF-8: re-save the file as UTF-8 (PEP 3120)' };
  }
}
