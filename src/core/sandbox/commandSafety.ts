/** Why a command typed by a person should be confirmed before it runs, even inside a sandbox. */
export interface CommandRisk {
  reason: string;
}

interface Pattern {
  test: RegExp;
  reason: string;
}

const ROOTISH = String.raw`(?:/|/\*|~|~/|\$HOME|/(?:bin|boot|dev|etc|home|lib|lib64|opt|root|sbin|srv|usr|var)(?:/\*?)?)`;

const PATTERNS: readonly Pattern[] = [
  { test: new RegExp(String.raw`\brm\s+(?:-[a-zA-Z]*[rR][a-zA-Z]*\s+(?:-[a-zA-Z]+\s+)*|--recursive\s+)(?:--no-preserve-root\s+)?${ROOTISH}(?:\s|$)`), reason: 'recursively deletes a system or home directory' },
  { test: /--no-preserve-root/, reason: 'disables rm’s protection of /' },
  { test: /:\s*\(\s*\)\s*\{\s*:\s*\|\s*:\s*&\s*\}\s*;\s*:/, reason: 'is a fork bomb' },
  { test: /\bos\.fork\(\)[\s\S]*while\s+True|while\s+True[\s\S]*\bos\.fork\(\)/, reason: 'forks in an endless loop (a fork bomb)' },
  { test: /\b(?:curl|wget)\b[^|;&]*\|\s*(?:sudo\s+)?(?:ba|z|da|k)?sh\b/, reason: 'pipes a download straight into a shell' },
  { test: /\b(?:curl|wget)\b[^|;&]*\|\s*(?:sudo\s+)?python[0-9.]*\b/, reason: 'pipes a download straight into Python' },
  { test: new RegExp(String.raw`\bchmod\s+(?:-[a-zA-Z]*R[a-zA-Z]*\s+)(?:0?777|a\+rwx|ugo\+rwx)\s+${ROOTISH}(?:\s|$)`), reason: 'makes a system directory world-writable' },
  { test: /\bmkfs(?:\.[a-z0-9]+)?\b/, reason: 'formats a file system' },
  { test: /\bdd\b[^;|&]*\bof=\/dev\/(?:sd|hd|vd|nvme|xvd|mmcblk|disk)/, reason: 'writes to a block device' },
  { test: />\s*\/dev\/(?:sd|hd|vd|nvme|xvd|mmcblk)[a-z0-9]*/, reason: 'writes to a block device' },
  { test: /\b(?:ufw\s+disable|iptables\s+(?:-F|--flush)|systemctl\s+(?:stop|disable)\s+(?:firewalld|ufw|nftables)|nft\s+flush\s+ruleset)\b/, reason: 'disables the firewall' },
  { test: /\b(?:shutdown|reboot|halt|poweroff)\b/, reason: 'shuts the machine down' },
  { test: />\s*\/etc\/(?:passwd|shadow|sudoers)\b/, reason: 'overwrites a system account file' },
];

/** The reasons a command is dangerous (empty when it looks ordinary). A shell command line or an argv. */
export function classifyCommand(command: string | readonly string[]): CommandRisk[] {
  const text = typeof command === 'string' ? command : command.join(' ');
  const risks: CommandRisk[] = [];
  for (const pattern of PATTERNS) {
    if (pattern.test.test(text) && !risks.some((r) => r.reason === pattern.reason)) risks.push({ reason: pattern.reason });
  }
  return risks;
}
