// `npm test`: every quality gate and test layer in order, then one summary line
// "N passed, N failed, N skipped". Layers keep running after a failure so one run
// shows everything that is wrong; the exit code is non-zero if anything failed.
// Each layer also has its own npm script (see package.json) for focused work.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { repoRoot } from './codeServer.mjs';

const bin = (name) => path.join(repoRoot, 'node_modules', '.bin', name);

/** kind "gate": one check, passes on exit 0; kind "mocha": counts come from mocha's summary lines. */
const layers = [
  { name: 'type-check', kind: 'gate', command: [bin('tsc'), '--noEmit', '-p', '.'] },
  { name: 'lint', kind: 'gate', command: [bin('eslint'), '.'] },
  { name: 'build', kind: 'gate', command: [process.execPath, 'esbuild.js', '--tests'] },
  { name: 'unit', kind: 'mocha', command: [bin('mocha'), '--config', 'test/unit/.mocharc.json'] },
  {
    name: 'integration',
    kind: 'mocha',
    command: [bin('mocha'), '--config', 'test/integration/.mocharc.json'],
    when: () => fs.existsSync(path.join(repoRoot, 'test', 'integration', '.mocharc.json')),
  },
  { name: 'vscode', kind: 'mocha', command: [process.execPath, 'test/runner/run.mjs'] },
  { name: 'package', kind: 'gate', command: [bin('vsce'), 'package', '--no-dependencies', '--out', 'snakepit.vsix'] },
  { name: 'ui', kind: 'mocha', command: [process.execPath, 'test/runner/ui.mjs'] },
];

function run(command) {
  return new Promise((resolve) => {
    const child = spawn(command[0], command.slice(1), { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const relay = (stream) => (chunk) => {
      output += chunk;
      stream.write(chunk);
    };
    child.stdout.on('data', relay(process.stdout));
    child.stderr.on('data', relay(process.stderr));
    child.on('error', (error) => resolve({ code: 127, output: `${output}\n${error.message}` }));
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
}

function mochaCounts(output) {
  const count = (word) => {
    const matches = [...output.matchAll(new RegExp(`^\\s*(\\d+) ${word}\\b`, 'gm'))];
    return matches.length ? Number(matches[matches.length - 1][1]) : 0;
  };
  return { passed: count('passing'), failed: count('failing'), skipped: count('pending') };
}

/** Mocha's "N failing" section (or the output's tail when the runner died), cut short so the summary stays readable. */
function failureDigest(output, maxLines = 60) {
  // eslint-disable-next-line no-control-regex -- colour codes are what this strips
  const plain = output.replace(/\x1b\[[0-9;]*m/g, '');
  const start = plain.search(/^\s*\d+ failing\b/m);
  // Stack frames say little in a summary: keep titles and messages.
  const lines = (start >= 0 ? plain.slice(start) : plain).split('\n').filter((line) => !/^\s+at /.test(line));
  const picked = start >= 0 ? lines.slice(0, maxLines) : lines.slice(-maxLines);
  return picked.join('\n').trimEnd();
}

const results = [];
for (const layer of layers) {
  if (layer.when && !layer.when()) continue;
  console.log(`\n━━ ${layer.name} ━━ ${layer.command.map((p) => path.relative(repoRoot, p) || p).join(' ')}`);
  const started = Date.now();
  const { code, output } = await run(layer.command);
  const seconds = (Date.now() - started) / 1000;
  let counts;
  if (layer.kind === 'gate') {
    counts = code === 0 ? { passed: 1, failed: 0, skipped: 0 } : { passed: 0, failed: 1, skipped: 0 };
  } else {
    counts = mochaCounts(output);
    // A runner that died before mocha's summary (or exited non-zero without failures) still counts as a failure.
    if (code !== 0 && counts.failed === 0) counts.failed = 1;
  }
  results.push({ layer: layer.name, code, seconds, ...counts, failures: counts.failed ? failureDigest(output) : '' });
}

const total = results.reduce((t, r) => ({ passed: t.passed + r.passed, failed: t.failed + r.failed, skipped: t.skipped + r.skipped }), {
  passed: 0,
  failed: 0,
  skipped: 0,
});
// The failures again, right above the summary: a CI log is often read from its tail only.
for (const r of results.filter((r) => r.failures)) {
  console.log(`\n━━ what failed in ${r.layer} ━━\n${r.failures}`);
}
console.log('\n━━ summary ━━');
for (const r of results) {
  const status = r.failed ? 'FAIL' : 'ok  ';
  console.log(`${status} ${r.layer.padEnd(12)} ${String(r.passed).padStart(5)} passed ${String(r.failed).padStart(3)} failed ${String(r.skipped).padStart(3)} skipped  ${r.seconds.toFixed(1)} s`);
}
console.log(`${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
process.exitCode = total.failed > 0 ? 1 : 0;
