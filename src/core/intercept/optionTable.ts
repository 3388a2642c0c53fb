/** One command-line option as an installer declares it. */
export interface OptionDef {
  /** Every spelling: `-r`, `--requirement`. */
  names: readonly string[];
  takesValue: boolean;
  /** What the option means to the gate; options without a key are accepted and ignored. */
  key?: OptionKey;
}

export type OptionKey =
  | 'requirement'
  | 'constraint'
  | 'editable'
  | 'indexUrl'
  | 'extraIndexUrl'
  | 'findLinks'
  | 'noIndex'
  | 'target'
  | 'user'
  | 'prefix'
  | 'root'
  | 'upgrade'
  | 'noDeps'
  | 'pre'
  | 'requireHashes'
  | 'dryRun'
  | 'help'
  | 'version'
  | 'python'
  | 'system'
  | 'isolated'
  | 'other';

const flag = (names: string[], key?: OptionKey): OptionDef => ({ names, takesValue: false, key });
const value = (names: string[], key?: OptionKey): OptionDef => ({ names, takesValue: true, key });

/** pip's general options (pip/_internal/cli/cmdoptions.py general_group), valid before and after the subcommand. */
export const PIP_GENERAL: readonly OptionDef[] = [
  flag(['-h', '--help'], 'help'),
  flag(['--debug']),
  flag(['--isolated'], 'isolated'),
  flag(['--require-virtualenv', '--require-venv']),
  value(['--python'], 'python'),
  flag(['-v', '--verbose']),
  flag(['-V', '--version'], 'version'),
  flag(['-q', '--quiet']),
  value(['--log', '--log-file', '--local-log']),
  flag(['--no-input']),
  value(['--keyring-provider']),
  value(['--proxy']),
  value(['--retries']),
  value(['--timeout', '--default-timeout']),
  value(['--exists-action']),
  value(['--trusted-host']),
  value(['--cert']),
  value(['--client-cert']),
  value(['--cache-dir']),
  flag(['--no-cache-dir']),
  flag(['--disable-pip-version-check']),
  flag(['--no-color']),
  flag(['--no-python-version-warning']),
  value(['--use-feature']),
  value(['--use-deprecated']),
  value(['--resume-retries']),
];

/** `pip install`'s own options and its index group (pip/_internal/commands/install.py). */
export const PIP_INSTALL: readonly OptionDef[] = [
  value(['-r', '--requirement'], 'requirement'),
  value(['-c', '--constraint'], 'constraint'),
  value(['-e', '--editable'], 'editable'),
  value(['-t', '--target'], 'target'),
  value(['--platform']),
  value(['--python-version']),
  value(['--implementation']),
  value(['--abi']),
  flag(['--user'], 'user'),
  value(['--root'], 'root'),
  value(['--prefix'], 'prefix'),
  value(['--src', '--source', '--source-dir', '--source-directory']),
  flag(['-U', '--upgrade'], 'upgrade'),
  value(['--upgrade-strategy']),
  flag(['--force-reinstall']),
  flag(['-I', '--ignore-installed']),
  flag(['--ignore-requires-python']),
  flag(['--no-build-isolation']),
  flag(['--use-pep517']),
  flag(['--no-use-pep517']),
  flag(['--check-build-dependencies']),
  flag(['--break-system-packages']),
  value(['-C', '--config-settings']),
  value(['--global-option']),
  flag(['--compile']),
  flag(['--no-compile']),
  flag(['--no-warn-script-location']),
  flag(['--no-warn-conflicts']),
  value(['--no-binary']),
  value(['--only-binary']),
  flag(['--prefer-binary']),
  flag(['--require-hashes'], 'requireHashes'),
  value(['--progress-bar']),
  value(['--root-user-action']),
  value(['--report']),
  value(['--group']),
  flag(['--no-deps', '--no-dependencies'], 'noDeps'),
  flag(['--pre'], 'pre'),
  flag(['--dry-run'], 'dryRun'),
  flag(['--no-clean']),
  value(['-i', '--index-url'], 'indexUrl'),
  value(['--extra-index-url'], 'extraIndexUrl'),
  flag(['--no-index'], 'noIndex'),
  value(['-f', '--find-links'], 'findLinks'),
];

/** uv's global options (any subcommand). */
export const UV_GLOBAL: readonly OptionDef[] = [
  flag(['-h', '--help'], 'help'),
  flag(['-V', '--version'], 'version'),
  flag(['-q', '--quiet']),
  flag(['-v', '--verbose']),
  value(['--color']),
  flag(['--native-tls']),
  flag(['--offline']),
  flag(['--no-offline']),
  value(['--allow-insecure-host']),
  flag(['--no-progress']),
  value(['--directory']),
  value(['--project']),
  value(['--config-file']),
  flag(['--no-config']),
  value(['--cache-dir']),
  flag(['-n', '--no-cache']),
  flag(['--preview']),
  flag(['--no-preview']),
  flag(['--managed-python']),
  flag(['--no-managed-python']),
  flag(['--no-python-downloads']),
  flag(['--show-settings']),
];

const UV_INDEX: readonly OptionDef[] = [
  value(['-i', '--index-url', '--default-index'], 'indexUrl'),
  value(['--extra-index-url', '--index'], 'extraIndexUrl'),
  value(['-f', '--find-links'], 'findLinks'),
  flag(['--no-index'], 'noIndex'),
  value(['--index-strategy']),
  value(['--keyring-provider']),
  flag(['-U', '--upgrade'], 'upgrade'),
  value(['-P', '--upgrade-package']),
  flag(['--reinstall']),
  value(['--reinstall-package']),
  value(['--resolution']),
  value(['--prerelease']),
  flag(['--pre'], 'pre'),
  value(['--exclude-newer']),
  value(['--no-binary']),
  value(['--only-binary']),
  flag(['--no-build']),
  flag(['--no-build-isolation']),
  value(['--no-build-isolation-package']),
  value(['-C', '--config-setting']),
  value(['--link-mode']),
  flag(['--compile-bytecode']),
  flag(['--no-compile-bytecode']),
  flag(['--refresh']),
  value(['--refresh-package']),
  flag(['--no-sources']),
  value(['--torch-backend']),
];

/** `uv pip install`. */
export const UV_PIP_INSTALL: readonly OptionDef[] = [
  ...UV_INDEX,
  value(['-r', '--requirements', '--requirement'], 'requirement'),
  value(['-c', '--constraints', '--constraint'], 'constraint'),
  value(['--overrides', '--override']),
  value(['-e', '--editable'], 'editable'),
  value(['--extra']),
  flag(['--all-extras']),
  value(['--group']),
  flag(['--no-deps'], 'noDeps'),
  flag(['--require-hashes'], 'requireHashes'),
  flag(['--no-verify-hashes']),
  value(['-p', '--python'], 'python'),
  flag(['--system'], 'system'),
  flag(['--break-system-packages']),
  value(['--target'], 'target'),
  value(['--prefix'], 'prefix'),
  flag(['--user'], 'user'),
  value(['--python-version']),
  value(['--python-platform']),
  flag(['--strict']),
  flag(['--dry-run'], 'dryRun'),
  flag(['--exact']),
];

/** `uv add`. */
export const UV_ADD: readonly OptionDef[] = [
  ...UV_INDEX,
  value(['-r', '--requirements'], 'requirement'),
  value(['-c', '--constraints'], 'constraint'),
  flag(['--dev']),
  value(['--optional']),
  value(['--group']),
  flag(['--editable']),
  flag(['--no-editable']),
  value(['--raw-sources', '--raw']),
  value(['--bounds']),
  value(['--rev']),
  value(['--tag']),
  value(['--branch']),
  value(['--extra']),
  flag(['--no-sync']),
  flag(['--locked']),
  flag(['--frozen']),
  flag(['--active']),
  value(['--package']),
  value(['--script']),
  value(['-p', '--python'], 'python'),
  flag(['--workspace']),
  flag(['--no-workspace']),
  flag(['--dry-run'], 'dryRun'),
];

/** `pipx install` (pipx 1.x). */
export const PIPX_INSTALL: readonly OptionDef[] = [
  flag(['-h', '--help'], 'help'),
  flag(['-q', '--quiet']),
  flag(['-v', '--verbose']),
  flag(['--include-deps']),
  flag(['-f', '--force']),
  value(['--suffix']),
  value(['--python'], 'python'),
  flag(['--fetch-missing-python']),
  flag(['--system-site-packages']),
  value(['-i', '--index-url'], 'indexUrl'),
  flag(['-e', '--editable']),
  value(['--pip-args']),
  value(['--preinstall']),
  flag(['--global']),
];
