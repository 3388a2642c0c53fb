/** Why an archive entry's name is unsafe to use as a path, or undefined when it is safe. */
export type UnsafeName = 'traversal' | 'absolute' | 'backslash' | 'control';

export function unsafeEntryName(name: string): UnsafeName | undefined {
  if ([...name].some((c) => c.charCodeAt(0) < 0x20)) return 'control';
  if (name.includes('\\')) return 'backslash';
  if (name.startsWith('/') || /^[a-zA-Z]:/.test(name)) return 'absolute';
  if (name.split('/').includes('..')) return 'traversal';
  return undefined;
}

/** `./a//b/` → `a/b`: the path a safe name denotes inside the distribution. */
export function normalizeEntryName(name: string): string {
  return name
    .split('/')
    .filter((part) => part !== '' && part !== '.')
    .join('/');
}

/** Whether a link target, resolved against the link's own directory, stays inside the archive. */
export function linkStaysInside(linkPath: string, target: string): boolean {
  if (target.startsWith('/') || /^[a-zA-Z]:/.test(target) || target.includes('\\')) return false;
  const parts = linkPath.split('/').slice(0, -1);
  for (const part of target.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (parts.length === 0) return false;
      parts.pop();
    } else {
      parts.push(part);
    }
  }
  return true;
}
