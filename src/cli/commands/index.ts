import type { LazySubcommand } from '../lazySubcommands';

/**
 * Every `snakepit` subcommand, in the order `--help` lists them. Each import() is where esbuild splits the CLI bundle,
 * so a command loads only its own code; from source, run it with an ES module hook (`node --import tsx src/cli/main.ts`).
 */
export const subcommands: readonly LazySubcommand[] = [
  { name: 'scan', load: async () => (await import('./scan.js')).registerScan },
  { name: 'sandbox', load: async () => (await import('./sandbox.js')).registerSandbox },
  { name: 'image', load: async () => (await import('./image.js')).registerImage },
  { name: 'validate', load: async () => (await import('./validate.js')).registerValidate },
  { name: 'inspect', load: async () => (await import('./inspect.js')).registerInspect },
  { name: 'profile', load: async () => (await import('./profile.js')).registerProfile },
  { name: 'pip', load: async () => (await import('./pipShim.js')).registerPipShims },
  { name: 'shell-init', load: async () => (await import('./shellInit.js')).registerShellInit },
  { name: 'config', load: async () => (await import('./config.js')).registerConfig },
  { name: 'env', load: async () => (await import('./env/index.js')).registerEnv },
];
