import { LABEL, OWNER_LABEL_VALUE, type SandboxRecord } from './engine';

/** The labels every object made for a sandbox carries (docker: container, volume, helpers, snapshot volumes; the FakeEngine keeps them the same way). */
export function sandboxLabels(
  record: Pick<SandboxRecord, 'name' | 'purpose' | 'createdAt' | 'owner'> & Partial<Pick<SandboxRecord, 'image' | 'network' | 'workDir' | 'scope'>>,
  extra: Record<string, string> = {},
): Record<string, string> {
  // Enough to rebuild the sandbox's record from the engine alone if the state file is lost.
  const recovery: Record<string, string> = { [LABEL.ownerHost]: record.owner.hostname };
  if (record.image) recovery[LABEL.image] = record.image;
  if (record.network) recovery[LABEL.network] = record.network;
  if (record.workDir) recovery[LABEL.workDir] = record.workDir;
  if (record.scope) recovery[LABEL.scope] = record.scope;
  return {
    ...extra,
    ...recovery,
    [LABEL.owner]: OWNER_LABEL_VALUE,
    [LABEL.sandbox]: record.name,
    [LABEL.purpose]: record.purpose,
    [LABEL.createdAt]: record.createdAt,
    [LABEL.ownerPid]: String(record.owner.pid),
    [LABEL.ownerStartedAt]: String(record.owner.startedAt),
  };
}

