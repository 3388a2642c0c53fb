import type { ImportRecord } from '../importScope';
import type { PythonVersion } from './pythonVersion';
import { isStdlibModule } from './stdlibModules';

export type ImportKind = 'stdlib' | 'thirdParty' | 'local';

export interface ImportClassifierOptions {
  readonly pythonVersion: PythonVersion;
  /**
   * Whether a top-level name is a module or package of the workspace (`app` for
   * `app/__init__.py` or `app.py`). The caller decides how to look, so the core does no I/O.
   */
  readonly isLocalModule: (topLevelName: string) => boolean;
}

/** The top-level name of a dotted module (`xml` for `xml.etree.ElementTree`). */
export function topLevelName(module: string): string {
  const dot = module.indexOf('.');
  return dot < 0 ? module : module.slice(0, dot);
}

/**
 * Where an import comes from: relative imports are local; then the standard library
 * of the target version; then modules of the workspace; anything else is third-party.
 */
export function classifyImport(record: Pick<ImportRecord, 'module' | 'level'>, options: ImportClassifierOptions): ImportKind {
  if (record.level > 0 || record.module === '') return 'local';
  const top = topLevelName(record.module);
  if (isStdlibModule(top, options.pythonVersion)) return 'stdlib';
  if (options.isLocalModule(top)) return 'local';
  return 'thirdParty';
}
