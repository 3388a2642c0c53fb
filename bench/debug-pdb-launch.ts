// Launch request → first `stopped` at a breakpoint, pdb bridge, fresh sandbox per run (sandbox creation included).
// Usage: npx tsx bench/debug-pdb-launch.ts docker|bubblewrap
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PdbBridgeHarness } from '../test/integration/debug/pdbHarness';
(async () => {
  const kind = process.argv[2] as 'docker' | 'bubblewrap';
  const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'pdbbench-')); fs.chmodSync(ws, 0o755);
  const app = path.join(ws, 'app.py');
  fs.writeFileSync(app, 'x = 1\ny = x + 1\nprint(y)\n');
  const h = await PdbBridgeHarness.create(kind, ws);
  const times: number[] = [];
  for (let i = 0; i < 11; i++) {
    const c = await h.client();
    const stopped = c.waitForEvent('stopped');
    await c.initializeRequest({ adapterID: 'snakepit', pathFormat: 'path' });
    const t = performance.now();
    const initialized = c.waitForEvent('initialized');
    await c.launchRequest({ program: app } as never);
    await initialized;
    await c.setBreakpointsRequest({ source: { path: app }, breakpoints: [{ line: 2 }] });
    await c.configurationDoneRequest();
    await stopped;
    if (i > 0) times.push(performance.now() - t);
    await c.stop();
  }
  times.sort((a, b) => a - b);
  console.log(kind, 'median ms', times[Math.floor(times.length / 2)].toFixed(0), 'min', times[0].toFixed(0), 'max', times[times.length - 1].toFixed(0), 'n', times.length);
  console.log('leftovers', await h.leftovers()); await h.close(); fs.rmSync(ws, { recursive: true });
})();
