import * as assert from 'node:assert/strict';
import { inspectPath, type InspectedPackage } from '../../../../src/core/packages/inspect/inspectPath';
import { INSPECT_REASONS } from '../../../../src/core/packages/inspect/reasonCatalog';
import { PAYLOAD_FIXTURES, type PayloadFixture } from '../../../fixtures/inspect/payloads';
import { buildTarGz, buildWheelEntries, buildZip, sdistEntries, TempDir, wheelFileName } from './builders';

/** The fixture as the artifact pip would download: a wheel (zip) or an sdist (tar.gz), built in memory. */
async function build(tmp: TempDir, fixture: PayloadFixture, index: number): Promise<string> {
  const name = `fixturepkg${index}`;
  if (fixture.kind === 'wheel') {
    const files: Record<string, string> = { ...fixture.files };
    if (fixture.entryPoints) files[`${name}-1.0.dist-info/entry_points.txt`] = fixture.entryPoints;
    const spec = { name, version: '1.0', files, topLevel: ['fixturepkg'] };
    return tmp.write(wheelFileName(spec), buildZip(buildWheelEntries(spec)));
  }
  return tmp.write(`${name}-1.0.tar.gz`, await buildTarGz(sdistEntries(name, '1.0', fixture.files)));
}

const serious = (result: InspectedPackage) => [...new Set(result.reasons.filter((r) => r.severity !== 'low').map((r) => `${r.code}:${r.severity}`))].sort();

describe('inspect: real malicious payload shapes fail, their benign near-misses do not', () => {
  let tmp: TempDir;
  before(() => (tmp = new TempDir()));
  after(() => tmp.remove());

  PAYLOAD_FIXTURES.forEach((fixture, index) => {
    it(`${fixture.item}. ${fixture.title} → ${fixture.verdict}`, async () => {
      const result = await inspectPath(await build(tmp, fixture, index));
      const detail = JSON.stringify(result.reasons.map((r) => `${r.code}:${r.severity} ${r.file}:${r.line} ${r.evidence}`), null, 1);
      assert.equal(result.verdict, fixture.verdict, detail);
      assert.deepEqual(serious(result), [...fixture.codes].sort(), detail);
    });
  });

  it('every reason a fixture produces says where (file, line), shows evidence, why it matters and what to do', async () => {
    const known = new Set<string>(Object.values(INSPECT_REASONS).map((r) => r.code));
    for (const [index, fixture] of PAYLOAD_FIXTURES.entries()) {
      const result = await inspectPath(await build(tmp, fixture, 100 + index));
      for (const r of result.reasons) {
        assert.ok(known.has(r.code), `${r.code} is in the catalog`);
        // Metadata reasons point at METADATA/PKG-INFO as a whole; code reasons at a line.
        if (!/^SPK00/.test(r.code)) {
          assert.ok(r.file && typeof r.line === 'number' && r.line > 0, `${r.code} has a file and line: ${JSON.stringify(r)}`);
          assert.ok(r.evidence && r.evidence.length > 0, `${r.code} shows evidence: ${JSON.stringify(r)}`);
        }
        assert.ok(r.message.length > 60, `${r.code} explains itself: ${r.message}`);
      }
    }
  });

  it('fixtures name no real host: every URL and host is a *.invalid name', () => {
    for (const fixture of PAYLOAD_FIXTURES) {
      const text = Object.values(fixture.files).join('\n');
      for (const m of text.matchAll(/\b(?:https?|ftp):\/\/([^/\s'"\\:]+)/g)) assert.match(m[1], /\.invalid$/, `${fixture.title}: ${m[0]}`);
      for (const m of text.matchAll(/\/dev\/tcp\/([^/\s'"]+)/g)) assert.match(m[1], /\.invalid$/, m[0]);
    }
  });
});
