import type { Reason, Severity } from '../reasons';

export interface ReasonInfo {
  readonly code: string;
  /** Severity in package code; install-time code (setup.py, .pth) raises several to high (see README). */
  readonly severity: Severity;
  readonly title: string;
}

/**
 * Every reason `snakepit inspect` gives. Codes are stable: SPK0xx metadata and
 * archive, SPK1xx static heuristics, SPK2xx the analysis engine's security rules.
 * (SPK3xx/SPK4xx belong to the gate's install/import behaviour.)
 */
export const INSPECT_REASONS = {
  // Metadata (SPK00x)
  typosquat: { code: 'SPK001', severity: 'high', title: 'name imitates a popular project' },
  zeroVersion: { code: 'SPK002', severity: 'low', title: 'version 0.0.0' },
  emptyDescription: { code: 'SPK003', severity: 'low', title: 'no description and no home page' },
  singleModuleWithHooks: { code: 'SPK004', severity: 'medium', title: 'a single module with install hooks' },
  nameImportMismatch: { code: 'SPK005', severity: 'low', title: 'distribution name unrelated to its modules' },
  missingMetadata: { code: 'SPK006', severity: 'medium', title: 'metadata missing or unreadable' },
  recordMismatch: { code: 'SPK007', severity: 'medium', title: 'files not listed in the wheel RECORD' },
  dependencyConfusion: { code: 'SPK008', severity: 'medium', title: 'dependency-confusion shape (version 99+, internal-looking name with empty metadata)' },
  // Archive safety (SPK05x)
  pathTraversal: { code: 'SPK050', severity: 'high', title: 'entry path leaves the archive (../)' },
  absolutePath: { code: 'SPK051', severity: 'high', title: 'absolute entry path or drive letter' },
  unsafeCharacters: { code: 'SPK052', severity: 'high', title: 'backslash or control character in entry path' },
  symlink: { code: 'SPK053', severity: 'medium', title: 'symbolic link in the archive' },
  hardlink: { code: 'SPK054', severity: 'medium', title: 'hard link in the archive' },
  specialFile: { code: 'SPK055', severity: 'high', title: 'device, FIFO or other special file in the archive' },
  tooManyEntries: { code: 'SPK056', severity: 'high', title: 'too many entries (possible archive bomb)' },
  tooLarge: { code: 'SPK057', severity: 'high', title: 'total uncompressed size over the limit (possible archive bomb)' },
  compressionRatio: { code: 'SPK058', severity: 'high', title: 'compression ratio over the limit (zip bomb)' },
  fileSkipped: { code: 'SPK059', severity: 'low', title: 'file too large to inspect, skipped' },
  corruptArchive: { code: 'SPK060', severity: 'high', title: 'archive corrupt or unreadable past this point' },
  duplicateEntry: { code: 'SPK061', severity: 'medium', title: 'the same path appears twice in the archive' },
  // Install-time code (SPK10x)
  setupProcess: { code: 'SPK100', severity: 'high', title: 'setup.py starts processes' },
  setupNetwork: { code: 'SPK101', severity: 'high', title: 'setup.py uses the network' },
  setupWrites: { code: 'SPK102', severity: 'medium', title: 'setup.py writes files' },
  setupExec: { code: 'SPK103', severity: 'high', title: 'setup.py runs dynamic code (exec/eval/compile)' },
  cmdclassOverride: { code: 'SPK104', severity: 'medium', title: 'install/develop/egg_info/build_py command overridden' },
  pthCode: { code: 'SPK105', severity: 'medium', title: '.pth file runs code at every interpreter start' },
  setupInstallsPackages: { code: 'SPK106', severity: 'high', title: 'setup.py installs other packages (pip.main, pip install)' },
  setupHidesErrors: { code: 'SPK107', severity: 'high', title: 'install-time process, network or exec hidden in try/except: pass' },
  installTimeSignals: { code: 'SPK108', severity: 'high', title: 'several warning signs in install-time code' },
  moduleSignals: { code: 'SPK109', severity: 'high', title: 'three or more different behaviour warnings in one module' },
  // Obfuscation (SPK11x)
  execDecoded: { code: 'SPK110', severity: 'high', title: 'exec/eval of decoded data' },
  encodedBlob: { code: 'SPK111', severity: 'medium', title: 'long encoded blob' },
  chrJoin: { code: 'SPK112', severity: 'medium', title: 'string built from chr() codes' },
  computedImport: { code: 'SPK113', severity: 'medium', title: '__import__/import_module of a computed name' },
  computedBuiltin: { code: 'SPK114', severity: 'medium', title: 'getattr on builtins with a computed name' },
  layeredObfuscation: { code: 'SPK115', severity: 'high', title: 'obfuscation techniques piled up in one file' },
  importTimeExec: { code: 'SPK116', severity: 'medium', title: 'exec/eval/compile of a non-literal when the module is imported' },
  obfuscatorRuntime: { code: 'SPK117', severity: 'medium', title: 'code protected by an obfuscator (PyArmor, pyobfuscate …)' },
  hiddenLongLine: { code: 'SPK118', severity: 'medium', title: 'code hidden on a huge line or pushed off-screen' },
  identifierSoup: { code: 'SPK119', severity: 'medium', title: 'machine-made look-alike identifiers (Il1/O0 soup, non-ASCII soup)' },
  // Behaviour patterns (SPK12x–SPK19x)
  downloadExecute: { code: 'SPK120', severity: 'high', title: 'downloads and executes code' },
  shellPayload: { code: 'SPK121', severity: 'high', title: 'download-and-run shell command (curl|sh, PowerShell -enc/IEX, certutil, bitsadmin, mshta)' },
  hiddenString: { code: 'SPK122', severity: 'medium', title: 'URL, command or code hidden in an encoded string' },
  sensitiveFile: { code: 'SPK130', severity: 'low', title: 'reads credentials or sensitive files' },
  credentialExfiltration: { code: 'SPK131', severity: 'high', title: 'reads credentials and sends data' },
  tokenEnvironment: { code: 'SPK132', severity: 'low', title: 'reads secret tokens from the environment' },
  secretFlow: { code: 'SPK133', severity: 'high', title: 'secrets flow into a network call' },
  hostFactFlow: { code: 'SPK134', severity: 'medium', title: 'user and host details flow into a network call (recon beacon)' },
  suspiciousUrl: { code: 'SPK140', severity: 'medium', title: 'suspicious URL (raw IP, paste site, webhook, tunnel, dynamic DNS, onion)' },
  reverseShell: { code: 'SPK150', severity: 'high', title: 'reverse shell' },
  persistence: { code: 'SPK160', severity: 'medium', title: 'persistence (shell rc, crontab, autostart, LaunchAgents, systemd user units)' },
  detachedProcess: { code: 'SPK170', severity: 'low', title: 'silent or detached process' },
  windowsDropper: { code: 'SPK172', severity: 'high', title: 'Windows dropper: downloads or writes a program and starts it, or hides its window while fetching' },
  evasion: { code: 'SPK175', severity: 'low', title: 'sandbox, VM, CI or debugger detection' },
  clipboard: { code: 'SPK180', severity: 'low', title: 'clipboard access' },
  imageCode: { code: 'SPK185', severity: 'high', title: 'code loaded from an image' },
  bidiControl: { code: 'SPK190', severity: 'high', title: 'bidirectional control characters (Trojan Source)' },
  homoglyph: { code: 'SPK191', severity: 'medium', title: 'identifier mixing scripts (homoglyph)' },
  normalizedIdentifier: { code: 'SPK192', severity: 'medium', title: 'non-ASCII identifier Python reads as an ASCII name (NFKC: 𝚎𝚡𝚎𝚌 is exec)' },
  bundledExecutable: { code: 'SPK195', severity: 'medium', title: 'bundled executable program' },
  unexpectedNative: { code: 'SPK196', severity: 'medium', title: 'native code in a pure-Python wheel, or a program disguised as a data file' },
  // Analysis engine (SPK2xx)
  installTimeFinding: { code: 'SPK200', severity: 'medium', title: 'security finding in install-time code' },
  codeFinding: { code: 'SPK201', severity: 'low', title: 'security finding in package code' },
} as const satisfies Record<string, ReasonInfo>;

export type ReasonKey = keyof typeof INSPECT_REASONS;

export interface ReasonAt {
  file?: string;
  line?: number;
  evidence?: string;
  /** Overrides the catalog's default severity for this occurrence. */
  severity?: Severity;
}

const EVIDENCE_MAX = 160;

/** One line, at most 160 characters: evidence is shown in tables and diagnostics. */
export function shortEvidence(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > EVIDENCE_MAX ? `${line.slice(0, EVIDENCE_MAX - 1)}…` : line;
}

export function makeReason(key: ReasonKey, message: string, at: ReasonAt = {}): Reason {
  const info = INSPECT_REASONS[key];
  const reason: Reason = { code: info.code, severity: at.severity ?? info.severity, message };
  if (at.file !== undefined) reason.file = at.file;
  if (at.line !== undefined) reason.line = at.line;
  if (at.evidence !== undefined) reason.evidence = shortEvidence(at.evidence);
  return reason;
}
