import type { Reason, Severity } from '../../reasons';
import { INSPECT_REASONS, makeReason } from '../reasonCatalog';

const code = (key: keyof typeof INSPECT_REASONS): string => INSPECT_REASONS[key].code;

/** Obfuscation signals: each alone may have an innocent explanation; piled up in one file they do not. */
const OBFUSCATION = new Set<string>(['execDecoded', 'encodedBlob', 'chrJoin', 'computedImport', 'computedBuiltin', 'importTimeExec', 'obfuscatorRuntime', 'hiddenLongLine', 'identifierSoup', 'hiddenString'].map((k) => code(k as keyof typeof INSPECT_REASONS)));

/** Install-time findings that ordinary build customisation also produces (writing a version file, a custom build_py). */
const ORDINARY_BUILD = new Set<string>([code('setupWrites'), code('cmdclassOverride'), code('pthCode'), code('installTimeFinding')]);

/** What sandbox detection makes worse: behaviour that would be hidden from the analyst. */
const BEHAVIOUR = new Set<string>([
  ...OBFUSCATION, code('downloadExecute'), code('shellPayload'), code('sensitiveFile'), code('credentialExfiltration'), code('tokenEnvironment'), code('secretFlow'),
  code('hostFactFlow'), code('suspiciousUrl'), code('reverseShell'), code('persistence'), code('detachedProcess'), code('windowsDropper'), code('clipboard'), code('setupInstallsPackages'),
]);

/** Package code needs three different behaviour warnings in one file (install-time code two): one module that hides data, reaches the network and reads secrets is a stealer. */
const MODULE_SIGNALS = 3;

/** Obfuscation has its own rule (SPK115); this one counts what the code does. */
function moduleSignals(byFile: ReadonlyMap<string, Reason[]>, installTimeFiles: ReadonlySet<string>, alreadyRaised: ReadonlySet<string | undefined>): Reason[] {
  const added: Reason[] = [];
  for (const [file, list] of byFile) {
    if (installTimeFiles.has(file) || alreadyRaised.has(file) || list.some((r) => r.severity === 'high')) continue;
    const signs = list.filter((r) => r.severity === 'medium' && BEHAVIOUR.has(r.code) && !OBFUSCATION.has(r.code));
    const distinct = new Set(signs.map((r) => r.code));
    if (distinct.size < MODULE_SIGNALS) continue;
    added.push(makeReason('moduleSignals', `${file} shows ${distinct.size} different kinds of suspicious behaviour (${[...distinct].join(', ')}): each alone has innocent uses, together in one module they are how credential stealers and droppers look. Do not install it unless each is accounted for.`, { file, line: signs[0].line, evidence: signs.slice(0, 4).map((r) => `${r.code}:${r.line ?? ''}`).join(', ') }));
  }
  return added;
}

const up = (s: Severity): Severity => (s === 'low' ? 'medium' : 'high');

/** Data leaving the machine: credentials, secrets, host details. */
const LEAKS = new Set<string>([code('credentialExfiltration'), code('secretFlow'), code('hostFactFlow')]);

/**
 * A medium leak (host details, a credential) in a file that also names a paste site, webhook, request-capture
 * (OAST) service, tunnel or raw IP: where the data goes is known, and it is nowhere a package reports to.
 */
function raiseLeaksToSuspiciousHosts(reasons: readonly Reason[]): Reason[] {
  const hosts = new Map<string, Reason>();
  for (const r of reasons) if (r.code === code('suspiciousUrl') && r.file && !hosts.has(r.file)) hosts.set(r.file, r);
  if (hosts.size === 0) return [...reasons];
  return reasons.map((r) => {
    const host = r.file ? hosts.get(r.file) : undefined;
    if (!host || !LEAKS.has(r.code) || r.severity !== 'medium') return r;
    return { ...r, severity: 'high', message: `${r.message} Raised: the same file contacts ${host.evidence ?? 'a suspicious host'} (${host.code}, line ${host.line ?? '?'}), a destination no package reports to.` };
  });
}

/**
 * Package-level rules over every file's reasons (see README, "Severity rules"):
 * obfuscation techniques piled up in one file (SPK115), several warning signs in one install-time
 * file (SPK108), and sandbox/VM/CI detection (SPK175) raising what else was found.
 */
export function combineReasons(reasons: readonly Reason[], installTimeFiles: ReadonlySet<string>): Reason[] {
  const byFile = new Map<string, Reason[]>();
  for (const r of reasons) {
    if (!r.file) continue;
    const list = byFile.get(r.file);
    if (list) list.push(r);
    else byFile.set(r.file, [r]);
  }
  const added: Reason[] = [];
  for (const [file, list] of byFile) {
    const installTime = installTimeFiles.has(file);
    const obfuscation = list.filter((r) => OBFUSCATION.has(r.code));
    const kinds = new Set(obfuscation.map((r) => r.code));
    const layered = installTime ? obfuscation.length >= 2 : kinds.size >= 3 || (kinds.size >= 2 && obfuscation.length >= 4);
    if (layered) {
      const first = obfuscation[0];
      added.push(makeReason('layeredObfuscation', `${file} piles up ${obfuscation.length} obfuscation signals (${[...kinds].join(', ')})${installTime ? ' in code that runs at install time' : ''}: one may have an innocent reason, several together are there to keep the code from being read. Do not install it.`, { file, line: first.line, evidence: obfuscation.slice(0, 4).map((r) => `${r.code}:${r.line ?? ''}`).join(', ') }));
    }
    if (installTime && !list.some((r) => r.severity === 'high')) {
      const signs = list.filter((r) => r.severity === 'medium' && !ORDINARY_BUILD.has(r.code));
      const distinct = new Set(signs.map((r) => r.code));
      if (distinct.size >= 2) {
        added.push(makeReason('installTimeSignals', `${file} runs at install time and shows ${distinct.size} different warning signs (${[...distinct].join(', ')}): each might be explained, together they are how install-time malware looks. Do not install it unless each is accounted for.`, { file, line: signs[0].line, evidence: signs.slice(0, 4).map((r) => `${r.code}:${r.line ?? ''}`).join(', ') }));
      }
    }
  }
  added.push(...moduleSignals(byFile, installTimeFiles, new Set(added.map((r) => r.file))));
  const all = raiseLeaksToSuspiciousHosts([...reasons, ...added]);
  // Sandbox detection: a strong marker (medium) raises the whole package; a weak one (low) its own file's mediums.
  const evasion = all.filter((r) => r.code === code('evasion'));
  if (evasion.length === 0) return all;
  const strong = evasion.find((r) => r.severity !== 'low');
  const weakFiles = new Map(evasion.map((r) => [r.file, r]));
  return all.map((r) => {
    if (!BEHAVIOUR.has(r.code) || r.severity === 'high') return r;
    const sameFile = weakFiles.get(r.file);
    const by = strong ?? (r.severity === 'medium' ? sameFile : undefined);
    if (!by) return r;
    return { ...r, severity: up(r.severity), message: `${r.message} Raised: ${by.file}${by.line ? `:${by.line}` : ''} checks for sandboxes, VMs or CI (${by.code}), so this behaviour is meant to go unseen.` };
  });
}
