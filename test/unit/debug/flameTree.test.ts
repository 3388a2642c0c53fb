import * as assert from 'node:assert/strict';
import { buildFlameTree, type FlameNode } from '../../../src/core/debug/profile/flameTree';
import { hottest, mapProfilePaths, parseProfileReport, type ProfileFunction, type ProfileReport } from '../../../src/core/debug/profile/profileReport';

type Edge = [callerId: number, cumtime: number];

function fn(id: number, name: string, tottime: number, cumtime: number, callers: Edge[], calls = 1): ProfileFunction {
  return {
    id,
    file: `/work/workspace/${name}.py`,
    line: id + 1,
    name,
    calls,
    primitiveCalls: calls,
    tottime,
    cumtime,
    callers: callers.map(([callerId, edgeCum]) => ({ id: callerId, calls: 1, primitiveCalls: 1, tottime: 0, cumtime: edgeCum })),
  };
}

function report(functions: ProfileFunction[]): ProfileReport {
  return { version: 1, python: '3.11.2', exitCode: 0, wallTime: 1, totalTime: functions.reduce((s, f) => s + f.tottime, 0), functions };
}

/** "name value" lines, indented by depth, values rounded to 3 places. */
function shape(node: FlameNode, depth = 0): string[] {
  return [`${'  '.repeat(depth)}${node.name} ${node.value.toFixed(3)} self ${node.self.toFixed(3)}`, ...node.children.flatMap((c) => shape(c, depth + 1))];
}

describe('buildFlameTree', () => {
  it('splits a shared callee by the time each caller spent in it', () => {
    // main → a (6 s) → util (4 s); main → b (3 s) → util (1 s); main's own time 1 s.
    const tree = buildFlameTree(report([
      fn(0, 'main', 1, 10, []),
      fn(1, 'a', 2, 6, [[0, 6]]),
      fn(2, 'b', 2, 3, [[0, 3]]),
      fn(3, 'util', 5, 5, [[1, 4], [2, 1]], 2),
    ]));
    assert.deepEqual(shape(tree), [
      'all 10.000 self 0.000',
      '  main 10.000 self 1.000',
      '    a 6.000 self 2.000',
      '      util 4.000 self 4.000',
      '    b 3.000 self 2.000',
      '      util 1.000 self 1.000',
    ]);
  });

  it('scales a callee\'s subtree to the share of the path it is on', () => {
    // util (4 s) calls leaf for 2 s of its time; from a it gets 3 s, from b 1 s.
    const tree = buildFlameTree(report([
      fn(0, 'main', 0, 4, []),
      fn(1, 'a', 0, 3, [[0, 3]]),
      fn(2, 'b', 0, 1, [[0, 1]]),
      fn(3, 'util', 2, 4, [[1, 3], [2, 1]]),
      fn(4, 'leaf', 2, 2, [[3, 2]]),
    ]));
    const util = (parent: string) => tree.children[0].children.find((c) => c.name === parent)!.children[0];
    assert.equal(util('a').children[0].value, 1.5, 'leaf under a: 2 s × 3/4');
    assert.equal(util('b').children[0].value, 0.5, 'leaf under b: 2 s × 1/4');
  });

  it('does not expand recursion again, and counts it as the function\'s own time', () => {
    const tree = buildFlameTree(report([fn(0, 'main', 0, 5, []), fn(1, 'fib', 5, 5, [[0, 5], [1, 4.9]], 99)]));
    assert.deepEqual(shape(tree), ['all 5.000 self 0.000', '  main 5.000 self 0.000', '    fib 5.000 self 5.000']);
  });

  it('finds the top of a cyclic graph (exec called back by the imports it runs)', () => {
    const tree = buildFlameTree(report([
      fn(0, 'exec', 0, 8, [[3, 0.5]]),
      fn(1, '<module>', 0, 8, [[0, 8]]),
      fn(2, 'work', 7, 7, [[1, 7]]),
      fn(3, '_find_and_load', 0.5, 1, [[1, 1]]),
    ]));
    assert.equal(tree.children.length, 1);
    assert.equal(tree.children[0].name, 'exec');
    assert.equal(tree.value, 8);
    assert.deepEqual(tree.children[0].children[0].children.map((c) => c.name), ['work', '_find_and_load']);
  });

  it('drops boxes narrower than minFraction and cuts at maxDepth', () => {
    const functions = [fn(0, 'main', 0, 100, []), fn(1, 'big', 99.99, 99.99, [[0, 99.99]]), fn(2, 'tiny', 0.01, 0.01, [[0, 0.01]])];
    assert.deepEqual(buildFlameTree(report(functions)).children[0].children.map((c) => c.name), ['big']);
    assert.deepEqual(buildFlameTree(report(functions), { minFraction: 0 }).children[0].children.map((c) => c.name), ['big', 'tiny']);
    assert.deepEqual(buildFlameTree(report(functions), { maxDepth: 1 }).children[0].children, []);
  });
});

describe('profile report', () => {
  const valid = report([fn(0, 'main', 1, 3, []), fn(1, 'hot', 2, 2, [[0, 2]], 7)]);

  it('parses the helper\'s JSON and names what is wrong with a bad one', () => {
    assert.deepEqual(parseProfileReport(JSON.stringify(valid)), valid);
    assert.throws(() => parseProfileReport('{not json'), /not JSON/);
    assert.throws(() => parseProfileReport(JSON.stringify({ version: 2, functions: [] })), /version 1/);
    assert.throws(() => parseProfileReport(JSON.stringify({ ...valid, functions: [{ id: 0, name: 'x' }] })), /malformed function entry/);
    assert.throws(() => parseProfileReport(JSON.stringify(report([fn(0, 'a', 0, 0, [[9, 0]])]))), /unknown caller 9/);
  });

  it('maps workspace files to the host and ranks by own time', () => {
    const mapped = mapProfilePaths(valid, (p) => (p.startsWith('/work/workspace/') ? `/home/me/proj/${p.slice('/work/workspace/'.length)}` : undefined));
    assert.deepEqual(mapped.functions.map((f) => [f.file, f.inWorkspace]), [['/home/me/proj/main.py', true], ['/home/me/proj/hot.py', true]]);
    const builtin = mapProfilePaths(report([{ ...fn(0, 'len', 1, 1, []), file: '~' }]), () => '/never');
    assert.deepEqual([builtin.functions[0].file, builtin.functions[0].inWorkspace], ['~', false]);
    assert.deepEqual(hottest(valid, 1).map((f) => f.name), ['hot']);
  });
});
