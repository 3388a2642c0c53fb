/** A word of an option string, split as Python's `shlex.split` does (pip splits option text this way). */
export interface ShellWord {
  value: string;
  /** Offsets of the word as written, quotes included: `[start, end)`. */
  start: number;
  end: number;
}

export type ShellSplitResult = { words: ShellWord[] } | { error: string; offset: number };

/** POSIX shell-like splitting: whitespace separates, quotes group, backslash escapes. */
export function splitShellWords(text: string, offset = 0): ShellSplitResult {
  const words: ShellWord[] = [];
  let i = 0;
  while (i < text.length) {
    if (/\s/.test(text[i])) {
      i++;
      continue;
    }
    const start = i;
    let value = '';
    while (i < text.length && !/\s/.test(text[i])) {
      const ch = text[i];
      if (ch === "'" || ch === '"') {
        const close = findClosingQuote(text, i + 1, ch);
        if (close < 0) {
          return { error: `unclosed ${ch === '"' ? 'double' : 'single'} quote`, offset: offset + i };
        }
        const inner = text.slice(i + 1, close);
        value += ch === '"' ? inner.replace(/\\([\\"$`])/g, '$1') : inner;
        i = close + 1;
      } else if (ch === '\\' && i + 1 < text.length) {
        value += text[i + 1];
        i += 2;
      } else {
        value += ch;
        i++;
      }
    }
    words.push({ value, start: offset + start, end: offset + i });
  }
  return { words };
}

function findClosingQuote(text: string, from: number, quote: string): number {
  for (let i = from; i < text.length; i++) {
    if (quote === '"' && text[i] === '\\') {
      i++;
    } else if (text[i] === quote) {
      return i;
    }
  }
  return -1;
}
