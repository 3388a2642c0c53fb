/**
 * Limits that keep a hostile archive from exhausting memory or disk while it is read.
 * Defaults sit well above what real wheels need (the largest of ~850 real wheels,
 * tensorflow, has ~1.2 GB uncompressed in ~20k entries) and far below what a bomb needs.
 */
export interface ArchiveLimits {
  /** Most entries (files, directories, links) an archive may hold. */
  maxEntries: number;
  /** Most bytes all entries may hold uncompressed, as declared or as read. */
  maxTotalBytes: number;
  /** Largest single file read into memory; larger files are skipped with a reason. */
  maxFileBytes: number;
  /**
   * Highest uncompressed:compressed ratio, of one entry and of the archive as a whole, checked once
   * the uncompressed bytes pass `ratioFloorBytes` (real wheels: a few single entries reach 1000:1
   * at 2–3 MiB, e.g. onnx test data; none exceeds 75:1 above 16 MiB).
   */
  maxCompressionRatio: number;
  /** Entries smaller than this are not ratio-checked: a small file compressing well is harmless. */
  ratioFloorBytes: number;
}

export const DEFAULT_LIMITS: Readonly<ArchiveLimits> = {
  maxEntries: 100_000,
  maxTotalBytes: 4 * 1024 ** 3,
  maxFileBytes: 16 * 1024 ** 2,
  maxCompressionRatio: 200,
  ratioFloorBytes: 16 * 1024 ** 2,
};

export function withDefaults(limits: Partial<ArchiveLimits> | undefined): ArchiveLimits {
  return { ...DEFAULT_LIMITS, ...limits };
}
