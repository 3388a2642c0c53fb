import * as fs from 'node:fs';

/** This process's hard limit named as in /proc/self/limits ("Max processes"), or undefined when unlimited or unknown. */
export function hardLimit(name: string, limitsText = readLimits()): number | undefined {
  const line = limitsText.split('\n').find((l) => l.startsWith(name));
  const hard = line?.slice(name.length).trim().split(/\s+/)[1];
  return hard && /^\d+$/.test(hard) ? Number(hard) : undefined;
}

function readLimits(): string {
  try {
    return fs.readFileSync('/proc/self/limits', 'utf8');
  } catch {
    return '';
  }
}
