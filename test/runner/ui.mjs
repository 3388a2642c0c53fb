// UI check of the packaged extension: installs snakepit.vsix into a clean
// code-server, opens the workbench in headless chromium, and checks that the
// Snakepit activity-bar container and its Sandboxes view are there for a person
// to see. Saves a screenshot to test-output/ui-sandboxes.png.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { copyWorkspace, installExtension, launchBrowser, makeProfile, repoRoot, startCodeServer, workbenchUrl } from './codeServer.mjs';

const vsix = path.join(repoRoot, 'snakepit.vsix');
const outputDir = path.join(repoRoot, 'test-output');
const checks = [];

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

async function main() {
  if (!fs.existsSync(vsix)) throw new Error('snakepit.vsix is missing: run `npm run package` first');
  fs.mkdirSync(outputDir, { recursive: true });
  const profile = makeProfile('ui');
  let server;
  let browser;
  try {
    console.log('UI check of the packaged extension');
    const sizeKiB = (fs.statSync(vsix).size / 1024).toFixed(1);
    await check(`the .vsix (${sizeKiB} KiB) installs with --install-extension`, async () => {
      const output = await installExtension(profile, vsix);
      if (!/successfully installed/i.test(output)) throw new Error(output.trim());
      const installed = fs.readdirSync(profile.extensions).filter((d) => d.startsWith('snakepit.snakepit-'));
      if (installed.length !== 1) throw new Error(`expected one snakepit.snakepit-* folder, found ${installed.join(', ') || 'none'}`);
    });
    server = await startCodeServer(profile);
    browser = await launchBrowser(profile.root);
    const page = browser.pages()[0] ?? (await browser.newPage());
    await page.goto(workbenchUrl(server, copyWorkspace(profile)), { timeout: 300_000 });
    const container = page.locator('.activitybar [aria-label^="Snakepit"]').first();
    await check('the Snakepit container is in the activity bar', () => container.waitFor({ state: 'visible', timeout: 60_000 }));
    await container.click().catch(() => {});
    // With two views in the container, each has its own pane header under the side bar's "Snakepit" title.
    const header = (name) => page.locator('.part.sidebar .pane-header', { hasText: name }).first();
    await check('clicking it shows the Sandboxes and Validations views', async () => {
      await header(/Sandboxes/i).waitFor({ state: 'visible', timeout: 20_000 });
      await header(/Validations/i).waitFor({ state: 'visible', timeout: 20_000 });
    });
    await check('the Sandboxes view shows its welcome content', () =>
      page.locator('.welcome-view-content', { hasText: 'No sandboxes yet' }).first().waitFor({ state: 'visible', timeout: 20_000 }),
    );
    await check('the Validations view shows its welcome content', () =>
      page.locator('.welcome-view-content', { hasText: 'No validations yet' }).first().waitFor({ state: 'visible', timeout: 20_000 }),
    );
    await page.screenshot({ path: path.join(outputDir, 'ui-sandboxes.png') });
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
    console.error(`UI check could not run: ${error.message}`);
    process.exitCode = 2;
  },
);
