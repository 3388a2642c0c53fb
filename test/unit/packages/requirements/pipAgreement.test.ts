import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { parseRequirementsFile } from '../../../../src/core/packages/requirements/parse';
import type { ParsedRequirements } from '../../../../src/core/packages/requirements/types';

const fixtures = path.resolve(__dirname, '..', '..', '..', 'fixtures', 'requirements');
const env = { SNAKEPIT_TEST_INDEX: 'https://env.example.org/simple', SNAKEPIT_TEST_DIR: 'wheels' };

interface PipLine {
  file: string;
  line: number;
  requirement: string | null;
  editable: boolean;
  constraint: boolean;
  hashes: string[];
  options: { index_url?: string; extra_index_urls?: string[]; find_links?: string[]; pre?: boolean; trusted_hosts?: string[] };
}

/** What pip's own requirements-file parser (pip._internal.req.req_file) makes of the file. */
function parseWithPip(file: string): PipLine[] {
  const result = spawnSync('python3', [path.join(fixtures, 'pip_parse.py'), path.basename(file)], {
    cwd: path.dirname(file),
    env: { ...process.env, ...env },
    encoding: 'utf8',
  });
  assert.equal(result.status, 0, `pip_parse.py failed (needs python3 with pip): ${result.stderr}`);
  return JSON.parse(result.stdout) as PipLine[];
}

function compare(file: string): ParsedRequirements {
  const pip = parseWithPip(file);
  const ours = parseRequirementsFile(file, { env });
  assert.deepEqual(ours.problems, []);
  const pipRequirements = pip.filter((line) => line.requirement !== null);
  assert.deepEqual(
    ours.requirements.map((r) => ({ file: r.location.file, line: r.lineRange.line, requirement: r.text, editable: r.editable, constraint: r.constraint, hashes: r.hashes })),
    pipRequirements.map((line) => ({ file: path.resolve(path.dirname(file), line.file), line: line.line, requirement: line.requirement, editable: line.editable, constraint: line.constraint, hashes: line.hashes })),
  );
  const pipOptions = pip.map((line) => line.options);
  const last = pipOptions.filter((options) => options.index_url).pop();
  assert.equal(ours.options.indexUrl, last?.index_url);
  assert.deepEqual(ours.options.extraIndexUrls, pipOptions.flatMap((options) => options.extra_index_urls ?? []));
  assert.deepEqual(ours.options.findLinks, pipOptions.flatMap((options) => options.find_links ?? []));
  assert.deepEqual(ours.options.trustedHosts, pipOptions.flatMap((options) => options.trusted_hosts ?? []));
  assert.equal(ours.options.pre, pipOptions.some((options) => options.pre === true));
  return ours;
}

describe('requirements parser agrees with real pip', () => {
  it('on tricky but valid lines (continuations, hashes, markers, URLs, -e, ${VAR}, options)', function () {
    this.timeout(60_000);
    const ours = compare(path.join(fixtures, 'pip-tricky.txt'));
    // Guard against a vacuous comparison.
    assert.ok(ours.requirements.length >= 10);
    assert.equal(ours.options.indexUrl, 'https://env.example.org/simple');
  });

  it('on nested -r / -c includes', function () {
    this.timeout(60_000);
    const ours = compare(path.join(fixtures, 'base.txt'));
    assert.equal(ours.files.length, 5);
  });
});
