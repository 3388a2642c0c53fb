import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { analyzeFile } from './analyze';
import { compareWithTable, type Difference as GenericDifference } from './differences';
import { fixtureFiles, FIXTURES } from './expectations';
import { findRuff, runRuff } from './ruff';

type Side = 'ours' | 'ruff';

type Difference = GenericDifference<Side>;

/**
 * Deliberate differences from Ruff's flake8-bandit rules (`ruff check --select S`, stable rules only,
 * S-codes mapped to B-IDs by ./ruff.ts), each with the decision and its reason.
 * `side: 'ours'` = only we report it; `'ruff'` = only Ruff does. Every entry must still occur.
 */
const DIFFERENCES: readonly Difference[] = [
  // Rules Ruff does not have (in its stable set).
  { side: 'ours', ruleIds: ['B401', 'B402', 'B403', 'B404', 'B405', 'B406', 'B407', 'B408', 'B409', 'B411', 'B412', 'B413', 'B415'],
    reason: "Ruff's import rules S401–S415 are preview-only, so stable `--select S` never reports an import; even with --preview it misses " +
      'xmlrpc.client, pyghmi, __import__() and importlib.import_module(). Keep: Bandit reports them, and users filter B4xx by severity' },
  { side: 'ours', ruleIds: ['B410', 'B320'],
    reason: 'Ruff removed S410/S320 because lxml fixed its unsafe defaults and defusedxml deprecated defusedxml.lxml, and Bandit did the ' +
      'same in 1.8.1. Ruff is right on the substance; we still report them as Bandit 1.6.2-1.8.0 did (dropping them means changing ' +
      'the fixtures that expect them): a candidate removal' },
  { side: 'ours', ruleIds: ['B703'], reason: 'Ruff has no S703 (Django mark_safe on a variable); its S308 is the B308 blacklist only. Beyond Ruff, keep' },
  { side: 'ours', ruleIds: ['B613'], reason: 'Ruff has no S613: trojan source is PLE2502 (bidirectional-unicode) in Ruff, outside the S set. Keep' },
  { side: 'ours', ruleIds: ['B614', 'B615'], reason: 'Ruff has no S614/S615 (torch.load, Hugging Face downloads), added in Bandit 1.8. Keep' },
  // Same rule, different judgement.
  { side: 'ours', ruleIds: ['B603'], where: ['subprocess_calls.py:8', 'subprocess_calls.py:9', 'subprocess_calls.py:10', 'subprocess_calls.py:25'],
    reason: 'Ruff skips S603 when every argument is a string literal; Bandit (and we) flag every subprocess call. Ruff is right: a constant ' +
      'command has no untrusted input (B607 still covers partial paths); we keep Bandit\'s behaviour so B603 counts match Bandit' },
  { side: 'ours', ruleIds: ['B308'], where: ['templates.py:19'],
    reason: "Ruff's S308 skips a string-literal argument. Ruff is right (a literal cannot carry user input); we keep Bandit's blacklist semantics" },
  { side: 'ours', ruleIds: ['B301'], where: ['blacklist_calls.py:27'],
    reason: "Ruff's S301 list has no cPickle (Python 2 only), nor has Bandit's since 1.7.5 (its B403 import list still has it). " +
      "Harmless either way; we keep 1.6.2's call list, like its other Python 2 names" },
  { side: 'ours', ruleIds: ['B502'], where: ['ssl_tls.py:9'],
    reason: 'Ruff checks ssl_version= only on ssl.wrap_socket; Bandit (and we) check it on any call, at medium confidence. We are right: ' +
      "wrappers such as urllib3's ssl_wrap_socket(ssl_version=...) pass it through" },
  { side: 'ours', ruleIds: ['B601'], where: ['services.py:16'],
    reason: 'Ruff matches only the qualified name paramiko.exec_command, which does not exist; exec_command is an SSHClient method. We are ' +
      'right: like Bandit we flag .exec_command() in a module that imports paramiko' },
  { side: 'ours', ruleIds: ['B608'], where: ['sql.py:10'],
    reason: 'Ruff\'s S608 only looks at +, %, .format() and f-strings; current Bandit (and we, at low confidence) also at str.replace() on SQL. We are right: ' +
      'replacing a table name in a query is injection' },
  { side: 'ruff', ruleIds: ['B103'], where: ['permissions.py:12'],
    reason: "Ruff also reads mode= as a keyword; Bandit (and we) only the second positional argument. Ruff is right (same file, same mode); " +
      'we follow Bandit for now: a candidate improvement' },
  { side: 'ruff', ruleIds: ['B107'], where: ['passwords.py:12', 'passwords.py:16'],
    reason: "Ruff checks async def and keyword-only defaults; Bandit (and we) only positional defaults of def. Ruff is right: it is the same " +
      'hard-coded secret; we follow Bandit for now' },
  { side: 'ruff', ruleIds: ['B105'], where: ['strings.py:18'],
    reason: 'Ruff checks annotated assignments (x: str = "..."); Bandit (and we) only plain ones. Ruff is consistent, though this very ' +
      'name (password_hint) is a false positive for both name heuristics; we follow Bandit' },
  { side: 'ruff', ruleIds: ['B602'], where: ['subprocess_calls.py:19'],
    reason: 'where, not whether: Ruff reports a multi-line call on its first line, Bandit (and we, subprocess_calls.py:21) on the line of ' +
      'shell=True. Neither is wrong; we keep Bandit\'s line, which points at the dangerous argument' },
  { side: 'ours', ruleIds: ['B602'], where: ['subprocess_calls.py:21'], reason: 'the other half of subprocess_calls.py:19 (line convention)' },
  { side: 'ruff', ruleIds: ['B602'], where: ['suppressions.py:3', 'suppressions.py:4', 'suppressions.py:6', 'suppressions.py:7', 'suppressions.py:10', 'suppressions.py:14'],
    reason: 'Ruff ignores # nosec (it honours only # noqa); we honour # nosec like Bandit, and # noqa: S602 too. By design' },
  { side: 'ruff', ruleIds: ['B101'], where: ['suppressions.py:19'], reason: 'Ruff ignores # nosec (see above). By design' },
];

describe('agreement with Ruff (flake8-bandit S rules) on the fixtures', function () {
  this.timeout(60000);

  it('reports the same (rule, line) pairs, except for the documented differences', async function () {
    const ruff = findRuff();
    if (!ruff) {
      // Set SNAKEPIT_RUFF, put ruff on PATH, or: python3 -m venv .vscode-test/ruff && .vscode-test/ruff/bin/pip install ruff
      console.warn('    ruff not found ($SNAKEPIT_RUFF, PATH, .vscode-test/ruff/bin/ruff): skipping the comparison with Ruff');
      this.skip();
    }
    const files = fixtureFiles();
    const ruffKeys = new Set(runRuff(ruff, files, FIXTURES).map((f) => `${path.basename(f.file)}:${f.line} ${f.ruleId}`));

    const ourKeys = new Set<string>();
    for (const file of files) {
      for (const finding of await analyzeFile(path.join(FIXTURES, file))) ourKeys.add(`${file}:${finding.line} ${finding.ruleId}`);
    }

    const { unexplained, stale, common } = compareWithTable(DIFFERENCES, 'ruff', ourKeys, ruffKeys);
    assert.deepEqual(unexplained, [], 'differences from Ruff that are not in the DIFFERENCES table');
    assert.deepEqual(stale, [], 'documented differences that no longer occur');
    assert.ok(common > 80, 'the fixtures should exercise a large common set');
  });
});
