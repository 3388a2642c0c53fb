import { HEAD_BYTES } from './distFiles';

/** What both node streams (yauzl) and streamx streams (tar-stream) offer. */
export interface ByteStream {
  on(event: 'data', listener: (chunk: unknown) => void): unknown;
  once(event: 'end', listener: () => void): unknown;
  once(event: 'error', listener: (error: unknown) => void): unknown;
  removeAllListeners(event: 'data'): unknown;
  destroy(error?: Error): unknown;
}

/** Reads a stream whole, refusing to hold more than `maxBytes` (the entry then lied about its size). */
export function readAll(stream: ByteStream, maxBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    stream.on('data', (data: unknown) => {
      const chunk = data as Buffer;
      total += chunk.length;
      if (total > maxBytes) {
        stream.destroy(new Error(`entry expands past its declared ${maxBytes} bytes`));
        return;
      }
      chunks.push(chunk);
    });
    stream.once('error', reject);
    stream.once('end', () => resolve(Buffer.concat(chunks, total)));
  });
}

/** The first bytes of a stream; the rest is not decompressed. */
export function readHead(stream: ByteStream): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    const done = () => {
      stream.removeAllListeners('data');
      resolve(Buffer.concat(chunks, total).subarray(0, HEAD_BYTES));
    };
    stream.on('data', (data: unknown) => {
      const chunk = data as Buffer;
      chunks.push(chunk);
      total += chunk.length;
      if (total >= HEAD_BYTES) {
        done();
        stream.destroy();
      }
    });
    stream.once('error', (error) => (total >= HEAD_BYTES ? undefined : reject(error)));
    stream.once('end', done);
  });
}
