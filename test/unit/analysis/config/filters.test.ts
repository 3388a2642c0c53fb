import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { defaultConfig, isExcluded, isRuleEnabled, passesThresholds, type AnalysisConfig } from '../../../../src/core/analysis/config';

const root = path.resolve('/project');
const config = (overrides: Partial<AnalysisConfig>): AnalysisConfig => ({ ...defaultConfig(root), ...overrides });

describe('config: isRuleEnabled', () => {
  it('enables everything by default', () => {
    for (const id of ['B101', 'B602', 'SP001', 'SP100', 'C901']) assert.ok(isRuleEnabled(defaultConfig(root), id), id);
  });

  it('selects by prefix, like Ruff', () => {
    const c = config({ select: ['B6'] });
    assert.ok(isRuleEnabled(c, 'B601'));
    assert.ok(isRuleEnabled(c, 'B615'));
    assert.equal(isRuleEnabled(c, 'B501'), false);
    assert.equal(isRuleEnabled(c, 'SP001'), false);
  });

  it('lets the more specific of select and ignore win, ignore on a tie', () => {
    assert.equal(isRuleEnabled(config({ select: ['B'], ignore: ['B1'] }), 'B101'), false);
    assert.ok(isRuleEnabled(config({ select: ['B'], ignore: ['B1'] }), 'B201'));
    assert.ok(isRuleEnabled(config({ select: ['B101'], ignore: ['B1'] }), 'B101'));
    assert.equal(isRuleEnabled(config({ select: ['B101'], ignore: ['B101'] }), 'B101'), false);
    assert.equal(isRuleEnabled(config({ ignore: ['SP'] }), 'SP003'), false);
    assert.equal(isRuleEnabled(config({ select: ['ALL'], ignore: ['ALL'] }), 'B101'), false);
  });

  it("limits Bandit rules to Bandit's tests without touching other families", () => {
    const c = config({ banditTests: ['B602', 'B3'] });
    assert.ok(isRuleEnabled(c, 'B602'));
    assert.ok(isRuleEnabled(c, 'B301'));
    assert.equal(isRuleEnabled(c, 'B101'), false);
    assert.ok(isRuleEnabled(c, 'SP001'));
    assert.equal(isRuleEnabled({ ...c, ignore: ['B602'] }, 'B602'), false);
  });
});

describe('config: passesThresholds', () => {
  it('keeps findings at or above both thresholds', () => {
    const c = config({ severity: 'medium', confidence: 'high' });
    assert.ok(passesThresholds(c, { severity: 'medium', confidence: 'high' }));
    assert.ok(passesThresholds(c, { severity: 'high', confidence: 'high' }));
    assert.equal(passesThresholds(c, { severity: 'low', confidence: 'high' }), false);
    assert.equal(passesThresholds(c, { severity: 'high', confidence: 'medium' }), false);
  });

  it('keeps everything with the default thresholds', () => {
    assert.ok(passesThresholds(defaultConfig(root), { severity: 'low', confidence: 'low' }));
  });
});

describe('config: isExcluded', () => {
  it('excludes the default directories at any depth', () => {
    const c = defaultConfig(root);
    assert.ok(isExcluded(c, '.venv/lib/python3.12/site-packages/x.py'));
    assert.ok(isExcluded(c, 'pkg/__pycache__/a.py'));
    assert.ok(isExcluded(c, 'my.egg-info/PKG-INFO'));
    assert.equal(isExcluded(c, 'src/app.py'), false);
    assert.equal(isExcluded(c, 'src/venvironment.py'), false);
  });

  it('matches slash-free patterns against any path segment', () => {
    const c = config({ exclude: ['generated', '*_pb2.py'] });
    assert.ok(isExcluded(c, 'generated/a.py'));
    assert.ok(isExcluded(c, 'src/generated/deep/a.py'));
    assert.ok(isExcluded(c, 'api/foo_pb2.py'));
    assert.equal(isExcluded(c, 'src/generated_code.py'), false);
  });

  it('anchors patterns with a slash at the root and excludes what is below a match', () => {
    const c = config({ exclude: ['src/legacy', '/build', 'tests/**/fixtures', './docs/'] });
    assert.ok(isExcluded(c, 'src/legacy/old.py'));
    assert.equal(isExcluded(c, 'lib/src/legacy/old.py'), false);
    assert.ok(isExcluded(c, 'build/lib/a.py'));
    assert.equal(isExcluded(c, 'pkg/build/a.py'), false);
    assert.ok(isExcluded(c, 'tests/unit/fixtures/a.py'));
    assert.ok(isExcluded(c, 'docs/conf.py'));
  });

  it('accepts absolute paths under the root and Windows separators', () => {
    const c = config({ exclude: ['src/legacy'] });
    assert.ok(isExcluded(c, path.join(root, 'src', 'legacy', 'a.py')));
    assert.ok(isExcluded(c, 'src\\legacy\\a.py'));
    assert.equal(isExcluded(c, path.resolve('/elsewhere/src/legacy/a.py')), false);
  });
});
