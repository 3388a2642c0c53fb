import { LABEL, OWNER_LABEL_VALUE, type SandboxPurpose } from '../engine';

export { sandboxLabels } from '../sandboxLabels';

export const SNAPSHOT_ID_LABEL = LABEL.snapshotId;

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
