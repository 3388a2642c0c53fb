import * as fs from 'node:fs';
import * as path from 'node:path';

export type ShellKind = 'bash' | 'zsh' | 'fish';
export const SHELLS: readonly ShellKind[] = ['bash', 'zsh', 'fish'];

const quote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;
const fishQuote = (text: string) => `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

/** The prompt prefix: plain text, no colour codes, no characters a prompt would expand (`%`, `$`, `\`, backquotes). */
export function promptPrefix(name: string): string {
  return `(snakepit:${name.replace(/[^\w.:@/+-]/g, '_')}) `;
}

/**
 * Shell code that activates the environment the way venv's own activate scripts do (VIRTUAL_ENV,
 * PATH, PYTHONHOME unset) with the prompt `(snakepit:NAME) `, and defines `deactivate` to undo all of it.
 */
export function activationScript(shell: ShellKind, name: string, prefix: string, binDir = 'bin'): string {
  const prompt = promptPrefix(name);
  if (shell === 'fish') {
    return [
      'set -gx _SNAKEPIT_OLD_PATH $PATH',
      `set -gx VIRTUAL_ENV ${fishQuote(prefix)}`,
      `set -gx VIRTUAL_ENV_PROMPT ${fishQuote(prompt.trim())}`,
      `set -gx PATH "$VIRTUAL_ENV/${binDir}" $PATH`,
      'set -e PYTHONHOME',
      'functions -q fish_prompt; and functions -c fish_prompt _snakepit_old_fish_prompt',
      `function fish_prompt; printf '%s' ${fishQuote(prompt)}; functions -q _snakepit_old_fish_prompt; and _snakepit_old_fish_prompt; end`,
      'function deactivate',
      '  set -gx PATH $_SNAKEPIT_OLD_PATH; set -e _SNAKEPIT_OLD_PATH; set -e VIRTUAL_ENV; set -e VIRTUAL_ENV_PROMPT',
      '  functions -e fish_prompt',
      '  functions -q _snakepit_old_fish_prompt; and functions -c _snakepit_old_fish_prompt fish_prompt; and functions -e _snakepit_old_fish_prompt',
      '  functions -e deactivate',
      'end',
      '',
    ].join('\n');
  }
  return [
    '_SNAKEPIT_OLD_PATH="$PATH"',
    '_SNAKEPIT_OLD_PS1="${PS1-}"',
    `VIRTUAL_ENV=${quote(prefix)}; export VIRTUAL_ENV`,
    `VIRTUAL_ENV_PROMPT=${quote(prompt.trim())}; export VIRTUAL_ENV_PROMPT`,
    `PATH="$VIRTUAL_ENV/${binDir}:$PATH"; export PATH`,
    'unset PYTHONHOME',
    `PS1=${quote(prompt)}"\${PS1-}"`,
    'deactivate() {',
    '  PATH="$_SNAKEPIT_OLD_PATH"; export PATH',
    '  PS1="$_SNAKEPIT_OLD_PS1"',
    '  unset VIRTUAL_ENV VIRTUAL_ENV_PROMPT _SNAKEPIT_OLD_PATH _SNAKEPIT_OLD_PS1',
    '  unset -f deactivate',
    '  hash -r 2>/dev/null',
    '}',
    'hash -r 2>/dev/null',
    '',
  ].join('\n');
}

/** A file the shell reads at start (bash --rcfile, zsh $ZDOTDIR/.zshrc, fish --init-command): the user's own startup file first, then the activation. */
export function shellStartup(shell: ShellKind, activation: string): string {
  if (shell === 'bash') return `[ -f "$HOME/.bashrc" ] && . "$HOME/.bashrc"\n${activation}`;
  if (shell === 'zsh') return `[ -f "\${SNAKEPIT_USER_ZDOTDIR:-$HOME}/.zshrc" ] && . "\${SNAKEPIT_USER_ZDOTDIR:-$HOME}/.zshrc"\n${activation}`;
  return activation;
}

/**
 * Writes the startup file into `dir` (which the caller removes when the shell ends) and says how to start an
 * interactive shell on it: its arguments, and the variables to add to its environment (`userEnv`: the one it would get).
 */
export function shellLaunch(shell: ShellKind, activation: string, dir: string, userEnv: NodeJS.ProcessEnv = process.env): { args: string[]; env: Record<string, string> } {
  const startup = shellStartup(shell, activation);
  if (shell === 'bash') {
    fs.writeFileSync(path.join(dir, 'rc'), startup);
    return { args: ['--rcfile', path.join(dir, 'rc'), '-i'], env: {} };
  }
  if (shell === 'zsh') {
    fs.writeFileSync(path.join(dir, '.zshrc'), startup);
    return { args: ['-i'], env: { ZDOTDIR: dir, ...(userEnv.ZDOTDIR ? { SNAKEPIT_USER_ZDOTDIR: userEnv.ZDOTDIR } : {}) } };
  }
  fs.writeFileSync(path.join(dir, 'activate.fish'), startup);
  return { args: ['-i', '--init-command', `source ${JSON.stringify(path.join(dir, 'activate.fish'))}`], env: {} };
}
