import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyze } from './analyze';
import { expectedFindings, findingKeys, fixtureFiles, FIXTURES } from './expectations';
import { RULES } from '../../../../src/core/analysis/security';

describe('security rules on annotated fixtures', () => {
  const seenRules = new Set<string>();

  for (const file of fixtureFiles()) {
    it(`${file}: reports exactly the findings marked "# expect:"`, async () => {
      const source = fs.readFileSync(path.join(FIXTURES, file), 'utf8');
      const findings = await analyze(source);
      for (const finding of findings) seenRules.add(finding.ruleId);
      assert.deepEqual(findingKeys(findings), expectedFindings(source));
    });
  }

  it('every catalogued rule fires in at least one fixture', () => {
    const missing = [...RULES.keys()].filter((id) => !seenRules.has(id));
    assert.deepEqual(missing, []);
  });
});
