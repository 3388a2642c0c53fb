// UI tour of the editor items of issue 15, as a person does them in code-server + chromium: hover a finding,
// right-click a .py in the Explorer, click a complexity lens. The extension under development is loaded from
// this checkout (build dist/ first: `node esbuild.js`). Screenshots go to test-output/ui-editor-*.png.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { copyWorkspace, launchBrowser, makeProfile, repoRoot, startCodeServer, workbenchUrl } from './codeServer.mjs';

const outputDir = path.join(repoRoot, 'test-output');
const checks = [];
/** The machine may be busy: every wait is generous. */
const WAIT = 120_000;

async function check(name, fn) {
  try {
    await fn();
    checks.push({ name, ok: true });
    console.log(`  ✔ ${name}`);
  } catch (error) {
    checks.push({ name, ok: false });
    console.log(`  ✗ ${name}\n      ${error.message.split('\n')[0]}`);
  }
}

const shot = (page, name) => page.screenshot({ path: path.join(outputDir, `ui-editor-${name}.png`) }).catch(() => {});

async function main() {
  if (!fs.existsSync(path.join(repoRoot, 'dist', 'extension.js'))) throw new Error('dist/extension.js is missing: run `node esbuild.js` first');
  fs.mkdirSync(outputDir, { recursive: true });
  const profile = makeProfile('ui-editor');
  let server;
  let browser;
  try {
    console.log('UI tour: hovers, Explorer menu, complexity lens');
    server = await startCodeServer(profile);
    browser = await launchBrowser(profile.root);
    const page = browser.pages()[0] ?? (await browser.newPage());
    await page.goto(workbenchUrl(server, copyWorkspace(profile), { developmentPath: repoRoot }), { timeout: WAIT });
    const explorerItem = page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'sample.py' }).first();
    await explorerItem.waitFor({ state: 'visible', timeout: WAIT });
    await explorerItem.click();
    await page.keyboard.press('Enter');
    const editor = page.locator('.editor-instance .monaco-editor').first();
    await editor.waitFor({ state: 'visible', timeout: WAIT });

    await check('hovering yaml.load shows the message once, words unbroken, and a rule documentation link', async () => {
      const squiggle = page.locator('.view-lines .view-line', { hasText: 'yaml.load(f' }).first();
      await page.locator('.squiggly-error, .squiggly-warning').first().waitFor({ state: 'attached', timeout: WAIT });
      // The token itself (a line's box spans the whole editor width, so a column cannot be computed from it).
      await squiggle.locator('span span', { hasText: /^load$/ }).first().hover();
      const hover = page.locator('.monaco-hover-content').first();
      await hover.waitFor({ state: 'visible', timeout: 30_000 });
      await page.getByText('Rule documentation').first().waitFor({ state: 'visible', timeout: 30_000 });
      await shot(page, 'hover');
      const content = await hover.innerText();
      const message = 'Use of unsafe yaml load';
      const times = content.split(message).length - 1;
      if (times !== 1) throw new Error(`the message appears ${times} times: ${content}`);
      const html = await hover.innerHTML();
      if (html.includes('&nbsp;')) throw new Error('non-breaking spaces in the hover');
    });

    await page.keyboard.press('Escape');
    await check("right-clicking sample.py in the Explorer offers Debug and Profile in Sandbox", async () => {
      await explorerItem.click({ button: 'right' });
      const menu = page.locator('.context-view .monaco-menu, .context-view .action-menu-item').first();
      await menu.waitFor({ state: 'visible', timeout: 30_000 });
      await page.locator('.context-view .action-label', { hasText: 'Profile File in Sandbox' }).first().waitFor({ state: 'visible', timeout: 30_000 });
      await page.locator('.context-view .action-label', { hasText: 'Debug File in Sandbox' }).first().waitFor({ state: 'visible', timeout: 30_000 });
      await shot(page, 'explorer-menu');
      await page.keyboard.press('Escape');
    });

    await check("clicking a complexity lens opens the function's metrics", async () => {
      const lens = page.locator('.contentWidgets .codelens-decoration a', { hasText: 'cc 6 (B)' }).first();
      await lens.waitFor({ state: 'visible', timeout: WAIT });
      await lens.click();
      await page.locator('.tabs-container .tab', { hasText: 'Metrics: branchy' }).first().waitFor({ state: 'visible', timeout: WAIT });
      await page.waitForTimeout(2_000);
      await shot(page, 'metrics');
    });
  } finally {
    await browser?.close().catch(() => {});
    await server?.stop();
    profile.remove();
  }
  const failed = checks.filter((c) => !c.ok).length;
  console.log(`  ${checks.length - failed} passing`);
  if (failed) console.log(`  ${failed} failing`);
  return failed ? 1 : 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    console.error(`UI tour could not run: ${error.message}`);
    process.exitCode = 2;
  },
);
