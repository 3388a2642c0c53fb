import type { Reason } from '../../reasons';
import type { DistContents } from '../archive/distFiles';
import { makeReason } from '../reasonCatalog';
import { executableKind } from './payload';

const NATIVE_LIBRARY = /\.(so(\.\d+)*|dll|dylib|pyd)$/i;

/** The `python-abi-platform` tag of a wheel file name (`requests-2.0-py3-none-any.whl` → `py3-none-any`). */
function fileNameTag(fileName: string): string | undefined {
  const parts = fileName.replace(/\.whl$/i, '').split('-');
  return parts.length >= 5 ? parts.slice(-3).join('-') : undefined;
}

/**
 * A wheel whose WHEEL tags and file-name tag are all `*-none-any` promises pure Python. Both are asked:
 * some platform wheels (playwright) keep `py3-none-any` in WHEEL and name the platform only in the file name.
 */
export function isPureWheel(tags: readonly string[], fileName = ''): boolean {
  const all = [...tags, fileNameTag(fileName) ?? 'py3-none-any'];
  return tags.length > 0 && all.every((t) => /-none-any$/.test(t));
}

/**
 * The Windows script launchers distlib (t32.exe, w64-arm.exe, …) and setuptools (cli-64.exe, gui-arm64.exe, …) ship
 * in pure-Python wheels, where the project that owns them keeps them; anywhere else a program of that name warns.
 */
const SCRIPT_LAUNCHERS: ReadonlyArray<[RegExp, RegExp]> = [
  [/^(pip\/_vendor\/distlib|distlib)\/[tw](32|64|64-arm)\.exe$/, /^(pip|distlib)$/],
  [/^setuptools\/(cli|gui)(-32|-64|-arm64)?\.exe$/, /^setuptools$/],
];
const isOwnLauncher = (file: string, project: string | undefined) => project !== undefined && SCRIPT_LAUNCHERS.some(([where, owner]) => where.test(file) && owner.test(project));

/** Extensions of files that are never programs: a program saved under one is disguised. */
const DISGUISE = /\.(py|pyc|txt|md|rst|json|ya?ml|toml|cfg|ini|csv|png|jpe?g|gif|svg|ico|html?|css|js|dat)$/i;

/**
 * Programs and native libraries where none are expected: native code in a pure-Python wheel or a
 * program in an sdist warns (pip, setuptools and PuLP ship launchers and solvers that way); a program
 * disguised under a text or image file name fails anywhere. Platform wheels are expected to carry native code.
 */
export function bundledBinaries(contents: DistContents, wheelTags: readonly string[], fileName = '', project?: string): Reason[] {
  const pure = contents.kind === 'wheel' && isPureWheel(wheelTags, fileName);
  const reasons: Reason[] = [];
  for (const file of contents.files) {
    const kind = executableKind(file.head);
    const library = NATIVE_LIBRARY.test(file.path);
    if (!kind && !library) continue;
    const what = kind ? `${kind} ${library ? 'library' : 'program'}` : 'native library';
    if (contents.kind === 'wheel' && !pure && !(kind && DISGUISE.test(file.path))) continue;
    const disguised = kind !== undefined && DISGUISE.test(file.path);
    if (disguised) {
      reasons.push(makeReason('unexpectedNative', `${file.path} is ${article(kind)} program disguised by its file name: nothing legitimate hides a program as a text or image file. Do not install it.`, { file: file.path, evidence: `${kind} ${file.size} bytes`, severity: 'high' }));
    } else if (pure && kind && isOwnLauncher(file.path, project)) {
      reasons.push(makeReason('unexpectedNative', `${file.path} is ${article(what)} in a pure-Python wheel: the Windows script launcher ${project} ships for console scripts, not built from the sources you can read.`, { file: file.path, evidence: `${kind} ${file.size} bytes`, severity: 'low' }));
    } else if (pure) {
      reasons.push(makeReason('unexpectedNative', `${file.path} is ${article(what)}, but the wheel is tagged ${wheelTags.join('.')} (pure Python): native code there is not built from the sources you can read. Some projects ship launchers or solvers this way (pip, setuptools, PuLP); find out why this one does.`, { file: file.path, evidence: `${kind ?? 'extension'} ${file.size} bytes` }));
    } else if (kind) {
      reasons.push(makeReason('bundledExecutable', `${file.path} is a prebuilt ${what} inside a source distribution; it is not built from the sources you can read. Find out why it is shipped.`, { file: file.path, evidence: `${kind} ${file.size} bytes` }));
    }
  }
  return reasons;
}

function article(word: string): string {
  return `${/^[AEIOU]/i.test(word) ? 'an' : 'a'} ${word}`;
}
