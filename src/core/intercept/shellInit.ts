import * as fs from 'node:fs';
import * as path from 'node:path';
import { isShimDir } from './realTool';

export const SHELLS = ['bash', 'zsh', 'fish', 'powershell'] as const;
export type Shell = (typeof SHELLS)[number];

/** Interactive commands also guarded by a shell function: a venv activated later puts its bin/ before the shims on PATH, but functions come before PATH. */
const FUNCTIONS = ['pip', 'pip3', 'python', 'python3', 'uv', 'pipx'];

const sq = (value: string) => `'${value.replace(/'/g, `'\\''`)}'`;

/**
 * What `eval "$(snakepit shell-init SHELL)"` runs: the shim dir first on PATH (once), and functions for the
 * usual names so that activating a virtual environment afterwards does not step around the shims. Nothing
 * is written to rc files; `snakepit shell-init --off SHELL` prints the undo.
 */
export function shellInit(shell: Shell, shimDir: string): string {
  switch (shell) {
    case 'bash':
    case 'zsh':
      return [
        `export SNAKEPIT_SHIMS=${sq(shimDir)}`,
        // Moved to the front when already there (run again after activating a venv).
        `PATH=":$PATH:"; PATH=\${PATH//:${sq(shimDir)}:/:}; PATH=\${PATH#:}; PATH=\${PATH%:}; export PATH=${sq(shimDir)}\${PATH:+:$PATH}`,
        'export SNAKEPIT_SHELL_FUNCTIONS=1',
        ...FUNCTIONS.map((name) => `${name}() { ${sq(path.join(shimDir, name))} "$@"; }`),
        '',
      ].join('\n');
    case 'fish':
      return [
        `set -gx SNAKEPIT_SHIMS ${sq(shimDir)}`,
        `set -gx PATH ${sq(shimDir)} (string match -v -- ${sq(shimDir)} $PATH)`,
        'set -gx SNAKEPIT_SHELL_FUNCTIONS 1',
        ...FUNCTIONS.map((name) => `function ${name}; ${sq(path.join(shimDir, name))} $argv; end`),
        '',
      ].join('\n');
    case 'powershell': {
      const ps = (value: string) => `'${value.replace(/'/g, "''")}'`;
      return [
        `$env:SNAKEPIT_SHIMS = ${ps(shimDir)}`,
        `$env:PATH = (@(${ps(shimDir)}) + ($env:PATH -split [IO.Path]::PathSeparator | Where-Object { $_ -ne ${ps(shimDir)} })) -join [IO.Path]::PathSeparator`,
        '$env:SNAKEPIT_SHELL_FUNCTIONS = "1"',
        ...FUNCTIONS.map((name) => `function ${name} { & ${ps(path.join(shimDir, name))} @args }`),
        '',
      ].join('\n');
    }
  }
}

/** Undoes {@link shellInit} in the current shell. */
export function shellOff(shell: Shell, shimDir: string): string {
  switch (shell) {
    case 'bash':
    case 'zsh':
      return [`unset -f ${FUNCTIONS.join(' ')} 2>/dev/null`, `PATH=$(printf %s ":$PATH:" | sed "s|:${shimDir.replace(/[|&\\]/g, '\\$&')}:|:|g; s|^:||; s|:$||")`, 'export PATH', 'unset SNAKEPIT_SHIMS SNAKEPIT_SHELL_FUNCTIONS', ''].join('\n');
    case 'fish':
      return [...FUNCTIONS.map((n) => `functions -e ${n}`), `set -gx PATH (string match -v -- ${sq(shimDir)} $PATH)`, 'set -e SNAKEPIT_SHIMS SNAKEPIT_SHELL_FUNCTIONS', ''].join('\n');
    case 'powershell':
      return [...FUNCTIONS.map((n) => `Remove-Item function:${n} -ErrorAction SilentlyContinue`), `$env:PATH = ($env:PATH -split [IO.Path]::PathSeparator | Where-Object { $_ -ne '${shimDir.replace(/'/g, "''")}' }) -join [IO.Path]::PathSeparator`, ''].join('\n');
  }
}

/**
 * The same functions for a process environment: bash defines a function from each `BASH_FUNC_<name>%%` variable
 * whose value starts with `() {`, so every bash started with it (interactive or not) keeps installs on the shims
 * after a venv is activated, with nothing sourced. How VS Code's terminals get them through the extension's
 * environment variable collection; other shells ignore the variables.
 */
export function exportedBashFunctions(shimDir: string): Record<string, string> {
  return Object.fromEntries(FUNCTIONS.map((name) => [`BASH_FUNC_${name}%%`, `() {  ${sq(path.join(shimDir, name))} "$@"\n}`]));
}

/**
 * For `snakepit intercept`: a file for BASH_ENV (read by every non-interactive bash) defining the functions,
 * so `. venv/bin/activate && pip install …` inside a script still reaches the shims. A BASH_ENV the user had
 * is sourced first.
 */
export function bashEnvFile(shimDir: string, userBashEnv: string | undefined): string {
  const file = path.join(shimDir, 'bash_env.sh');
  const text = [
    '# Written by snakepit intercept: shell functions that keep pip/python/uv on the shims after a venv is activated.',
    ...(userBashEnv ? [`. ${sq(userBashEnv)}`] : []),
    ...FUNCTIONS.map((name) => `${name}() { ${sq(path.join(shimDir, name))} "$@"; }`),
    '',
  ].join('\n');
  const temp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temp, text);
  fs.renameSync(temp, file);
  return file;
}

export interface GuardCheck {
  guarded: boolean;
  /** One line per program: where it resolves on PATH. */
  lines: string[];
}

/**
 * Whether installs typed in this shell reach the shims: for each program, the first match on PATH must be
 * in a shim directory. A process sees PATH, not the shell's functions: when shell-init's functions are
 * there (SNAKEPIT_SHELL_FUNCTIONS) interactive commands are guarded even if PATH is not, and it says so.
 */
export function checkGuard(env: NodeJS.ProcessEnv): GuardCheck {
  const lines: string[] = [];
  let guarded = true;
  for (const name of ['pip', 'pip3', 'python', 'python3', 'uv']) {
    const first = firstOnPath(name, env.PATH ?? '');
    if (!first) {
      lines.push(`${name}: not on PATH`);
      continue;
    }
    const shim = isShimDir(path.dirname(first));
    if (!shim) guarded = false;
    lines.push(`${name}: ${shim ? 'guarded' : 'NOT guarded'} (${first})`);
  }
  if (!guarded && env.SNAKEPIT_SHELL_FUNCTIONS === '1') lines.push('shell functions from shell-init guard what is typed at this prompt, but scripts and other programs find the tools above first (a virtual environment activated after shell-init?): run `eval "$(snakepit shell-init SHELL)"` again');
  return { guarded, lines };
}

function firstOnPath(name: string, searchPath: string): string | undefined {
  for (const entry of searchPath.split(path.delimiter)) {
    const candidate = path.join(entry || '.', name);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      if (fs.statSync(candidate).isFile()) return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}
