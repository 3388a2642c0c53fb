import { LABEL, OWNER_LABEL_VALUE, type SandboxPurpose, type SandboxRecord } from '../engine';

export const SNAPSHOT_ID_LABEL = LABEL.snapshotId;

/** The labels every object made for a sandbox carries (container, volume, helpers, snapshot images). */
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

export function ownedFilter(sandbox?: string, scope?: string): { label: string[] } {
  const label = [`${LABEL.owner}=${OWNER_LABEL_VALUE}`];
  if (sandbox !== undefined) label.push(`${LABEL.sandbox}=${sandbox}`);
  if (scope !== undefined) label.push(`${LABEL.scope}=${scope}`);
  return { label };
}

export function isOwned(labels: Record<string, string> | null | undefined): boolean {
  return labels?.[LABEL.owner] === OWNER_LABEL_VALUE;
}

export function purposeOf(labels: Record<string, string>): SandboxPurpose {
  const purpose = labels[LABEL.purpose];
  return purpose === 'ephemeral' || purpose === 'gate' || purpose === 'debug' ? purpose : 'user';
}
