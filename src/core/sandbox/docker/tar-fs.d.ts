// tar-fs ships no types and @types/tar-fs is not installed: only what archive.ts uses.
declare module 'tar-fs' {
  import type { Readable, Writable } from 'node:stream';
  interface Header {
    name: string;
    type?: string;
    mode?: number;
    uid?: number;
    gid?: number;
  }
  interface PackOptions {
    entries?: string[];
    map?: (header: Header) => Header;
    dereference?: boolean;
  }
  interface ExtractOptions {
    map?: (header: Header) => Header;
    chown?: boolean;
  }
  export function pack(cwd: string, options?: PackOptions): Readable;
  export function extract(cwd: string, options?: ExtractOptions): Writable;
  /** A CommonJS module: what an ES module import() of it gives, whether Node or a bundle resolves it. */
  const tarFs: { pack: typeof pack; extract: typeof extract };
  export default tarFs;
}
