import type { InstallCommand, Installer, InstallLocation, ParsedCommand } from './installCommand';
import { PIP_GENERAL, PIP_INSTALL, PIPX_INSTALL, UV_ADD, UV_GLOBAL, UV_PIP_INSTALL, type OptionDef } from './optionTable';
import { scanOptions, UnknownOptionError, type ScannedOption } from './scanOptions';

/** The tools a shim stands in for. `pip3`, `pip3.11` are `pip`. */
export type Tool = 'pip' | 'uv' | 'pipx';

const pass = (reason: string): ParsedCommand => ({ kind: 'pass-through', reason });

/**
 * Reads `pip …`, `uv …` or `pipx …` (arguments after the program name) the way the tool would and says
 * whether it installs. Everything that does not install passes through; an install whose options cannot
 * be read is `unreadable` (refused: an option unknown here could change what is installed, or where).
 */
export function parseInstallCommand(tool: Tool, args: readonly string[]): ParsedCommand {
  try {
    if (tool === 'pip') return parsePip(args);
    if (tool === 'uv') return parseUv(args);
    return parsePipx(args);
  } catch (error) {
    if (error instanceof UnknownOptionError) return { kind: 'unreadable', message: error.message };
    throw error;
  }
}

/**
 * pip's main parser stops at the first positional (the subcommand) after the general options; pip then
 * removes the first argument equal to the subcommand's name and parses the rest with the subcommand's
 * options, general options included, interspersed with positionals (pip/_internal/cli/main_parser.py).
 */
function parsePip(args: readonly string[]): ParsedCommand {
  let general;
  try {
    general = scanOptions(args, PIP_GENERAL, { abbreviations: true, stopAtPositional: true });
  } catch {
    return pass('pip general options (pip reports its own errors)');
  }
  if (general.options.some((o) => o.key === 'version' || o.key === 'help')) return pass('pip --version/--help');
  const command = general.rest[0];
  if (command === undefined || command === '--') return pass('pip without a command');
  if (command !== 'install') return pass(`pip ${command}`);
  const rest = [...args];
  rest.splice(rest.indexOf(command), 1);
  const scanned = scanOptions(rest, [...PIP_GENERAL, ...PIP_INSTALL], { abbreviations: true });
  return installFrom('pip', scanned.options, scanned.positionals);
}

/** uv (clap): global options anywhere, no abbreviations; `uv pip install …` and `uv add …` install. */
function parseUv(args: readonly string[]): ParsedCommand {
  const first = scanOptions(args, UV_GLOBAL, { abbreviations: false, stopAtPositional: true });
  if (first.options.some((o) => o.key === 'version' || o.key === 'help')) return pass('uv --version/--help');
  const [command, ...afterCommand] = first.rest;
  if (command === 'add') return uvInstall('uv-add', afterCommand, UV_ADD, first.options);
  if (command !== 'pip') return pass(`uv ${command ?? '(no command)'}`);
  const second = scanOptions(afterCommand, UV_GLOBAL, { abbreviations: false, stopAtPositional: true });
  if (second.options.some((o) => o.key === 'version' || o.key === 'help')) return pass('uv pip --help');
  const [sub, ...afterSub] = second.rest;
  if (sub !== 'install') return pass(`uv pip ${sub ?? '(no command)'}`);
  return uvInstall('uv-pip', afterSub, UV_PIP_INSTALL, [...first.options, ...second.options]);
}

function uvInstall(installer: Installer, args: readonly string[], table: readonly OptionDef[], globals: ScannedOption[] = []): ParsedCommand {
  const scanned = scanOptions(args, [...UV_GLOBAL, ...table], { abbreviations: false });
  return installFrom(installer, [...globals, ...scanned.options], scanned.positionals);
}

/** pipx (argparse, abbreviations allowed): `pipx [-v|-q] install [options] SPEC…`. */
function parsePipx(args: readonly string[]): ParsedCommand {
  const globals: OptionDef[] = [
    { names: ['-h', '--help'], takesValue: false, key: 'help' },
    { names: ['--version'], takesValue: false, key: 'version' },
    { names: ['-v', '--verbose'], takesValue: false },
    { names: ['-q', '--quiet'], takesValue: false },
  ];
  const first = scanOptions(args, globals, { abbreviations: true, stopAtPositional: true });
  if (first.options.some((o) => o.key === 'version' || o.key === 'help')) return pass('pipx --version/--help');
  const [command, ...rest] = first.rest;
  if (command !== 'install') return pass(`pipx ${command ?? '(no command)'}`);
  const scanned = scanOptions(rest, PIPX_INSTALL, { abbreviations: true });
  return installFrom('pipx', scanned.options, scanned.positionals);
}

function installFrom(installer: Installer, options: ScannedOption[], positionals: string[]): ParsedCommand {
  const values = (key: ScannedOption['key']) => options.filter((o) => o.key === key).map((o) => o.value!);
  const last = (key: ScannedOption['key']) => values(key).at(-1);
  const has = (key: ScannedOption['key']) => options.some((o) => o.key === key);
  if (has('help')) return pass(`${installer} install --help`);
  if (has('version') && installer !== 'pip') return pass(`${installer} --version`);
  if (has('dryRun')) return pass(`${installer} install --dry-run (installs nothing)`);
  const command: InstallCommand = {
    kind: 'install',
    installer,
    specs: positionals,
    requirementFiles: values('requirement'),
    constraintFiles: values('constraint'),
    editables: values('editable'),
    indexUrl: last('indexUrl'),
    extraIndexUrls: values('extraIndexUrl'),
    findLinks: values('findLinks'),
    noIndex: has('noIndex'),
    location: locationOf(options),
    ...(last('root') ? { root: last('root') } : {}),
    upgrade: has('upgrade'),
    noDeps: has('noDeps'),
    pre: has('pre'),
    requireHashes: has('requireHashes'),
    ...(last('python') ? { python: last('python') } : {}),
    system: has('system'),
  };
  if (command.specs.length + command.requirementFiles.length + command.editables.length === 0) return pass(`${installer} install without requirements (the installer reports it)`);
  return command;
}

/** pip: `--target` and `--prefix` and `--user` exclude one another (pip refuses the mix; so do we, by picking the first pip checks). */
function locationOf(options: ScannedOption[]): InstallLocation {
  const target = options.filter((o) => o.key === 'target').at(-1)?.value;
  const prefix = options.filter((o) => o.key === 'prefix').at(-1)?.value;
  const user = options.some((o) => o.key === 'user');
  if ([target, prefix, user || undefined].filter(Boolean).length > 1) throw new UnknownOptionError('--user, --target and --prefix exclude one another; give one');
  if (target) return { kind: 'target', dir: target };
  if (prefix) return { kind: 'prefix', dir: prefix };
  if (user) return { kind: 'user' };
  return { kind: 'environment' };
}
