import type { Manifest } from './manifest';

/** One installed distribution as a history entry lists it: its RECORD's digest stands for all its files. */
export interface ListedDistribution {
  name: string;
  version: string;
  /** sha256 of its RECORD file. */
  record: string;
}

export interface ListingChanges {
  added: ListedDistribution[];
  removed: ListedDistribution[];
  /** Same name, other version or other files. */
  changed: Array<{ name: string; from: string; to: string }>;
}

/** The distributions of a manifest, from its `name-version.dist-info/RECORD` files, sorted by name. */
export function listDistributionsOf(manifest: Manifest): ListedDistribution[] {
  const found: ListedDistribution[] = [];
  for (const tree of manifest.trees) {
    for (const [relative, entry] of Object.entries(tree)) {
      const match = /(?:^|\/)([^/]+)-([^/-]+)\.dist-info\/RECORD$/.exec(relative);
      if (match && entry.type === 'f') found.push({ name: match[1].replace(/[-_.]+/g, '-').toLowerCase(), version: match[2], record: entry.sha256! });
    }
  }
  return found.sort((a, b) => a.name.localeCompare(b.name) || a.version.localeCompare(b.version));
}

export function compareListings(before: ListedDistribution[], after: ListedDistribution[]): ListingChanges {
  const old = new Map(before.map((d) => [d.name, d]));
  const now = new Map(after.map((d) => [d.name, d]));
  const changes: ListingChanges = { added: [], removed: [], changed: [] };
  for (const d of after) {
    const was = old.get(d.name);
    if (!was) changes.added.push(d);
    else if (was.version !== d.version || was.record !== d.record) changes.changed.push({ name: d.name, from: was.version, to: d.version });
  }
  for (const d of before) if (!now.has(d.name)) changes.removed.push(d);
  return changes;
}

export function describeChanges(changes: ListingChanges): string {
  const parts = [
    ...changes.added.map((d) => `+${d.name} ${d.version}`),
    ...changes.removed.map((d) => `-${d.name} ${d.version}`),
    ...changes.changed.map((c) => (c.from === c.to ? `~${c.name} ${c.to} (files)` : `~${c.name} ${c.from}→${c.to}`)),
  ];
  return parts.length ? parts.join(', ') : 'no distribution changed';
}
