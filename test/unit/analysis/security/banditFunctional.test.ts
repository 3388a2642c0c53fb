import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import type { Finding, Level } from '../../../../src/core/analysis/types';
import { analyzeFile } from './analyze';

/**
 * Parity with Bandit's own functional tests: `tests/functional/test_functional.py` of Bandit 1.9.4
 * (tag 1.9.4, commit 92ae8b82fb422a639f0ed8d99e96cea769594e08) runs Bandit over each file of its
 * `examples/` directory and compares the number of issues per severity and per confidence with a
 * table. The same files are in test/fixtures/bandit-examples (see the README there for the source and
 * licence); this test runs our analyser over them and compares with the same table.
 *
 * Measure it with (the config's spec glob loads every unit test file; --grep runs only these):
 *   npm run test:unit -- --grep "functional tests"
 * The last test prints `parity with Bandit 1.9.4's functional tests: N/78 default-configuration files exact`.
 */

const EXAMPLES = path.resolve(__dirname, '../../../fixtures/bandit-examples');

type Counts = Record<Exclude<Level, 'undefined'>, number>;

interface Row {
  /** The test method of test_functional.py that holds this expectation. */
  test: string;
  /** Under Bandit's examples/. */
  file: string;
  severity: Counts;
  confidence: Counts;
  /** Bandit's profile `{"exclude": [...]}` for this row: findings of these rules are not counted. */
  exclude?: readonly string[];
  /** `check_example(..., ignore_nosec=True)`: `# nosec` comments are not honoured. */
  ignoreNosec?: boolean;
}

/**
 * Every `check_example` of test_functional.py at Bandit's default configuration, in its order
 * (UNDEFINED is always 0 there and never produced here, so it is left out). The rows of
 * `test_asserts`, `test_try_except_continue` and `test_try_except_pass` are the default-configuration
 * ones (`test._config = {}`, `check_typed_exception: False`); the others are in NOT_REPRODUCED.
 */
const DEFAULT_ROWS: readonly Row[] = [
  { test: 'test_binding', file: 'binding.py', severity: { low: 0, medium: 1, high: 0 }, confidence: { low: 0, medium: 1, high: 0 } },
  { test: 'test_crypto_md5', file: 'crypto-md5.py', severity: { low: 0, medium: 16, high: 9 }, confidence: { low: 0, medium: 0, high: 25 } },
  { test: 'test_ciphers', file: 'ciphers.py', severity: { low: 0, medium: 1, high: 24 }, confidence: { low: 0, medium: 0, high: 25 } },
  { test: 'test_cipher_modes', file: 'cipher-modes.py', severity: { low: 0, medium: 1, high: 0 }, confidence: { low: 0, medium: 0, high: 1 } },
  { test: 'test_eval', file: 'eval.py', severity: { low: 0, medium: 3, high: 0 }, confidence: { low: 0, medium: 0, high: 3 } },
  { test: 'test_mark_safe', file: 'mark_safe.py', severity: { low: 0, medium: 1, high: 0 }, confidence: { low: 0, medium: 0, high: 1 } },
  { test: 'test_exec', file: 'exec.py', severity: { low: 0, medium: 1, high: 0 }, confidence: { low: 0, medium: 0, high: 1 } },
  { test: 'test_hardcoded_passwords', file: 'hardcoded-passwords.py', severity: { low: 16, medium: 0, high: 0 }, confidence: { low: 0, medium: 16, high: 0 } },
  { test: 'test_hardcoded_tmp', file: 'hardcoded-tmp.py', severity: { low: 0, medium: 3, high: 0 }, confidence: { low: 0, medium: 3, high: 0 } },
  { test: 'test_imports_aliases', file: 'imports-aliases.py', severity: { low: 4, medium: 1, high: 4 }, confidence: { low: 0, medium: 0, high: 9 } },
  { test: 'test_imports_from', file: 'imports-from.py', severity: { low: 3, medium: 0, high: 0 }, confidence: { low: 0, medium: 0, high: 3 } },
  { test: 'test_imports_function', file: 'imports-function.py', severity: { low: 2, medium: 0, high: 0 }, confidence: { low: 0, medium: 0, high: 2 } },
  { test: 'test_telnet_usage', file: 'telnetlib.py', severity: { low: 0, medium: 0, high: 2 }, confidence: { low: 0, medium: 0, high: 2 } },
  { test: 'test_ftp_usage', file: 'ftplib.py', severity: { low: 0, medium: 0, high: 3 }, confidence: { low: 0, medium: 0, high: 3 } },
  { test: 'test_imports', file: 'imports.py', severity: { low: 2, medium: 0, high: 0 }, confidence: { low: 0, medium: 0, high: 2 } },
  { test: 'test_imports_using_importlib', file: 'imports-with-importlib.py', severity: { low: 4, medium: 0, high: 0 }, confidence: { low: 0, medium: 0, high: 4 } },
  { test: 'test_mktemp', file: 'mktemp.py', severity: { low: 0, medium: 4, high: 0 }, confidence: { low: 0, medium: 0, high: 4 } },
  { test: 'test_okay', file: 'okay.py', severity: { low: 0, medium: 0, high: 0 }, confidence: { low: 0, medium: 0, high: 0 } },
  { test: 'test_subdirectory_okay', file: 'init-py-test/subdirectory-okay.py', severity: { low: 0, medium: 0, high: 0 }, confidence: { low: 0, medium: 0, high: 0 } },
  { test: 'test_os_chmod', file: 'os-chmod.py', severity: { low: 0, medium: 4, high: 8 }, confidence: { low: 0, medium: 1, high: 11 } },
  { test: 'test_os_exec', file: 'os-exec.py', severity: { low: 8, medium: 0, high: 0 }, confidence: { low: 0, medium: 8, high: 0 } },
  { test: 'test_os_popen', file: 'os-popen.py', severity: { low: 8, medium: 0, high: 1 }, confidence: { low: 0, medium: 0, high: 9 } },
  { test: 'test_os_spawn', file: 'os-spawn.py', severity: { low: 8, medium: 0, high: 0 }, confidence: { low: 0, medium: 8, high: 0 } },
  { test: 'test_os_startfile', file: 'os-startfile.py', severity: { low: 3, medium: 0, high: 0 }, confidence: { low: 0, medium: 3, high: 0 } },
  { test: 'test_os_system', file: 'os_system.py', severity: { low: 1, medium: 0, high: 0 }, confidence: { low: 0, medium: 0, high: 1 } },
  { test: 'test_pickle', file: 'pickle_deserialize.py', severity: { low: 1, medium: 3, high: 0 }, confidence: { low: 0, medium: 0, high: 4 } },
  { test: 'test_dill', file: 'dill.py', severity: { low: 1, medium: 3, high: 0 }, confidence: { low: 0, medium: 0, high: 4 } },
  { test: 'test_shelve', file: 'shelve_open.py', severity: { low: 1, medium: 2, high: 0 }, confidence: { low: 0, medium: 0, high: 3 } },
  { test: 'test_jsonpickle', file: 'jsonpickle.py', severity: { low: 0, medium: 3, high: 0 }, confidence: { low: 0, medium: 0, high: 3 } },
  { test: 'test_pandas_read_pickle', file: 'pandas_read_pickle.py', severity: { low: 1, medium: 1, high: 0 }, confidence: { low: 0, medium: 0, high: 2 } },
  { test: 'test_popen_wrappers', file: 'popen_wrappers.py', severity: { low: 7, medium: 0, high: 0 }, confidence: { low: 0, medium: 0, high: 7 } },
  { test: 'test_random_module', file: 'random_module.py', severity: { low: 12, medium: 0, high: 0 }, confidence: { low: 0, medium: 0, high: 12 } },
  { test: 'test_requests_ssl_verify_disabled', file: 'requests-ssl-verify-disabled.py', severity: { low: 0, medium: 0, high: 18 }, confidence: { low: 0, medium: 0, high: 18 } },
  { test: 'test_requests_without_timeout', file: 'requests-missing-timeout.py', severity: { low: 0, medium: 25, high: 0 }, confidence: { low: 25, medium: 0, high: 0 } },
  { test: 'test_skip', file: 'skip.py', severity: { low: 5, medium: 0, high: 0 }, confidence: { low: 0, medium: 0, high: 5 } },
  { test: 'test_sql_statements', file: 'sql_statements.py', severity: { low: 0, medium: 23, high: 0 }, confidence: { low: 11, medium: 12, high: 0 } },
  { test: 'test_multiline_sql_statements', file: 'sql_multiline_statements.py', severity: { low: 0, medium: 26, high: 0 }, confidence: { low: 13, medium: 13, high: 0 } },
  { test: 'test_ssl_insecure_version', file: 'ssl-insecure-version.py', severity: { low: 1, medium: 13, high: 9 }, confidence: { low: 0, medium: 14, high: 9 } },
  { test: 'test_subprocess_shell', file: 'subprocess_shell.py', severity: { low: 24, medium: 1, high: 11 }, confidence: { low: 1, medium: 0, high: 35 } },
  { test: 'test_urlopen', file: 'urlopen.py', severity: { low: 0, medium: 8, high: 0 }, confidence: { low: 0, medium: 0, high: 8 } },
  { test: 'test_wildcard_injection', file: 'wildcard-injection.py', severity: { low: 10, medium: 0, high: 4 }, confidence: { low: 0, medium: 5, high: 9 } },
  { test: 'test_django_sql_injection', file: 'django_sql_injection_extra.py', severity: { low: 0, medium: 11, high: 0 }, confidence: { low: 0, medium: 11, high: 0 } },
  { test: 'test_django_sql_injection_raw', file: 'django_sql_injection_raw.py', severity: { low: 0, medium: 6, high: 0 }, confidence: { low: 0, medium: 6, high: 0 } },
  { test: 'test_yaml', file: 'yaml_load.py', severity: { low: 0, medium: 2, high: 0 }, confidence: { low: 0, medium: 0, high: 2 } },
  { test: 'test_host_key_verification', file: 'no_host_key_verification.py', severity: { low: 0, medium: 0, high: 8 }, confidence: { low: 0, medium: 8, high: 0 } },
  { test: 'test_jinja2_templating', file: 'jinja2_templating.py', severity: { low: 0, medium: 0, high: 5 }, confidence: { low: 0, medium: 2, high: 3 } },
  { test: 'test_mako_templating', file: 'mako_templating.py', severity: { low: 0, medium: 3, high: 0 }, confidence: { low: 0, medium: 0, high: 3 } },
  { test: 'test_xml', file: 'xml_etree_celementtree.py', severity: { low: 1, medium: 4, high: 0 }, confidence: { low: 0, medium: 0, high: 5 } },
  { test: 'test_xml', file: 'xml_expatbuilder.py', severity: { low: 1, medium: 2, high: 0 }, confidence: { low: 0, medium: 0, high: 3 } },
  { test: 'test_xml', file: 'xml_pulldom.py', severity: { low: 2, medium: 2, high: 0 }, confidence: { low: 0, medium: 0, high: 4 } },
  { test: 'test_xml', file: 'xml_xmlrpc.py', severity: { low: 0, medium: 0, high: 1 }, confidence: { low: 0, medium: 0, high: 1 } },
  { test: 'test_xml', file: 'xml_etree_elementtree.py', severity: { low: 1, medium: 4, high: 0 }, confidence: { low: 0, medium: 0, high: 5 } },
  { test: 'test_xml', file: 'xml_expatreader.py', severity: { low: 1, medium: 1, high: 0 }, confidence: { low: 0, medium: 0, high: 2 } },
  { test: 'test_xml', file: 'xml_minidom.py', severity: { low: 2, medium: 2, high: 0 }, confidence: { low: 0, medium: 0, high: 4 } },
  { test: 'test_xml', file: 'xml_sax.py', severity: { low: 2, medium: 6, high: 0 }, confidence: { low: 0, medium: 0, high: 8 } },
  { test: 'test_httpoxy', file: 'httpoxy_cgihandler.py', severity: { low: 0, medium: 0, high: 1 }, confidence: { low: 0, medium: 0, high: 1 } },
  { test: 'test_httpoxy', file: 'httpoxy_twisted_script.py', severity: { low: 0, medium: 0, high: 1 }, confidence: { low: 0, medium: 0, high: 1 } },
  { test: 'test_httpoxy', file: 'httpoxy_twisted_directory.py', severity: { low: 0, medium: 0, high: 1 }, confidence: { low: 0, medium: 0, high: 1 } },
  { test: 'test_asserts', file: 'assert.py', severity: { low: 1, medium: 0, high: 0 }, confidence: { low: 0, medium: 0, high: 1 } },
  { test: 'test_paramiko_injection', file: 'paramiko_injection.py', severity: { low: 0, medium: 1, high: 0 }, confidence: { low: 0, medium: 1, high: 0 } },
  { test: 'test_partial_path', file: 'partial_path_process.py', severity: { low: 11, medium: 0, high: 0 }, confidence: { low: 0, medium: 0, high: 11 } },
  { test: 'test_try_except_continue', file: 'try_except_continue.py', severity: { low: 2, medium: 0, high: 0 }, confidence: { low: 0, medium: 0, high: 2 } },
  { test: 'test_try_except_pass', file: 'try_except_pass.py', severity: { low: 2, medium: 0, high: 0 }, confidence: { low: 0, medium: 0, high: 2 } },
  { test: 'test_weak_cryptographic_key', file: 'weak_cryptographic_key_sizes.py', severity: { low: 0, medium: 8, high: 8 }, confidence: { low: 0, medium: 0, high: 16 } },
  { test: 'test_flask_debug_true', file: 'flask_debug.py', severity: { low: 0, medium: 0, high: 1 }, confidence: { low: 0, medium: 1, high: 0 } },
  { test: 'test_nosec', file: 'nosec.py', severity: { low: 5, medium: 0, high: 0 }, confidence: { low: 0, medium: 0, high: 5 } },
  { test: 'test_unverified_context', file: 'unverified_context.py', severity: { low: 0, medium: 1, high: 0 }, confidence: { low: 0, medium: 0, high: 1 } },
  { test: 'test_hashlib_new_insecure_functions', file: 'hashlib_new_insecure_functions.py', severity: { low: 0, medium: 0, high: 9 }, confidence: { low: 0, medium: 0, high: 9 } },
  { test: 'test_blacklist_pycrypto', file: 'pycrypto.py', severity: { low: 0, medium: 0, high: 2 }, confidence: { low: 0, medium: 0, high: 2 } },
  { test: 'test_no_blacklist_pycryptodome', file: 'pycryptodome.py', severity: { low: 0, medium: 0, high: 0 }, confidence: { low: 0, medium: 0, high: 0 } },
  { test: 'test_blacklist_pyghmi', file: 'pyghmi.py', severity: { low: 1, medium: 0, high: 1 }, confidence: { low: 0, medium: 1, high: 1 } },
  { test: 'test_snmp_security_check', file: 'snmp.py', severity: { low: 0, medium: 3, high: 0 }, confidence: { low: 0, medium: 0, high: 3 } },
  { test: 'test_tarfile_unsafe_members', file: 'tarfile_extractall.py', severity: { low: 1, medium: 2, high: 2 }, confidence: { low: 1, medium: 2, high: 2 } },
  { test: 'test_pytorch_load', file: 'pytorch_load.py', severity: { low: 0, medium: 3, high: 0 }, confidence: { low: 0, medium: 0, high: 3 } },
  { test: 'test_trojansource', file: 'trojansource.py', severity: { low: 0, medium: 0, high: 1 }, confidence: { low: 0, medium: 1, high: 0 } },
  { test: 'test_trojansource_latin1', file: 'trojansource_latin1.py', severity: { low: 0, medium: 0, high: 0 }, confidence: { low: 0, medium: 0, high: 0 } },
  { test: 'test_markupsafe_markup_xss', file: 'markupsafe_markup_xss.py', severity: { low: 0, medium: 4, high: 0 }, confidence: { low: 0, medium: 0, high: 4 } },
  { test: 'test_huggingface_unsafe_download', file: 'huggingface_unsafe_download.py', severity: { low: 0, medium: 15, high: 0 }, confidence: { low: 0, medium: 0, high: 15 } },
];

/** The rows with non-default settings that we can reproduce: a rule excluded, or `# nosec` ignored (our `applySuppressions: false`). */
const SETTINGS_ROWS: readonly Row[] = [
  { test: 'test_ignore_skip', file: 'skip.py', severity: { low: 7, medium: 0, high: 0 }, confidence: { low: 0, medium: 0, high: 7 }, ignoreNosec: true },
  { test: 'test_django_xss_secure', file: 'mark_safe_secure.py', severity: { low: 0, medium: 0, high: 0 }, confidence: { low: 0, medium: 0, high: 0 }, exclude: ['B308'] },
  { test: 'test_django_xss_insecure', file: 'mark_safe_insecure.py', severity: { low: 0, medium: 29, high: 0 }, confidence: { low: 0, medium: 0, high: 29 }, exclude: ['B308'] },
];

/** The `check_example` calls not reproduced here, and why. */
const NOT_REPRODUCED: readonly { test: string; file: string; setting: string; reason: string }[] = [
  { test: 'test_asserts', file: 'assert.py', setting: 'test._config = {"skips": ["*assert.py"]}',
    reason: "B101's per-test `skips` glob is a Bandit plugin option; Snakepit excludes files through its own configuration" },
  { test: 'test_try_except_continue', file: 'try_except_continue.py', setting: 'check_typed_exception: True',
    reason: 'Snakepit has no check_typed_exception option (off by default in Bandit; the default row is checked)' },
  { test: 'test_try_except_pass', file: 'try_except_pass.py', setting: 'check_typed_exception: True',
    reason: 'Snakepit has no check_typed_exception option (off by default in Bandit; the default row is checked)' },
  { test: 'test_markupsafe_markup_xss_extend_markup_names', file: 'markupsafe_markup_xss_extend_markup_names.py',
    setting: 'markupsafe_xss: {extend_markup_names: ["webhelpers.html.literal"]}', reason: 'Snakepit has no markupsafe_xss options' },
  { test: 'test_markupsafe_markup_xss_allowed_calls', file: 'markupsafe_markup_xss_allowed_calls.py',
    setting: 'markupsafe_xss: {allowed_calls: ["bleach.clean"]}', reason: 'Snakepit has no markupsafe_xss options' },
];

/**
 * The default-configuration files where we report something else than Bandit 1.9.4: what we report,
 * the decision (`keep`: we are right, or it is a documented extension; `pending`: Bandit is right and
 * the fix is waiting, see the reason) and why. The test fails if one of them starts matching Bandit
 * (remove the entry) or changes.
 */
const DIFFERENCES: readonly { file: string; ours: Pick<Row, 'severity' | 'confidence'>; decision: 'keep' | 'pending'; reason: string }[] = [
  { file: 'os-chmod.py', ours: { severity: { low: 0, medium: 6, high: 8 }, confidence: { low: 0, medium: 1, high: 13 } }, decision: 'keep',
    reason: 'beyond Bandit (as Ruff S103): the mode may be `stat` constants, alone or combined with | or +, so lines 18 ' +
      '`os.chmod(..., stat.S_IXGRP)` and 19 `stat.S_IXOTH` are B103 (medium: executable by group / others) too; Bandit only ' +
      'reads integer literals. Same mode, same risk as 0o010 / 0o001, which Bandit does flag' },
];

function countsOf(findings: readonly Finding[]): Pick<Row, 'severity' | 'confidence'> {
  const severity: Counts = { low: 0, medium: 0, high: 0 };
  const confidence: Counts = { low: 0, medium: 0, high: 0 };
  for (const finding of findings) {
    severity[finding.severity as keyof Counts]++;
    confidence[finding.confidence as keyof Counts]++;
  }
  return { severity, confidence };
}

async function ourCounts(row: Row): Promise<Pick<Row, 'severity' | 'confidence'>> {
  const findings = await analyzeFile(path.join(EXAMPLES, row.file), { applySuppressions: !row.ignoreNosec });
  // Only Bandit's rules: our own (SP…, complexity) are not produced by this analyser anyway.
  return countsOf(findings.filter((finding) => !row.exclude?.includes(finding.ruleId)));
}

const sameCounts = (a: Pick<Row, 'severity' | 'confidence'>, b: Pick<Row, 'severity' | 'confidence'>) =>
  JSON.stringify(a.severity) === JSON.stringify(b.severity) && JSON.stringify(a.confidence) === JSON.stringify(b.confidence);

describe("parity with Bandit 1.9.4's functional tests (examples/ and test_functional.py)", function () {
  this.timeout(60000);
  const ours = new Map<Row, Pick<Row, 'severity' | 'confidence'>>();
  const defaultFiles = new Set(DEFAULT_ROWS.map((row) => row.file));

  before(async () => {
    for (const row of [...DEFAULT_ROWS, ...SETTINGS_ROWS]) ours.set(row, await ourCounts(row));
  });

  for (const row of [...DEFAULT_ROWS, ...SETTINGS_ROWS]) {
    const settings = row.ignoreNosec ? ' (nosec ignored)' : row.exclude ? ` (${row.exclude.join(', ')} excluded)` : '';
    const difference = DEFAULT_ROWS.includes(row) ? DIFFERENCES.find((d) => d.file === row.file) : undefined;
    it(`${row.test}: ${row.file}${settings}${difference ? ` (different: ${difference.decision})` : ''}`, () => {
      const counts = ours.get(row)!;
      if (difference) {
        assert.deepEqual(counts, difference.ours, `our counts changed; the documented difference: ${difference.reason}`);
        assert.ok(!sameCounts(counts, row), 'now matches Bandit: remove the DIFFERENCES entry');
      } else {
        assert.deepEqual(counts, { severity: row.severity, confidence: row.confidence });
      }
    });
  }

  it('matches at least 95% of the 78 default-configuration files exactly', () => {
    const exact = DEFAULT_ROWS.filter((row) => sameCounts(ours.get(row)!, row));
    console.log(`      parity with Bandit 1.9.4's functional tests: ${exact.length}/${defaultFiles.size} default-configuration files exact`);
    assert.equal(defaultFiles.size, DEFAULT_ROWS.length, 'one default row per file');
    assert.equal(defaultFiles.size, 78);
    assert.ok(exact.length >= Math.ceil(0.95 * defaultFiles.size), `${exact.length}/${defaultFiles.size}`);
  });

  it('accounts for every check_example call of test_functional.py', () => {
    // 87 calls: the default rows, the rows with settings we reproduce, those we do not, and test_asserts'
    // `{"skips": []}` call, which is the default configuration again (same file, same counts).
    assert.equal(DEFAULT_ROWS.length + SETTINGS_ROWS.length + NOT_REPRODUCED.length + 1, 87);
    assert.deepEqual(DIFFERENCES.filter((d) => !defaultFiles.has(d.file)).map((d) => d.file), []);
  });
});
