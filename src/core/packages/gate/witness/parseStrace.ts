/** One system call from an `strace -f -ttt -y` trace (see straceCommand.ts). */
export interface Syscall {
  /** Thread id of the caller (strace -f prints thread ids). */
  tid: number;
  /** Wall-clock seconds when the call was entered. */
  t: number;
  name: string;
  /** The arguments as strace printed them. */
  args: string;
  /** What it returned as strace printed it: `3</tmp/x>`, `-1 ENOENT (No such file or directory)`, `?`. */
  result: string;
}

const LINE = /^(\d+)\s+(\d+(?:\.\d+)?)\s+(.*)$/;
const RESUMED = /^<\.\.\. (\w+) resumed>(.*)$/;
const UNFINISHED = ' <unfinished ...>';
const CALL = /^(\w+)\((.*)\)\s+=\s+(.*)$/s;

/**
 * The calls of a trace, in the order they were entered. A call another thread interrupted is printed in two parts
 * (`<unfinished ...>`, then `<... name resumed>`): they are put back together. Lines that are not a call (signals,
 * exits, a trace cut short) are skipped.
 */
export function parseStrace(text: string): Syscall[] {
  const calls: Syscall[] = [];
  const pending = new Map<number, { t: number; text: string; index: number }>();
  const placeholders: Array<Syscall | undefined> = [];
  for (const line of text.split('\n')) {
    const match = LINE.exec(line);
    if (!match) continue;
    const tid = Number(match[1]);
    const t = Number(match[2]);
    let rest = match[3];
    const resumed = RESUMED.exec(rest);
    if (resumed) {
      const start = pending.get(tid);
      if (!start) continue;
      pending.delete(tid);
      const call = toCall(tid, start.t, start.text + resumed[2]);
      placeholders[start.index] = call;
      continue;
    }
    if (rest.endsWith(UNFINISHED)) {
      rest = rest.slice(0, -UNFINISHED.length);
      pending.set(tid, { t, text: rest, index: placeholders.length });
      placeholders.push(undefined);
      continue;
    }
    placeholders.push(toCall(tid, t, rest));
  }
  for (const call of placeholders) if (call) calls.push(call);
  return calls;
}

function toCall(tid: number, t: number, text: string): Syscall | undefined {
  const match = CALL.exec(text);
  if (!match) return undefined;
  return { tid, t, name: match[1], args: match[2], result: match[3].trim() };
}

/** The C strings among a call's arguments, unescaped (`"..."` after a string strace cut short is dropped). */
export function quotedStrings(args: string): string[] {
  const found: string[] = [];
  const pattern = /"((?:[^"\\]|\\.)*)"/g;
  for (let match = pattern.exec(args); match; match = pattern.exec(args)) found.push(unescape(match[1]));
  return found;
}

function unescape(text: string): string {
  return text.replace(/\\(x[0-9a-fA-F]{2}|[0-7]{1,3}|.)/g, (_, code: string) => {
    if (code[0] === 'x') return String.fromCharCode(parseInt(code.slice(1), 16));
    if (/^[0-7]+$/.test(code)) return String.fromCharCode(parseInt(code, 8));
    return ({ n: '\n', t: '\t', r: '\r', v: '\v', f: '\f' } as Record<string, string>)[code] ?? code;
  });
}

/** The number a call returned, or undefined when it failed or returned none. */
export function returned(call: Syscall): number | undefined {
  const match = /^(-?\d+)/.exec(call.result);
  if (!match) return undefined;
  const value = Number(match[1]);
  return value < 0 ? undefined : value;
}
