import * as assert from 'node:assert/strict';
import { inspectPath } from '../../../../src/core/packages/inspect/inspectPath';
import { localWheel } from './localWheels';

/** Popular, benign wheels: inspect must never fail them (warn at worst). */
const POPULAR = ['requests', 'urllib3', 'idna', 'certifi', 'six', 'attrs', 'click', 'flask', 'jinja2', 'charset-normalizer', 'pip', 'setuptools'];

describe('inspect: real popular wheels from the local index do not fail', function () {
  this.timeout(120_000);
  for (const project of POPULAR) {
    it(project, async function () {
      const wheel = localWheel(project);
      if (!wheel) {
        this.skip(); // no local index with this project on this machine (pip config lists none)
        return;
      }
      const result = await inspectPath(wheel);
      assert.notEqual(result.verdict, 'fail', `${project}: ${JSON.stringify(result.reasons.filter((r) => r.severity !== 'low'), null, 1)}`);
      assert.ok(result.pythonFiles > 0 && result.lines > 0);
      assert.ok(result.topLevelModules.length > 0, 'modules found');
      assert.equal(result.reasons.filter((r) => r.severity === 'high').length, 0);
    });
  }

  it('requests: name, version and modules from its METADATA and RECORD', async function () {
    const wheel = localWheel('requests');
    if (!wheel) return this.skip();
    const result = await inspectPath(wheel);
    assert.equal(result.name, 'requests');
    assert.match(result.version, /^\d+\.\d+/);
    assert.deepEqual(result.topLevelModules, ['requests']);
    assert.equal(result.verdict, 'pass');
  });
});
