import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { whyNotRun } from '../../../../src/core/packages/gate/finding';
import { gateReason, pipError } from '../../../../src/core/packages/gate/gateReasons';
import { fullyHashed, pinnedVersionOf } from '../../../../src/core/packages/gate/gateRequirement';
import { pinRequirementFiles } from '../../../../src/core/packages/gate/pinStep';
import type { PackageValidation } from '../../../../src/core/packages/gate/report';
import { readRequirementsInput, RequirementsInputError } from '../../../../src/core/packages/gate/requirementsInput';
import { judgePackage, worstVerdict } from '../../../../src/core/packages/gate/verdict';

const H1 = 'a'.repeat(64);
const H2 = 'b'.repeat(64);

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'snakepit-unit-gate-'));
}

function validation(name: string, version: string, sha256: string, verdict: PackageValidation['verdict'] = 'pass'): PackageValidation {
  return { name, version, requested: name, verdict, score: 100, cached: false, artifacts: [{ filename: `${name}-${version}-py3-none-any.whl`, sha256, size: 1 }], reasons: [], behavior: [], timings: { ingestMs: 0, testMs: 0, totalMs: 0 } };
}

describe('gate requirements input', () => {
  it('turns specs and files into pip lines, hashes and pins; constraints and duplicates handled', async () => {
    const dir = tempDir();
    try {
      fs.writeFileSync(path.join(dir, 'c.txt'), 'idna<4\n');
      fs.writeFileSync(path.join(dir, 'r.txt'), `--index-url file:///srv/simple\n-c c.txt\nRequests[socks]==2.32.3 ; python_version >= "3.8" --hash=sha256:${H1}\nsix\n`);
      const input = await readRequirementsInput({ specs: ['six>=1', 'attrs==23.2.0'], requirementFiles: [path.join(dir, 'r.txt')] });
      assert.deepEqual(input.requirements.map((r) => r.name), ['six', 'attrs', 'requests']);
      const requests = input.requirements[2];
      assert.equal(requests.pipLine, 'Requests[socks]==2.32.3 ; python_version >= "3.8"');
      assert.deepEqual(requests.hashes, [H1]);
      assert.equal(requests.pinnedVersion, '2.32.3');
      assert.equal(requests.line, 3);
      assert.equal(input.options.indexUrl, 'file:///srv/simple');
      assert.equal(input.requirements[1].pinnedVersion, '23.2.0');
      assert.equal(input.requirements[0].pinnedVersion, undefined);
      assert.deepEqual(input.constraints, ['idna<4'], 'a -c file named inside a requirements file constrains');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reads constraints files given on their own (pip -c); what cannot be a constraint is named', async () => {
    const dir = tempDir();
    try {
      fs.writeFileSync(path.join(dir, 'c.txt'), 'fsspec==2026.6.0\nurllib3<3 ; python_version >= "3.8"\n');
      const input = await readRequirementsInput({ specs: ['fsspec'], requirementFiles: [], constraintFiles: [path.join(dir, 'c.txt')] });
      assert.deepEqual(input.requirements.map((r) => r.name), ['fsspec'], 'constraints are not requirements');
      assert.deepEqual(input.constraints, ['fsspec==2026.6.0', 'urllib3<3 ; python_version >= "3.8"']);
      fs.writeFileSync(path.join(dir, 'bad.txt'), 'pkg @ https://example.invalid/pkg-1.0.tar.gz\n');
      await assert.rejects(readRequirementsInput({ specs: ['fsspec'], requirementFiles: [], constraintFiles: [path.join(dir, 'bad.txt')] }), /a constraint is a project name with a version specifier/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('collects every syntax error with file:line:col, and unreadable files', async () => {
    const dir = tempDir();
    try {
      const file = path.join(dir, 'bad.txt');
      fs.writeFileSync(file, 'six\nrequests ==\n');
      await assert.rejects(readRequirementsInput({ specs: ['-e ./x'], requirementFiles: [file, path.join(dir, 'missing.txt')] }), (error: unknown) => {
        assert.ok(error instanceof RequirementsInputError);
        assert.ok(error.problems.some((p) => p.startsWith(`${file}:2:`)), error.problems.join('\n'));
        assert.ok(error.problems.some((p) => /missing\.txt/.test(p)));
        assert.ok(error.problems.some((p) => /editable/.test(p)));
        return true;
      });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('knows exact pins and fully hashed sets', () => {
    assert.equal(pinnedVersionOf('==1.2.3'), '1.2.3');
    assert.equal(pinnedVersionOf('===1.0'), '1.0');
    assert.equal(pinnedVersionOf('==1.*'), undefined);
    assert.equal(pinnedVersionOf('>=1,<2'), undefined);
    const base = { name: 'x', requested: 'x', pipLine: 'x' };
    assert.equal(fullyHashed([{ ...base, hashes: [H1], pinnedVersion: '1' }]), true);
    assert.equal(fullyHashed([{ ...base, hashes: [H1], pinnedVersion: '1' }, { ...base, hashes: [], pinnedVersion: '1' }]), false);
    assert.equal(fullyHashed([]), false);
  });
});

describe('gate verdict and reasons', () => {
  it('judges with the shared score, drops duplicate reasons, caps the behaviour trace', () => {
    const fatal = gateReason('installFailed', 'pip failed');
    assert.equal(fatal.code, 'SPK403');
    assert.equal(fatal.fatal, true);
    const events = Array.from({ length: 500 }, (_, i) => ({ phase: 'import' as const, event: 'os.fork', detail: `#${i}` }));
    const judged = judgePackage({ name: 'x', version: '1', requested: 'x', artifacts: [], reasons: [fatal, { ...fatal }], events, timings: { ingestMs: 1, testMs: 2, totalMs: 3 } });
    assert.equal(judged.verdict, 'fail');
    assert.equal(judged.score, 0);
    assert.equal(judged.reasons.length, 1);
    assert.equal(judged.behavior.length, 200);
    const warn = judgePackage({ name: 'y', version: '1', requested: 'y', artifacts: [], reasons: [gateReason('pipCheckFailed', 'y 1 requires z')], events: [], timings: { ingestMs: 0, testMs: 0, totalMs: 0 } });
    assert.equal(warn.verdict, 'warn');
    assert.equal(worstVerdict(['pass', 'warn', 'pass']), 'warn');
    assert.equal(worstVerdict(['pass', 'fail', 'warn']), 'fail');
    assert.equal(worstVerdict([]), 'pass');
  });

  it("keeps pip's error lines and drops its boilerplate", () => {
    const stderr = ['  error: subprocess-exited-with-error', '  ', '  × Preparing metadata did not run successfully.', '  │ exit code: 1', '  ╰─> [3 lines of output]', '      PermissionError: snakepit probe: open blocked', '  note: This error originates from a subprocess, and is likely not a problem with pip.'].join('\n');
    const text = pipError(stderr);
    assert.match(text, /PermissionError: snakepit probe: open blocked/);
    assert.doesNotMatch(text, /note: This error originates/);
  });

  it('keeps why pip discarded a file it found (metadata of another version), so the verdict can say so', () => {
    const stderr = [
      "Discarding file:///links/colorfy-0.0.1.tar.gz: Requested colorfy==0.0.1 from file:///links/colorfy-0.0.1.tar.gz has inconsistent version: expected '0.0.1', but metadata has '0.0.0'",
      'ERROR: Could not find a version that satisfies the requirement colorfy==0.0.1 (from versions: 0.0.1)',
      'ERROR: No matching distribution found for colorfy==0.0.1',
    ].join('\n');
    const text = pipError(stderr);
    assert.match(text, /inconsistent version: expected '0\.0\.1', but metadata has '0\.0\.0'/);
    assert.equal(whyNotRun([gateReason('downloadFailed', `pip could not download or prepare colorfy (${text})`)]), 'broken or inconsistent metadata');
    const dependency = 'ERROR: Could not find a version that satisfies the requirement discord.py (from badpkg) (from versions: none) | ERROR: No matching distribution found for discord.py';
    assert.equal(whyNotRun([gateReason('downloadFailed', `pip could not download or prepare badpkg (${dependency})`)]), 'a dependency it declares is not on the index');
  });
});

describe('gate pin with hashes', () => {
  it('pins the listed lines, appends dependencies, leaves comments and failed packages alone', () => {
    const dir = tempDir();
    try {
      const file = path.join(dir, 'requirements.txt');
      fs.writeFileSync(file, '# top\nrequests>=2\nbadpkg\n');
      const outcome = pinRequirementFiles([file], [validation('requests', '2.32.3', H1), validation('idna', '3.7', H2), validation('badpkg', '1.0', H2, 'fail')]);
      assert.deepEqual(outcome, { files: [file], pinned: 1, added: 1 });
      assert.equal(fs.readFileSync(file, 'utf8'), `# top\nrequests==2.32.3 \\\n    --hash=sha256:${H1}\nbadpkg\nidna==3.7 \\\n    --hash=sha256:${H2}\n    # via snakepit validate (dependency)\n`);
      const again = pinRequirementFiles([file], [validation('requests', '2.32.3', H1), validation('idna', '3.7', H2)]);
      assert.deepEqual(again, { files: [], pinned: 2, added: 0 }, 'pinning twice changes nothing');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
