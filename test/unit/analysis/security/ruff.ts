import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const REPO = path.resolve(__dirname, '../../../..');

/**
 * Ruff's executable: $SNAKEPIT_RUFF, else `ruff` on PATH, else `.vscode-test/ruff/bin/ruff`
 * under the repository (where CI installs it). Undefined when none of them runs.
 */
export function findRuff(): string | undefined {
  const candidates = [process.env.SNAKEPIT_RUFF, 'ruff', path.join(REPO, '.vscode-test/ruff/bin/ruff')];
  for (const candidate of candidates) {
    if (!candidate) continue;
    if (candidate.includes(path.sep) && !fs.existsSync(candidate)) continue;
    if (spawnSync(candidate, ['--version'], { stdio: 'ignore' }).status === 0) return candidate;
  }
  return undefined;
}

export function ruffVersion(ruff: string): string {
  return spawnSync(ruff, ['--version']).stdout.toString().trim();
}

/**
 * Ruff's flake8-bandit S-codes are Bandit's numbers with S for B (S602 ↔ B602), with these exceptions:
 * - no S613/S614/S615 (trojansource, torch.load, Hugging Face) and no S703 (Django mark_safe): Ruff has no such rules;
 * - S401–S415 are preview-only (S410 is removed), so a stable `--select S` never reports an import;
 * - S303 covers only Crypto/cryptography hash objects, hashlib being S324 (as in Bandit ≥ 1.7 on Python ≥ 3.9).
 * `ruff rule S608` etc. document each rule. Returns undefined for a code that is not an S rule (e.g. a syntax error).
 */
export function banditIdForRuffCode(code: string | null): string | undefined {
  return code && /^S\d{3}$/.test(code) ? `B${code.slice(1)}` : undefined;
}

export interface RuffFinding {
  file: string;
  line: number;
  ruleId: string;
}

/** `ruff check --select S` on `targets` (files or directories), mapped to Bandit IDs; files are absolute paths. */
export function runRuff(ruff: string, targets: readonly string[], cwd: string): RuffFinding[] {
  const run = spawnSync(ruff, ['check', '--select', 'S', '--output-format', 'json', '--no-cache', '--isolated', '--exit-zero', ...targets], {
    cwd,
    maxBuffer: 1 << 30,
  });
  if (run.status !== 0) throw new Error(`ruff failed (${run.status}): ${run.stderr.toString()}`);
  const report = JSON.parse(run.stdout.toString()) as { code: string | null; filename: string; location: { row: number } }[];
  const findings: RuffFinding[] = [];
  for (const item of report) {
    const ruleId = banditIdForRuffCode(item.code);
    if (ruleId) findings.push({ file: path.resolve(cwd, item.filename), line: item.location.row, ruleId });
  }
  return findings;
}
