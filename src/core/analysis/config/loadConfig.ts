import * as fs from 'node:fs';
import * as path from 'node:path';
import { minimumPythonVersion, type PythonVersion } from '../imports/pythonVersion';
import type { AnalysisConfig } from './analysisConfig';
import { readBanditIni, readBanditTable } from './banditSettings';
import { ConfigError } from './configError';
import type { ConfigLayer } from './configLayer';
import { findNearestPyproject, findUp } from './findConfigFiles';
import { mergeConfig } from './mergeConfig';
import { readSnakepitSettings } from './snakepitSettings';
import { asTomlSyntaxError, parseToml, type TomlTable } from './toml';

export interface LoadedConfig {
  readonly config: AnalysisConfig;
  /** The configuration files read (pyproject.toml, .bandit). */
  readonly files: readonly string[];
  /** Problems found; the scan runs with the other layers' values (or defaults) in their place. */
  readonly errors: readonly ConfigError[];
}

/**
 * The configuration for files at or below `start` (a file or directory): the nearest
 * pyproject.toml's `[tool.snakepit]` and `[tool.bandit]`, a `.bandit` INI file between
 * `start` and that pyproject's directory, and `cli` flags on top. Never throws for a
 * bad file: problems come back in `errors`.
 */
export function loadConfig(start: string, cli: ConfigLayer = {}): LoadedConfig {
  const errors: ConfigError[] = [];
  const files: string[] = [];
  const pyprojectPath = findNearestPyproject(start);
  const root = pyprojectPath ? path.dirname(pyprojectPath) : path.resolve(start);
  let snakepit: ConfigLayer = {};
  let banditFromPyproject: ConfigLayer = {};
  let requiresPython: PythonVersion | undefined;

  const document = pyprojectPath ? readToml(pyprojectPath, errors) : undefined;
  if (pyprojectPath && document) {
    files.push(pyprojectPath);
    const tool = tableOf(document.tool);
    snakepit = readSnakepitSettings(tool?.snakepit, pyprojectPath, errors);
    banditFromPyproject = readBanditTable(tool?.bandit, pyprojectPath, errors);
    const requires = tableOf(document.project)?.['requires-python'];
    if (typeof requires === 'string') requiresPython = minimumPythonVersion(requires);
  }

  let banditIni: ConfigLayer = {};
  const banditIniPath = findUp('.bandit', start, pyprojectPath ? root : undefined);
  const banditText = banditIniPath ? readText(banditIniPath, errors) : undefined;
  if (banditIniPath && banditText !== undefined) {
    files.push(banditIniPath);
    banditIni = readBanditIni(banditText, banditIniPath, errors);
  }

  const bandit: ConfigLayer = { ...banditIni, ...banditFromPyproject };
  return { config: mergeConfig(root, { cli, snakepit, bandit, requiresPython }), files, errors };
}

function readText(file: string, errors: ConfigError[]): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    errors.push(new ConfigError(file, '(file)', `cannot be read (${(error as Error).message})`, 'Check its permissions; Snakepit uses its defaults meanwhile.'));
    return undefined;
  }
}

function readToml(file: string, errors: ConfigError[]): TomlTable | undefined {
  const text = readText(file, errors);
  if (text === undefined) return undefined;
  try {
    return parseToml(text);
  } catch (error) {
    const syntax = asTomlSyntaxError(error);
    if (!syntax) {
      errors.push(new ConfigError(file, '(syntax)', `could not be parsed (${String(error)})`, 'Fix the file; until then Snakepit ignores it and uses its defaults.'));
      return undefined;
    }
    errors.push(
      new ConfigError(
        file,
        '(syntax)',
        `is not valid TOML: ${syntax.message.replace(/^Invalid TOML document: /, '')} at line ${syntax.line}, column ${syntax.column}`,
        'Fix the syntax; until then Snakepit ignores this file and uses its defaults.',
        syntax.line,
      ),
    );
    return undefined;
  }
}

function tableOf(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}
