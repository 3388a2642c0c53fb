/** The options pip accepts in requirements files (pip's `req_file.SUPPORTED_OPTIONS` and `SUPPORTED_OPTIONS_REQ`). */
export interface OptionSpec {
  long: string;
  short?: string;
  takesValue: boolean;
  /** `file`: applies to the whole install; `requirement`: only after a requirement on the same line. */
  scope: 'file' | 'requirement';
}

export const REQUIREMENT_FILE_OPTIONS: readonly OptionSpec[] = [
  { long: '--index-url', short: '-i', takesValue: true, scope: 'file' },
  { long: '--extra-index-url', takesValue: true, scope: 'file' },
  { long: '--no-index', takesValue: false, scope: 'file' },
  { long: '--constraint', short: '-c', takesValue: true, scope: 'file' },
  { long: '--requirement', short: '-r', takesValue: true, scope: 'file' },
  { long: '--editable', short: '-e', takesValue: true, scope: 'file' },
  { long: '--find-links', short: '-f', takesValue: true, scope: 'file' },
  { long: '--no-binary', takesValue: true, scope: 'file' },
  { long: '--only-binary', takesValue: true, scope: 'file' },
  { long: '--prefer-binary', takesValue: false, scope: 'file' },
  { long: '--require-hashes', takesValue: false, scope: 'file' },
  { long: '--pre', takesValue: false, scope: 'file' },
  { long: '--trusted-host', takesValue: true, scope: 'file' },
  { long: '--use-feature', takesValue: true, scope: 'file' },
  { long: '--global-option', takesValue: true, scope: 'requirement' },
  { long: '--config-settings', takesValue: true, scope: 'requirement' },
  { long: '--hash', takesValue: true, scope: 'requirement' },
];

export type OptionLookup = { spec: OptionSpec } | { ambiguous: string[] } | { unknown: true };

/** Finds an option by its short form or long form; like optparse, a unique prefix of a long option counts. */
export function lookupOption(written: string): OptionLookup {
  if (!written.startsWith('--')) {
    const spec = REQUIREMENT_FILE_OPTIONS.find((option) => option.short === written);
    return spec ? { spec } : { unknown: true };
  }
  const exact = REQUIREMENT_FILE_OPTIONS.find((option) => option.long === written);
  if (exact) {
    return { spec: exact };
  }
  const prefixed = REQUIREMENT_FILE_OPTIONS.filter((option) => option.long.startsWith(written));
  if (prefixed.length === 1) {
    return { spec: prefixed[0] };
  }
  return prefixed.length > 1 ? { ambiguous: prefixed.map((option) => option.long) } : { unknown: true };
}
