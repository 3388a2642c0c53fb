import { createHash } from 'node:crypto';
import type { Reason } from '../../reasons';
import { dependencyConfusionShape, typosquatTarget } from '../../typosquat';
import type { DistContents } from '../archive/distFiles';
import type { DistLayout } from '../metadata';
import { makeReason } from '../reasonCatalog';

export interface DistIdentity {
  name: string;
  version: string;
  /** The artifact's file name, where metadata reasons point. */
  artifact: string;
  modules: string[];
}

function squash(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** Whether an import name plausibly belongs to a distribution name (`PyYAML`/`yaml`, `python-dateutil`/`dateutil`). */
export function namesRelated(distribution: string, module: string): boolean {
  const dist = squash(distribution).replace(/^python/, '').replace(/^py(?=...)/, '').replace(/python$/, '');
  const mod = squash(module).replace(/^py(?=...)/, '');
  if (!dist || !mod) return true;
  if (dist.includes(mod) || mod.includes(dist)) return true;
  const prefix = Math.min(3, dist.length, mod.length);
  return dist.slice(0, prefix) === mod.slice(0, prefix);
}

export function metadataReasons(contents: DistContents, layout: DistLayout, identity: DistIdentity, installHooks: boolean): Reason[] {
  const reasons: Reason[] = [];
  const { artifact, name, version, modules } = identity;
  const at = { file: layout.metadata?.file ?? artifact };
  if (!layout.metadata && contents.kind !== 'dir') {
    reasons.push(makeReason('missingMetadata', `${artifact} has no ${contents.kind === 'wheel' ? '*.dist-info/METADATA' : 'PKG-INFO'}: it was not built by a standard tool, and its name and version (${name} ${version}) come from the file name only.`, { file: artifact, severity: contents.kind === 'wheel' ? 'medium' : 'low' }));
  }
  const squat = name ? typosquatTarget(name) : undefined;
  if (squat) {
    reasons.push(makeReason('typosquat', `${name} looks like the popular project ${squat.intended} (${squat.how}): typosquatting packages take such names to be installed by mistake. Did you mean ${squat.intended}?`, { ...at, evidence: `${name} ~ ${squat.intended}` }));
  }
  if (/^0+(\.0+)*$/.test(version)) {
    reasons.push(makeReason('zeroVersion', `${name} has version ${version}, typical of throw-away or malicious uploads rather than released software.`, { ...at, evidence: version }));
  }
  const meta = layout.metadata;
  const metadataEmpty = !!meta && !meta.summary.trim() && !meta.description.trim() && !meta.homePage && meta.projectUrls.length === 0;
  if (metadataEmpty) {
    reasons.push(makeReason('emptyDescription', `${name} has no summary, no description and no home page: nothing tells you who publishes it or what it is for.`, at));
  }
  const confusion = name && !squat ? dependencyConfusionShape({ name, version, metadataEmpty }) : undefined;
  if (confusion) {
    reasons.push(makeReason('dependencyConfusion', `${name} ${version} has the shape of a dependency-confusion upload: ${confusion.how}. If your organisation has a private package called ${name}, this public one is not it; install from your own index only (pip --index-url, not --extra-index-url).`, { ...at, evidence: `${name} ${version}` }));
  }
  const singleModule = modules.length === 1 && contents.files.filter((f) => f.path.endsWith('.py') && !/(^|\/)setup\.py$/.test(f.path)).length <= 1;
  if (singleModule && installHooks) {
    reasons.push(makeReason('singleModuleWithHooks', `${name} is a single module with install-time hooks: a common shape for packages that exist only to run code on installation. Read setup.py before installing.`, at));
  }
  if (name && modules.length > 0 && !modules.some((m) => namesRelated(name, m))) {
    reasons.push(makeReason('nameImportMismatch', `${name} installs modules with unrelated names (${modules.slice(0, 5).join(', ')}); after installing, \`import ${modules[0]}\` is what runs. Check that this is the project you meant.`, { ...at, evidence: modules.slice(0, 5).join(', ') }));
  }
  if (contents.kind === 'wheel' && layout.record) reasons.push(...recordReasons(contents, layout));
  return reasons;
}

/** Files in a wheel missing from RECORD, and files whose content does not match their RECORD hash. */
function recordReasons(contents: DistContents, layout: DistLayout): Reason[] {
  const record = layout.record!;
  const recordFile = contents.files.find((f) => f.path === `${layout.distInfo}RECORD`);
  const hashes = new Map<string, string>();
  for (const line of recordFile?.data?.toString('utf8').split(/\r?\n/) ?? []) {
    const m = /^(.*),sha256=([A-Za-z0-9_=-]+),\d*$/.exec(line);
    if (m) hashes.set(m[1].replace(/^"|"$/g, ''), m[2]);
  }
  const reasons: Reason[] = [];
  const unlisted = contents.files.filter((f) => !record.has(f.path) && !/\.dist-info\/RECORD(\.jws|\.p7s)?$/.test(f.path));
  if (unlisted.length > 0) {
    reasons.push(makeReason('recordMismatch', `${unlisted.length} file(s) of the wheel are not listed in its RECORD (${unlisted.slice(0, 3).map((f) => f.path).join(', ')}): added after the wheel was built. Find out where they come from.`, { file: unlisted[0].path, evidence: unlisted.slice(0, 3).map((f) => f.path).join(', ') }));
  }
  for (const file of contents.files) {
    const expected = hashes.get(file.path);
    if (!expected || !file.data) continue;
    // PEP 376 says urlsafe base64 without padding; a few builders (gmsh) write hex.
    const digest = createHash('sha256').update(file.data);
    const actual = /^[0-9a-f]{64}$/.test(expected) ? digest.digest('hex') : digest.digest('base64url');
    if (actual !== expected.replace(/=+$/, '')) {
      reasons.push(makeReason('recordMismatch', `${file.path} does not match the sha256 its RECORD lists: the file was changed after the wheel was built. Do not install it.`, { file: file.path, evidence: `RECORD ${expected}, actual ${actual}`, severity: 'high' }));
    }
  }
  return reasons;
}
