import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { analyzeFile } from './analyze';
import { compareWithTable, type Difference as GenericDifference } from './differences';
import { fixtureFiles, FIXTURES } from './expectations';

const BANDIT = '/usr/bin/bandit';

type Side = 'ours' | 'bandit';

type Difference = GenericDifference<Side>;

/**
 * Deliberate differences from Bandit 1.6.2 (the version installed here), each
 * with its reason. `side: 'ours'` = only we report it; `'bandit'` = only Bandit does.
 */
const DIFFERENCES: readonly Difference[] = [
  { side: 'ours', ruleIds: ['B104', 'B105', 'B108', 'B608'],
    reason: "1.6.2 registers these as 'Str' checks, which never run on Python 3.8+ (ast.Constant); 1.7+ and Ruff (S104/S105/S108/S608) report them" },
  { side: 'ours', ruleIds: ['B113', 'B202', 'B324', 'B415', 'B508', 'B509', 'B612', 'B613', 'B614', 'B615', 'B704'],
    reason: 'rules added after 1.6.2 (1.7.x–1.8.x)' },
  { side: 'bandit', ruleIds: ['B303'], where: ['crypto.py:8', 'crypto.py:9', 'crypto.py:10'],
    reason: 'since 1.7.x on Python ≥ 3.9, hashlib is B324 (honouring usedforsecurity=False), no longer B303' },
  { side: 'ours', ruleIds: ['B301', 'B403'], where: ['blacklist_calls.py:29', 'blacklist_calls.py:6'],
    reason: 'shelve (and jsonpickle, pandas.read_pickle) were added to the pickle blacklists after 1.6.2' },
  { side: 'ours', ruleIds: ['B411'], where: ['blacklist_imports.py:9'], reason: "1.6.2 lists only Python 2's xmlrpclib; current Bandit lists xmlrpc" },
  { side: 'ours', ruleIds: ['B501'], where: ['requests_calls.py:11'], reason: 'httpx support was added in 1.7.x' },
  { side: 'ours', ruleIds: ['B507'], where: ['services.py:13'], reason: '1.6.2 cannot see a policy instance (AutoAddPolicy()); 1.7.5+ can' },
  { side: 'bandit', ruleIds: ['B506'], where: ['services.py:7'], reason: 'a positional CSafeLoader is safe; 1.7+ accepts it' },
  { side: 'ours', ruleIds: ['B103'], where: ['permissions.py:13'], reason: 'beyond Bandit: stat constants combined with | are evaluated' },
  { side: 'ours', ruleIds: ['B605'], where: ['subprocess_calls.py:27', 'subprocess_calls.py:28'],
    reason: "beyond Bandit (with Ruff's S605): subprocess.getoutput/getstatusoutput always use a shell; Bandit's list only has Python 2's commands.*" },
  { side: 'bandit', ruleIds: ['B602'], where: ['suppressions.py:8'], reason: "Bandit ignores Ruff's # noqa: S602; we map S-codes to B-codes" },
  { side: 'bandit', ruleIds: ['B602'], where: ['suppressions.py:16'],
    reason: '1.6.2 only looks at the line it reports; we (like 1.7+) honour # nosec on any line of the statement' },
  { side: 'ours', ruleIds: ['B602'], where: ['suppressions.py:5'], reason: '1.6.2 treats every # nosec as blanket; 1.7+ honours the listed IDs only' },
  { side: 'ours', ruleIds: ['B602'], where: ['suppressions.py:18'],
    reason: "1.6.2's tokenizer check (an and/or precedence bug) also takes '# nosec' inside a string literal as a suppression" },
];

function banditAvailable(): boolean {
  return spawnSync(BANDIT, ['--version'], { stdio: 'ignore' }).status === 0;
}

describe('agreement with the real Bandit on the fixtures', function () {
  this.timeout(60000);

  it('reports the same (rule, line) pairs, except for the documented differences', async function () {
    if (!banditAvailable()) this.skip(); // bandit is not installed: apt-get install python3-bandit to run this comparison
    const files = fixtureFiles();
    const result = spawnSync(BANDIT, ['-q', '-f', 'json', ...files], { cwd: FIXTURES, maxBuffer: 1 << 28 });
    const report = JSON.parse(result.stdout.toString()) as { results: { filename: string; line_number: number; test_id: string }[] };
    const banditKeys = new Set(report.results.map((r) => `${path.basename(r.filename)}:${r.line_number} ${r.test_id}`));

    const ourKeys = new Set<string>();
    for (const file of files) {
      for (const finding of await analyzeFile(path.join(FIXTURES, file))) ourKeys.add(`${file}:${finding.line} ${finding.ruleId}`);
    }

    const { unexplained, stale, common } = compareWithTable(DIFFERENCES, 'bandit', ourKeys, banditKeys);
    assert.deepEqual(unexplained, [], 'differences from Bandit that are not in the DIFFERENCES table');
    assert.deepEqual(stale, [], 'documented differences that no longer occur');
    assert.ok(common > 100, 'the fixtures should exercise a large common set');
  });
});

