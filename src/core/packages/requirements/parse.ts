import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { preprocessRequirementsText, spanOf, type LogicalLine } from './logicalLines';
import { lookupOption, type OptionSpec } from './options';
import { REQUIREMENT_PROBLEMS, type RequirementProblemCode } from './problemCodes';
import { parseEditableSpec, parseRequirementSpec, type RequirementSpec } from './requirementSpec';
import { splitShellWords } from './shellWords';
import type { ParsedRequirements, Requirement, RequirementOptions, SourceLocation } from './types';

export interface ParseRequirementsOptions {
  /** Values for `${VAR}` (default: `process.env`). */
  env?: Record<string, string | undefined>;
  /** Reads included files (default: UTF-8 from disk). Throwing means "cannot read". */
  readFile?: (file: string) => string;
}

const HASH_LENGTHS: Record<string, number> = { sha256: 64, sha384: 96, sha512: 128 };

/** Parses the text of a pip requirements file named `file`, following `-r`/`-c` includes relative to it. */
export function parseRequirementsText(text: string, file: string, options: ParseRequirementsOptions = {}): ParsedRequirements {
  const parser = new RequirementsFileParser(options);
  parser.parseFile(text, file, false, [path.resolve(file)]);
  return parser.result;
}

/** Reads and parses a requirements file. Throws when the file itself cannot be read. */
export function parseRequirementsFile(file: string, options: ParseRequirementsOptions = {}): ParsedRequirements {
  const readFile = options.readFile ?? defaultReadFile;
  let text: string;
  try {
    text = readFile(file);
  } catch (error) {
    throw new Error(`Cannot read requirements file '${file}': ${errorText(error)}. Check the path (it is relative to the current directory).`);
  }
  return parseRequirementsText(text, file, options);
}

export function emptyRequirementOptions(): RequirementOptions {
  return { extraIndexUrls: [], findLinks: [], noIndex: false, pre: false, trustedHosts: [], noBinary: [], onlyBinary: [], preferBinary: false, requireHashes: false, useFeatures: [] };
}

function defaultReadFile(file: string): string {
  return readFileSync(file, 'utf8');
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** An option as found on a line, with where its name and value were written. */
interface WrittenOption {
  written: string;
  spec?: OptionSpec;
  value?: string;
  location: SourceLocation;
  valueLocation: SourceLocation;
}

class RequirementsFileParser {
  readonly result: ParsedRequirements = { requirements: [], options: emptyRequirementOptions(), problems: [], files: [], optionOccurrences: [] };
  private readonly env: Record<string, string | undefined>;
  private readonly readFile: (file: string) => string;

  constructor(options: ParseRequirementsOptions) {
    this.env = options.env ?? process.env;
    this.readFile = options.readFile ?? defaultReadFile;
  }

  parseFile(text: string, file: string, constraint: boolean, stack: string[]): void {
    this.result.files.push(file);
    const { lines, undefinedVariables } = preprocessRequirementsText(text, this.env, file);
    for (const variable of undefinedVariables) {
      this.problem(
        'REQ008',
        variable.location,
        `Environment variable ${variable.name} is not set (or empty), so pip keeps '\${${variable.name}}' as written: set it before installing, or write the value.`,
      );
    }
    for (const line of lines) {
      this.parseLine(line, file, constraint, stack);
    }
  }

  private problem(code: RequirementProblemCode, location: SourceLocation, message: string): void {
    this.result.problems.push({ location, severity: REQUIREMENT_PROBLEMS[code].severity, code, message });
  }

  private parseLine(line: LogicalLine, file: string, constraint: boolean, stack: string[]): void {
    // Like pip's break_args_options: the requirement ends at the first space-separated word starting with '-'.
    const optionStart = line.text.startsWith('-') ? 0 : line.text.search(/ -/) + 1 || line.text.length;
    const argsText = line.text.slice(0, optionStart).trimEnd();
    const written = this.readOptions(line, optionStart, file);
    if (written === undefined) {
      return;
    }
    if (argsText.length > 0) {
      this.addRequirementLine(line, argsText, written, file, constraint);
      return;
    }
    for (const option of written) {
      this.applyOption(option, line, file, constraint, stack);
    }
  }

  private readOptions(line: LogicalLine, optionStart: number, file: string): WrittenOption[] | undefined {
    const split = splitShellWords(line.text.slice(optionStart), optionStart);
    if ('error' in split) {
      this.problem('REQ005', spanOf(line.origins, split.offset, line.text.length, file), `Cannot split the options: ${split.error}. Close the quote or escape it with '\\'.`);
      return undefined;
    }
    const options: WrittenOption[] = [];
    const words = split.words;
    for (let i = 0; i < words.length; i++) {
      const word = words[i];
      const location = spanOf(line.origins, word.start, word.end, file);
      if (!word.value.startsWith('-')) {
        this.problem('REQ009', location, `'${word.value}' after the options is ignored by pip. Put each requirement on its own line, before its options.`);
        continue;
      }
      let name = word.value;
      let value: string | undefined;
      let valueLocation = location;
      if (name.startsWith('--')) {
        const equals = name.indexOf('=');
        if (equals >= 0) {
          value = name.slice(equals + 1);
          name = name.slice(0, equals);
          valueLocation = spanOf(line.origins, word.start + equals + 1, word.end, file);
        }
      } else if (name.length > 2) {
        value = name.slice(2);
        name = name.slice(0, 2);
        valueLocation = spanOf(line.origins, word.start + 2, word.end, file);
      }
      const lookup = lookupOption(name);
      if ('unknown' in lookup || 'ambiguous' in lookup) {
        const message =
          'ambiguous' in lookup
            ? `Option '${name}' is ambiguous (${lookup.ambiguous.join(', ')}): write it in full.`
            : `Unknown option '${name}': pip refuses the whole file. Requirements files accept ${knownOptionList()}; remove it or pass it to pip on the command line.`;
        this.problem('REQ004', location, message);
        this.result.optionOccurrences.push({ option: name, ...(value === undefined ? {} : { value }), location });
        continue;
      }
      const spec = lookup.spec;
      if (spec.takesValue && value === undefined) {
        const next = words[i + 1];
        if (next === undefined) {
          this.problem('REQ005', location, `Option '${spec.long}' needs a value, e.g. ${exampleOf(spec)}.`);
          continue;
        }
        value = next.value;
        valueLocation = spanOf(line.origins, next.start, next.end, file);
        i++;
      } else if (spec.takesValue && value === '') {
        this.problem('REQ005', location, `Option '${spec.long}' has an empty value: write it like ${exampleOf(spec)}.`);
        continue;
      } else if (!spec.takesValue && value !== undefined) {
        this.problem('REQ005', location, `Option '${spec.long}' takes no value: write '${spec.long}' alone.`);
        continue;
      }
      const fullLocation = { ...location, endLine: valueLocation.endLine, endColumn: valueLocation.endColumn };
      options.push({ written: name, spec, value, location: fullLocation, valueLocation });
      this.result.optionOccurrences.push({ option: spec.long, ...(value === undefined ? {} : { value }), location: fullLocation });
    }
    return options;
  }

  private addRequirementLine(line: LogicalLine, argsText: string, options: WrittenOption[], file: string, constraint: boolean): void {
    const spec = parseRequirementSpec(argsText);
    const location = spanOf(line.origins, 0, argsText.length, file);
    const requirement = this.buildRequirement(spec, argsText, location, line, false, constraint);
    this.reportSpecProblems(spec, line, 0, file);
    for (const option of options) {
      if (option.spec?.scope === 'requirement') {
        this.applyRequirementOption(requirement, option);
      } else {
        this.problem(
          'REQ009',
          option.location,
          `pip ignores '${option.written}' on a requirement line. Put '${option.written}${option.value === undefined ? '' : ` ${option.value}`}' on a line of its own.`,
        );
      }
    }
    this.result.requirements.push(requirement);
  }

  private buildRequirement(spec: RequirementSpec, text: string, location: SourceLocation, line: LogicalLine, editable: boolean, constraint: boolean): Requirement {
    const requirement: Requirement = {
      name: spec.name,
      displayName: spec.displayName,
      extras: spec.extras,
      specifier: spec.specifier,
      editable,
      hashes: [],
      perRequirementOptions: [],
      text,
      location,
      lineRange: { line: line.firstLine, endLine: line.lastLine },
      constraint,
    };
    if (spec.marker !== undefined) requirement.marker = spec.marker;
    if (spec.url !== undefined) requirement.url = spec.url;
    if (spec.path !== undefined) requirement.path = spec.path;
    return requirement;
  }

  private reportSpecProblems(spec: RequirementSpec, line: LogicalLine, offset: number, file: string): void {
    for (const problem of spec.problems) {
      const start = offset + problem.offset;
      this.problem(problem.code, spanOf(line.origins, start, start + problem.length, file), `${spec.displayName || 'Requirement'}: ${problem.message}.`);
    }
  }

  private applyRequirementOption(requirement: Requirement, option: WrittenOption): void {
    const value = option.value ?? '';
    if (option.spec?.long !== '--hash') {
      requirement.perRequirementOptions.push(`${option.spec?.long}=${value}`);
      return;
    }
    const [algorithm, digest] = value.includes(':') ? [value.slice(0, value.indexOf(':')), value.slice(value.indexOf(':') + 1)] : [value, ''];
    // pip compares the algorithm name exactly: `SHA256:` is refused.
    const expectedLength = Object.hasOwn(HASH_LENGTHS, algorithm) ? HASH_LENGTHS[algorithm] : undefined;
    if (expectedLength === undefined) {
      this.problem('REQ010', option.valueLocation, `'${value}' is not a hash pip accepts: write --hash=sha256:<64 hex digits> (sha384 and sha512 also work).`);
    } else if (!new RegExp(`^[0-9a-fA-F]{${expectedLength}}$`).test(digest)) {
      this.problem('REQ010', option.valueLocation, `The ${algorithm} digest '${digest}' should be ${expectedLength} hex digits (it has ${digest.length} characters): copy it again, e.g. from 'pip hash FILE'.`);
    } else {
      requirement.hashes.push(`${algorithm}:${digest.toLowerCase()}`);
      return;
    }
    // Keep the invalid value too: the requirement is still hash-checked and would fail to install.
    requirement.hashes.push(value);
  }

  private applyOption(option: WrittenOption, line: LogicalLine, file: string, constraint: boolean, stack: string[]): void {
    const spec = option.spec;
    const value = option.value ?? '';
    const options = this.result.options;
    switch (spec?.long) {
      case '--requirement':
      case '--constraint':
        // As pip: `-r` inside a constraints file includes requirements, not constraints.
        this.include(option, file, spec.long === '--constraint', stack);
        return;
      case '--editable':
        this.addEditable(option, line, constraint);
        return;
      case '--index-url':
        options.indexUrl = value;
        return;
      case '--extra-index-url':
        options.extraIndexUrls.push(value);
        return;
      case '--no-index':
        options.noIndex = true;
        return;
      case '--find-links':
        options.findLinks.push(findLinksLocation(value, file));
        return;
      case '--no-binary':
      case '--only-binary':
        this.addFormatControl(option, spec.long === '--no-binary' ? options.noBinary : options.onlyBinary);
        return;
      case '--prefer-binary':
        options.preferBinary = true;
        return;
      case '--require-hashes':
        options.requireHashes = true;
        return;
      case '--pre':
        options.pre = true;
        return;
      case '--trusted-host':
        options.trustedHosts.push(value);
        return;
      case '--use-feature':
        options.useFeatures.push(value);
        return;
      default:
        this.problem(
          'REQ009',
          option.location,
          `'${option.written}' applies to the requirement before it on the same line, and this line has none: write it after the requirement (continue the line with '\\' if it is long).`,
        );
    }
  }

  private addFormatControl(option: WrittenOption, target: string[]): void {
    for (const entry of (option.value ?? '').split(',')) {
      const name = entry.trim();
      if (name === ':all:' || name === ':none:' || /^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?$/.test(name)) {
        target.push(name);
      } else {
        this.problem('REQ005', option.valueLocation, `'${name}' is not valid for ${option.spec?.long}: give project names separated by commas, or :all: / :none:.`);
      }
    }
  }

  private addEditable(option: WrittenOption, line: LogicalLine, constraint: boolean): void {
    const text = option.value ?? '';
    const spec = parseEditableSpec(text);
    const requirement = this.buildRequirement(spec, text, option.valueLocation, line, true, constraint);
    for (const problem of spec.problems) {
      this.problem(problem.code, option.valueLocation, `${spec.displayName}: ${problem.message}.`);
    }
    if (constraint) {
      this.problem('REQ016', option.location, `Editable requirements are not allowed as constraints: move '-e ${text}' into a requirements file (-r), or constrain it by version instead.`);
      return;
    }
    if (spec.url !== undefined && spec.path === undefined && !/^[a-z]+\+/i.test(spec.url)) {
      this.problem('REQ001', option.valueLocation, `'-e ${text}': an editable requirement must be a local directory or a VCS URL (git+https://…); install archives without -e.`);
    }
    this.result.requirements.push(requirement);
  }

  private include(option: WrittenOption, file: string, constraint: boolean, stack: string[]): void {
    const target = option.value ?? '';
    const kind = option.spec?.long === '--constraint' ? 'constraints' : 'requirements';
    if (/^https?:\/\//i.test(target)) {
      this.problem('REQ006', option.location, `Snakepit does not download ${kind} files from URLs ('${target}'): download it, check it, and include the local copy.`);
      return;
    }
    let included: string;
    try {
      included = /^file:/i.test(target) ? fileURLToPath(target) : path.join(path.dirname(file), target);
    } catch (error) {
      this.problem('REQ006', option.valueLocation, `'${target}' is not a usable file: URL (${errorText(error)}): write a path relative to this file.`);
      return;
    }
    const identity = path.resolve(included);
    const cycleAt = stack.indexOf(identity);
    if (cycleAt >= 0) {
      const chain = [...stack.slice(cycleAt), identity].map((entry) => path.basename(entry)).join(' → ');
      this.problem('REQ007', option.location, `Include cycle: ${chain}. pip would read these files forever: remove one of the includes.`);
      return;
    }
    let text: string;
    try {
      text = this.readFile(included);
    } catch (error) {
      this.problem('REQ006', option.valueLocation, `Cannot read ${kind} file '${included}' (${errorText(error)}): the path is relative to ${path.basename(file)}; fix it or remove the line.`);
      return;
    }
    this.parseFile(text, included, constraint, [...stack, identity]);
  }
}

/** As pip: a relative find-links path that exists next to the requirements file is taken from there. */
function findLinksLocation(value: string, file: string): string {
  if (/^[A-Za-z][A-Za-z0-9+.-]*:/.test(value) || path.isAbsolute(value)) {
    return value;
  }
  const besideFile = path.join(path.dirname(path.resolve(file)), value);
  return existsSync(besideFile) ? besideFile : value;
}

function knownOptionList(): string {
  return '-r, -c, -e, -i/--index-url, --extra-index-url, --no-index, -f/--find-links, --no-binary, --only-binary, --prefer-binary, --pre, --trusted-host, --require-hashes, --use-feature, and per requirement --hash, --config-settings, --global-option';
}

function exampleOf(spec: OptionSpec): string {
  const examples: Record<string, string> = {
    '--index-url': '--index-url https://pypi.org/simple',
    '--extra-index-url': '--extra-index-url https://example.org/simple',
    '--requirement': '-r other-requirements.txt',
    '--constraint': '-c constraints.txt',
    '--editable': '-e ./path/to/project',
    '--find-links': '-f ./wheels',
    '--hash': '--hash=sha256:<64 hex digits>',
    '--no-binary': '--no-binary :all:',
    '--only-binary': '--only-binary :all:',
    '--trusted-host': '--trusted-host example.org',
  };
  return examples[spec.long] ?? `${spec.long}=VALUE`;
}
