import { Command, Option } from 'commander';
import { describeSource, resolveGateConfig, userConfigFile } from '../../core/intercept/gateConfig';
import { SettingError } from '../../core/intercept/settings';
import { CliError } from '../exitCodes';

export function registerConfig(program: Command): void {
  const config = program.command('config').description('the settings intercepted installs run the gate with (no flags on `pip install`)');
  config
    .command('show')
    .description('print each effective gate setting and where it came from: SNAKEPIT_* variable > snakepit.toml [gate] or pyproject.toml [tool.snakepit.gate] > ~/.config/snakepit/config.toml [gate] > default')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action((flags: { format: 'text' | 'json' }) => {
      let resolved;
      try {
        resolved = resolveGateConfig(process.cwd(), process.env);
      } catch (error) {
        if (error instanceof SettingError) throw new CliError(error.message);
        throw error;
      }
      if (flags.format === 'json') {
        process.stdout.write(`${JSON.stringify({ version: 1, userConfig: userConfigFile(process.env), settings: resolved.map((s) => ({ name: s.name, value: s.value ?? null, source: s.source })) }, null, 2)}\n`);
        return;
      }
      const rows = resolved.map((s) => [s.name, s.value === undefined ? '(unset)' : String(s.value), describeSource(s.source)]);
      const width = [0, 1].map((i) => Math.max(...rows.map((r) => r[i].length)));
      process.stdout.write(rows.map((r) => `${r[0].padEnd(width[0])}  ${r[1].padEnd(width[1])}  ${r[2]}\n`).join(''));
    });
}
