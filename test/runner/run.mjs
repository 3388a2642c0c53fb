// Runs test/vscode (bundled to out/test/vscode by `node esbuild.js --tests`)
// inside a real VS Code: code-server serves the workbench, headless chromium
// opens it with the extension under development and the mocha entry point, and
// the workbench reports mocha's output and exit code back to us.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { format } from 'node:util';
import { copyWorkspace, launchBrowser, makeProfile, repoRoot, startCodeServer, workbenchUrl } from './codeServer.mjs';

const timeoutMs = Number(process.env.SNAKEPIT_VSCODE_TEST_TIMEOUT_MS ?? 10 * 60_000);
const testsPath = path.join(repoRoot, 'out', 'test', 'vscode', 'index.js');
const outputDir = path.join(repoRoot, 'test-output');
/** Workbench chatter that is not test output. */
const NOISE = /^(Resolving connection|Resolved connection|Creating a socket|Ignoring fetching|\[Service Worker\]|ChatSessionStore|Updating additional builtin)/;

async function main() {
  if (!fs.existsSync(testsPath)) throw new Error(`${testsPath} is missing: run \`node esbuild.js --tests\` first`);
  if (!fs.existsSync(path.join(repoRoot, 'dist', 'extension.js'))) throw new Error('dist/extension.js is missing: run `npm run build` first');
  fs.mkdirSync(outputDir, { recursive: true });
  const profile = makeProfile('vscode-tests');
  const serverLog = [];
  let server;
  let browser;
  try {
    server = await startCodeServer(profile, { log: (line) => serverLog.push(line) });
    const workspace = copyWorkspace(profile);
    browser = await launchBrowser(profile.root);
    const page = browser.pages()[0] ?? (await browser.newPage());
    let resolveExit;
    const exitCode = new Promise((resolve) => (resolveExit = resolve));
    await page.exposeFunction('codeAutomationExit', (code) => resolveExit(Number(code)));
    await page.exposeFunction('codeAutomationLog', (type, args) => {
      // The workbench forwards console calls unformatted: mocha's spec reporter uses printf-style placeholders.
      const text = format(...(Array.isArray(args) ? args : [args]));
      if (NOISE.test(text)) return;
      (type === 'error' ? process.stderr : process.stdout).write(`${text}\n`);
    });
    page.on('pageerror', (error) => serverLog.push(`[page error] ${error.message}\n`));
    page.on('console', (message) => serverLog.push(`[console.${message.type()}] ${message.text()}\n`));
    // The workbench can take minutes to load on a busy machine; playwright's 30 s default is not enough.
    await page.goto(workbenchUrl(server, workspace, { developmentPath: repoRoot, testsPath }), { timeout: 300_000 });
    const timer = new Promise((resolve) => setTimeout(() => resolve('timeout'), timeoutMs).unref());
    const result = await Promise.race([exitCode, timer]);
    if (result === 'timeout') {
      await page.screenshot({ path: path.join(outputDir, 'vscode-tests-timeout.png') }).catch(() => {});
      throw new Error(`VS Code tests did not finish within ${timeoutMs / 1000} s (screenshot in test-output/)`);
    }
    return result;
  } finally {
    fs.writeFileSync(path.join(outputDir, 'code-server-vscode-tests.log'), serverLog.join(''));
    await browser?.close().catch(() => {});
    await server?.stop();
    profile.remove();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    console.error(`VS Code tests could not run: ${error.message}`);
    process.exitCode = 2;
  },
);
