import type { OptionDef, OptionKey } from './optionTable';

export interface ScannedOption {
  key: OptionKey;
  /** The option as matched (`--requirement`), not as abbreviated. */
  name: string;
  value?: string;
}

export interface ScanResult {
  options: ScannedOption[];
  positionals: string[];
  /** With `stopAtPositional`: the arguments from the first positional on, untouched. */
  rest: string[];
}

export interface ScanRules {
  /** optparse and argparse accept a unique prefix of a long option (`--upgr`); clap (uv) does not. */
  abbreviations: boolean;
  /** Stop at the first positional (pip's main parser: general options, then the subcommand). */
  stopAtPositional?: boolean;
}

/** The command line means something the table does not know; the real tool decides what it means. */
export class UnknownOptionError extends Error {}

function findLong(written: string, defs: readonly OptionDef[], abbreviations: boolean): { def: OptionDef; name: string } {
  for (const def of defs) if (def.names.includes(written)) return { def, name: written };
  if (abbreviations) {
    const matches = defs.flatMap((def) => def.names.filter((n) => n.startsWith('--') && n.startsWith(written)).map((name) => ({ def, name })));
    // optparse compares names, not options: two spellings of one option make a prefix ambiguous too (pip: `--no-d`).
    if (matches.length === 1) return matches[0];
    if (matches.length > 1) throw new UnknownOptionError(`${written} is ambiguous (${matches.map((m) => m.name).join(', ')})`);
  }
  throw new UnknownOptionError(`no such option: ${written}`);
}

function findShort(letter: string, defs: readonly OptionDef[]): OptionDef {
  const def = defs.find((d) => d.names.includes(`-${letter}`));
  if (!def) throw new UnknownOptionError(`no such option: -${letter}`);
  return def;
}

/**
 * Splits a command line into options and positionals the way optparse/argparse/clap do: `--opt value`,
 * `--opt=value`, short clusters (`-qU`, `-rfile`), `--` ending the options, `-` alone a positional.
 * Throws {@link UnknownOptionError} for what the tool itself would reject.
 */
export function scanOptions(args: readonly string[], defs: readonly OptionDef[], rules: ScanRules): ScanResult {
  const options: ScannedOption[] = [];
  const positionals: string[] = [];
  const take = (def: OptionDef, written: string, value?: string) =>
    options.push({ key: def.key ?? 'other', name: def.names.find((n) => n.startsWith('--')) ?? written, ...(value !== undefined ? { value } : {}) });
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--') {
      if (rules.stopAtPositional) return { options, positionals, rest: args.slice(i) };
      positionals.push(...args.slice(i + 1));
      break;
    }
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      const written = eq >= 0 ? arg.slice(0, eq) : arg;
      const { def, name } = findLong(written, defs, rules.abbreviations);
      if (def.takesValue) {
        if (eq >= 0) take(def, name, arg.slice(eq + 1));
        else {
          if (i + 1 >= args.length) throw new UnknownOptionError(`${name} needs a value`);
          take(def, name, args[++i]);
        }
      } else {
        if (eq >= 0) throw new UnknownOptionError(`${name} takes no value`);
        take(def, name);
      }
      continue;
    }
    if (arg.startsWith('-') && arg.length > 1) {
      for (let j = 1; j < arg.length; j++) {
        const def = findShort(arg[j], defs);
        if (!def.takesValue) {
          take(def, `-${arg[j]}`);
          continue;
        }
        let value = arg.slice(j + 1);
        if (value.startsWith('=') && !rules.abbreviations) value = value.slice(1); // clap: -r=file
        if (value === '') {
          if (i + 1 >= args.length) throw new UnknownOptionError(`-${arg[j]} needs a value`);
          value = args[++i];
        }
        take(def, `-${arg[j]}`, value);
        break;
      }
      continue;
    }
    if (rules.stopAtPositional) return { options, positionals, rest: args.slice(i) };
    positionals.push(arg);
  }
  return { options, positionals, rest: [] };
}
