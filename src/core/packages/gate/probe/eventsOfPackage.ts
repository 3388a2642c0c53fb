import type { BehaviorEvent } from '../../reasons';
import type { ProbeEvent } from './types';

export interface PackageIdentity {
  /** Project name as in the requirement (`spfx-setup-home`). */
  name: string;
  /** Its top-level modules (top_level.txt / RECORD). */
  modules: readonly string[];
}

/**
 * The events one package caused, from an events file shared by several: import/test events by the
 * module being imported; install events by where the acting code lives (the sdist's unpacked build
 * dir `/tmp/pip-install-…/<name>_<hash>/`, or the package's own files in site-packages).
 */
export function eventsOfPackage<E extends BehaviorEvent>(events: readonly E[], pkg: PackageIdentity): E[] {
  const modules = new Set(pkg.modules);
  const name = normalize(pkg.name);
  return events.filter((event) => {
    if (event.module && modules.has(event.module.split('.')[0])) return true;
    if (event.phase !== 'install') return false;
    const origin = (event as Partial<ProbeEvent>).origin ?? '';
    const file = origin.replace(/:\d+$/, '');
    const segments = file.split('/');
    const buildDir = segments.findIndex((s) => /^pip-(install|req-build|download)-/.test(s));
    if (buildDir >= 0 && segments[buildDir + 1] !== undefined && normalize(segments[buildDir + 1].replace(/_[0-9a-f]{32}$/, '')) === name) return true;
    const site = segments.findIndex((s) => s === 'site-packages' || s === 'dist-packages');
    return site >= 0 && modules.has((segments[site + 1] ?? '').replace(/\.py$/, ''));
  });
}

/** PEP 503 normalised project name. */
function normalize(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}
