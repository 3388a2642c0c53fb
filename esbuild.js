// Bundles the extension, the CLI (and later the debug adapter) and copies the
// tree-sitter .wasm files next to them. `--watch`, `--production`, `--tests`.
const esbuild = require('esbuild');
const fs = require('node:fs');
const path = require('node:path');

const args = new Set(process.argv.slice(2));
const production = args.has('--production');
const watch = args.has('--watch');
const tests = args.has('--tests');

const wasmFiles = [
  require.resolve('web-tree-sitter/tree-sitter.wasm'),
  require.resolve('tree-sitter-python/tree-sitter-python.wasm'),
];

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  minify: production,
  sourcemap: !production,
  sourcesContent: false,
  logLevel: 'info',
  // The require.resolve() fallbacks in src/core run only from source; bundles find their files beside them.
  logOverride: { 'require-resolve-not-external': 'silent' },
  plugins: [
    {
      // web-tree-sitter's ESM build needs import.meta.url, which a CommonJS bundle lacks: take its CommonJS build.
      name: 'web-tree-sitter-cjs',
      setup(build) {
        build.onResolve({ filter: /^web-tree-sitter$/ }, () => ({ path: require.resolve('web-tree-sitter') }));
      },
    },
  ],
};

/**
 * dockerode reaches ssh2 (for DOCKER_HOST=ssh://), whose native speed-ups are optional
 * and loaded in try/catch: left out of the bundle, ssh2 uses its JavaScript fallbacks.
 */
const optionalNative = ['cpu-features', '*.node'];

/**
 * The heavier of Node's built-in modules, loaded by the CLI on first use: a module imported for one call (crypto for a
 * hash, child_process for a spawn) would cost every command its load, used or not. Each becomes a CommonJS module of
 * getters that require() the real one when first read (not an ES module import either: that reads every export, which
 * runs the lazy getters behind them, like crypto.webcrypto). The light ones (fs, path, …) stay plain imports: copying
 * their many exports into every importer would cost more than it saves.
 */
// Not http, https or net: docker-modem derives objects from http/https and sets their `request`, which a getter-only
// stand-in refuses in an ES module's strict mode.
const LAZY_BUILTINS = new Set(['crypto', 'child_process', 'util', 'os', 'stream/promises', 'zlib', 'worker_threads']);

function lazyBuiltins() {
  return {
    name: 'lazy-builtins',
    setup(build) {
      build.onResolve({ filter: /^[a-z][a-z0-9:_/]*$/ }, (args) => {
        const name = args.path.replace(/^node:/, '');
        if (!LAZY_BUILTINS.has(name) || (args.kind !== 'import-statement' && args.kind !== 'require-call')) return undefined;
        if (args.namespace === 'lazy-builtin') return { path: args.path, external: true };
        return { path: `node:${name}`, namespace: 'lazy-builtin' };
      });
      build.onLoad({ filter: /.*/, namespace: 'lazy-builtin' }, (args) => {
        const names = Object.keys(require(args.path)).filter((key) => key !== 'default');
        return {
          contents: [
            'let real;',
            `const load = () => (real ??= require(${JSON.stringify(args.path)}));`,
            `for (const key of ${JSON.stringify(names)}) Object.defineProperty(exports, key, { enumerable: true, get: () => load()[key] });`,
          ].join('\n'),
          loader: 'js',
        };
      });
    },
  };
}

/**
 * The CLI proper: an ES module split into chunks, so each subcommand's dynamic import loads only its code
 * (`snakepit --version` compiles a few kB, not the whole bundle). Chunks sit beside it in dist/, where
 * src/core finds the wasm, the worker and the Python helpers through __dirname, which the banner defines,
 * with the `require` that bundled CommonJS packages call.
 */
const esmSplit = {
  format: 'esm',
  plugins: [...common.plugins, lazyBuiltins()],
  splitting: true,
  outExtension: { '.js': '.mjs' },
  chunkNames: 'cli-[name]-[hash]',
  banner: {
    js: [
      "import { createRequire as __snakepitCreateRequire } from 'node:module';",
      "import { dirname as __snakepitDirname } from 'node:path';",
      "import { fileURLToPath as __snakepitFileURLToPath } from 'node:url';",
      'const require = __snakepitCreateRequire(import.meta.url);',
      'const __filename = __snakepitFileURLToPath(import.meta.url);',
      'const __dirname = __snakepitDirname(__filename);',
    ].join('\n'),
  },
};

/** Entry points of the shipped bundles: [source, output name, extra options]. */
const bundles = [
  ['src/extension.ts', 'extension', { external: ['vscode', ...optionalNative] }],
  ['src/cli/bin.ts', 'cli', { banner: { js: '#!/usr/bin/env node' } }],
  ['src/cli/main.ts', 'cli', { ...esmSplit, external: optionalNative }],
  ['src/core/analysis/worker/analysisWorker.ts', 'analysisWorker', {}],
  ['src/debugAdapter.ts', 'debugAdapter', { external: optionalNative }],
].filter(([entry]) => fs.existsSync(entry));

function copyWasm(outdir) {
  fs.mkdirSync(outdir, { recursive: true });
  for (const file of wasmFiles) fs.copyFileSync(file, path.join(outdir, path.basename(file)));
}

function testEntries() {
  const dir = 'test/vscode';
  return fs.readdirSync(dir).filter((f) => f.endsWith('.ts')).map((f) => path.join(dir, f));
}

async function main() {
  const contexts = [];
  for (const [entry, name, extra] of bundles) {
    contexts.push(await esbuild.context({ ...common, ...extra, entryPoints: { [name]: entry }, outdir: 'dist' }));
  }
  if (tests) {
    contexts.push(await esbuild.context({
      ...common,
      entryPoints: testEntries(),
      outdir: 'out/test/vscode',
      external: ['vscode', 'mocha'],
    }));
  }
  copyWasm('dist');
  if (fs.existsSync('dist/cli.js')) fs.chmodSync('dist/cli.js', 0o755);
  if (watch) {
    await Promise.all(contexts.map((c) => c.watch()));
    return;
  }
  await Promise.all(contexts.map((c) => c.rebuild()));
  await Promise.all(contexts.map((c) => c.dispose()));
  if (fs.existsSync('dist/cli.js')) fs.chmodSync('dist/cli.js', 0o755);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
