import type { DebugProtocol } from '@vscode/debugprotocol';

const HEADER_END = '\r\n\r\n';

/** One DAP message as it travels: `Content-Length: N\r\n\r\n` + N bytes of UTF-8 JSON. */
export function encodeDapMessage(message: DebugProtocol.ProtocolMessage): Buffer {
  const body = Buffer.from(JSON.stringify(message), 'utf8');
  return Buffer.concat([Buffer.from(`Content-Length: ${body.length}${HEADER_END}`, 'ascii'), body]);
}

/** Splits a byte stream into DAP messages; `push` chunks as they arrive. */
export class DapMessageReader {
  private buffer: Buffer = Buffer.alloc(0);

  constructor(
    private readonly onMessage: (message: DebugProtocol.ProtocolMessage) => void,
    private readonly onError: (error: Error) => void = () => {},
  ) {}

  push(chunk: Buffer): void {
    this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : chunk;
    for (;;) {
      const headerEnd = this.buffer.indexOf(HEADER_END);
      if (headerEnd < 0) return;
      const header = this.buffer.subarray(0, headerEnd).toString('ascii');
      const match = /Content-Length:\s*(\d+)/i.exec(header);
      if (!match) {
        this.onError(new Error(`a DAP header without Content-Length: ${JSON.stringify(header.slice(0, 200))}`));
        this.buffer = this.buffer.subarray(headerEnd + HEADER_END.length);
        continue;
      }
      const start = headerEnd + HEADER_END.length;
      const end = start + Number(match[1]);
      if (this.buffer.length < end) return;
      const body = this.buffer.subarray(start, end).toString('utf8');
      this.buffer = this.buffer.subarray(end);
      try {
        this.onMessage(JSON.parse(body) as DebugProtocol.ProtocolMessage);
      } catch (error) {
        this.onError(new Error(`a DAP message that is not JSON (${error instanceof Error ? error.message : String(error)}): ${body.slice(0, 200)}`));
      }
    }
  }
}
