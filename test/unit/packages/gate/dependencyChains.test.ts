import * as assert from 'node:assert/strict';
import { nameDependencyChains } from '../../../../src/core/packages/gate/dependencyChains';
import type { GateRequirement } from '../../../../src/core/packages/gate/gateRequirement';
import type { PackageValidation } from '../../../../src/core/packages/gate/report';

const pkg = (name: string): PackageValidation => ({ name, version: '1.0', requested: `${name}==1.0`, verdict: 'pass', score: 100, cached: false, artifacts: [], reasons: [], behavior: [], timings: { ingestMs: 0, testMs: 0, totalMs: 0 } });
const requirement = (name: string) => ({ name }) as GateRequirement;

describe('dependency chains (which requirement pulled a dependency in)', () => {
  it('names the shortest chain from a requirement asked for, through Requires-Dist, ignoring extras', () => {
    const packages = ['colorful', 'colorful-core', 'payload_lib', 'urllib3', 'pysocks'].map(pkg);
    nameDependencyChains(packages, [requirement('colorful')], new Map([
      ['colorful', ['Colorful_Core>=1.0', 'urllib3; python_version >= "3"', 'PySocks>=1.5; extra == "socks"']],
      ['colorful-core', ['payload-lib']],
    ]));
    const chains = Object.fromEntries(packages.map((p) => [p.name, p.pulledInBy]));
    assert.deepEqual(chains, {
      colorful: undefined,
      'colorful-core': ['colorful', 'colorful-core'],
      payload_lib: ['colorful', 'colorful-core', 'payload_lib'],
      urllib3: ['colorful', 'urllib3'],
      pysocks: undefined,
    });
  });
});
