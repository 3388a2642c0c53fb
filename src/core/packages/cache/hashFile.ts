import { createHash } from 'node:crypto';
import * as fs from 'node:fs';

/** sha256 of a file, streamed so that large wheels are not read into memory at once. */
export async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Copies `from` to `to` (created exclusively) and returns the sha256 of the bytes written, in one pass. */
export async function copyHashing(from: string, to: string): Promise<{ sha256: string; size: number }> {
  const hash = createHash('sha256');
  let size = 0;
  const out = fs.openSync(to, 'wx', 0o600);
  try {
    for await (const chunk of fs.createReadStream(from)) {
      const buffer = chunk as Buffer;
      hash.update(buffer);
      size += buffer.length;
      for (let written = 0; written < buffer.length; ) written += fs.writeSync(out, buffer, written);
    }
    fs.fsyncSync(out);
  } finally {
    fs.closeSync(out);
  }
  return { sha256: hash.digest('hex'), size };
}
