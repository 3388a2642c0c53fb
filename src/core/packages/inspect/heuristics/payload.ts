const PYTHON_CODE = /\b(import\s+[a-z_]|exec\s*\(|eval\s*\(|os\.system|subprocess|socket\.|__import__|def\s+\w+\s*\()/;

/** What decoded bytes look like when they are worth hiding: compressed data, a program, or Python source. Undefined for plain data. */
export function looksLikeHiddenPayload(bytes: Buffer): string | undefined {
  if (bytes.length < 16) return undefined;
  const b0 = bytes[0];
  const b1 = bytes[1];
  if (b0 === 0x78 && (b1 === 0x01 || b1 === 0x5e || b1 === 0x9c || b1 === 0xda)) return 'zlib-compressed data';
  if (b0 === 0x1f && b1 === 0x8b) return 'gzip-compressed data';
  if (bytes.subarray(0, 3).toString('latin1') === 'BZh') return 'bzip2-compressed data';
  if (bytes.subarray(0, 6).equals(Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]))) return 'xz-compressed data';
  const kind = executableKind(bytes);
  if (kind) return `a ${kind} program`;
  const text = bytes.toString('latin1');
  let printable = 0;
  for (let i = 0; i < Math.min(text.length, 4096); i++) {
    const c = text.charCodeAt(i);
    if ((c >= 0x20 && c < 0x7f) || c === 0x0a || c === 0x0d || c === 0x09) printable++;
  }
  if (printable / Math.min(text.length, 4096) > 0.95 && PYTHON_CODE.test(text)) return 'Python code';
  return undefined;
}

/** ELF / PE / Mach-O by magic number. */
export function executableKind(head: Buffer | undefined): 'ELF' | 'PE' | 'Mach-O' | undefined {
  if (!head || head.length < 4) return undefined;
  // ELF: magic, then class (1 = 32-bit, 2 = 64-bit) and byte order (1, 2).
  if (head[0] === 0x7f && head[1] === 0x45 && head[2] === 0x4c && head[3] === 0x46 && (head.length < 6 || ((head[4] === 1 || head[4] === 2) && (head[5] === 1 || head[5] === 2)))) return 'ELF';
  // PE: "MZ" and a plausible offset of the PE header at 0x3c (a text file starting with "MZ" has ASCII there).
  if (head[0] === 0x4d && head[1] === 0x5a && head.length >= 64) {
    const peOffset = head.readUInt32LE(0x3c);
    if (peOffset >= 0x40 && peOffset < 0x1000) return 'PE';
  }
  const magic = head.readUInt32BE(0);
  if (magic === 0xfeedface || magic === 0xfeedfacf || magic === 0xcefaedfe || magic === 0xcffaedfe || magic === 0xcafebabe) return 'Mach-O';
  return undefined;
}
