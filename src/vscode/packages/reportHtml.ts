// Renders a validation report as the webview's HTML. No `vscode` import: a pure function,
// so what reaches the webview can be checked as text. Everything that comes from a package
// (names, messages, evidence, event details) is hostile input and goes through escapeHtml.
import { findingText } from '../../core/packages/gate/finding';
import { escapeHtml, webviewPage, type PageAssets } from '../webview/html';
import type { PackageValidation } from '../../core/packages/gate/report';
import type { Verdict } from '../../core/packages/reasons';
import { shorten, topReasons } from './reasonSummary';

export interface ReportView {
  title: string;
  verdict: Verdict;
  engine?: string;
  installed?: boolean;
  packages: PackageValidation[];
  /** The buttons: what makes sense for this verdict (see {@link reportActions}). */
  actions: ReportAction[];
  /** What the user must know about the run (the venv engine is not isolated, why nothing was installed). */
  warnings?: string[];
  /** The requirements file the report is about (a URI), for "Pin with hashes", "Install" and "Validate again". */
  resource?: string;
  /** Without a file: the specs validated (palette, one line), for "Install" and "Validate again". */
  specs?: string[];
}

export type ReportAction = 'install' | 'pin' | 'revalidate';

const ACTION_LABELS: Record<ReportAction, string> = { install: 'Install validated', pin: 'Pin with hashes', revalidate: 'Validate again' };

/** A failed report offers no Install or Pin: only reading the reasons (links) and validating again. Pin needs a file. */
export function reportActions(verdict: Verdict, hasFile: boolean): ReportAction[] {
  if (verdict === 'fail') return ['revalidate'];
  return hasFile ? ['install', 'pin', 'revalidate'] : ['install', 'revalidate'];
}

/** What the user asked for first, then the dependencies pulled in; within each, failures first, then by name. */
export function orderedPackages(packages: readonly PackageValidation[]): PackageValidation[] {
  const rank: Record<Verdict, number> = { fail: 0, warn: 1, pass: 2 };
  return [...packages].sort((a, b) => Number(b.direct ?? true) - Number(a.direct ?? true) || rank[a.verdict] - rank[b.verdict] || a.name.localeCompare(b.name));
}

function summaryTable(packages: PackageValidation[]): string {
  const rows = packages.map((p) => {
    const top = topReasons(p, 1)[0];
    const reason = top ? `<code>${escapeHtml(top.code)}</code> ${escapeHtml(shorten(top.message, 120))}` : '<span class="none">nothing found</span>';
    const kind = p.direct === false ? '<span class="dependency">dependency</span>' : '<span class="requested">requested</span>';
    const time = `${(p.timings.totalMs / 1000).toFixed(1)} s${p.cached ? ' (history)' : ''}`;
    return `<tr class="verdict-${escapeHtml(p.verdict)}"><td><a href="#${escapeHtml(`pkg-${p.name}`)}">${escapeHtml(p.name)}</a> ${kind}</td><td>${escapeHtml(p.version || '—')}</td><td>${badge(p.verdict)}</td><td>${reason}</td><td>${escapeHtml(time)}</td></tr>`;
  });
  return `<table class="summary-table"><thead><tr><th>Package</th><th>Version</th><th>Verdict</th><th>Top reason</th><th>Time</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function quarantineNote(pkg: PackageValidation): string {
  if (pkg.verdict !== 'fail' || pkg.artifacts.length === 0) return '';
  return `<h3>Quarantine</h3><p class="quarantine">These files are quarantined in Snakepit's cache: the gate never installs them, and a later validation of the same files fails from the history. Nothing was installed into your environment.</p>`;
}

export interface ReportPage extends PageAssets {
  /** True when a reason's file is a workspace file that a click may open. */
  openable: (file: string) => boolean;
}

function formatBytes(size: number): string {
  if (size < 1024) return `${size} B`;
  if (size < 1024 * 1024) return `${(size / 1024).toFixed(1)} KiB`;
  return `${(size / 1024 / 1024).toFixed(1)} MiB`;
}

function badge(verdict: Verdict): string {
  return `<span class="badge ${escapeHtml(verdict)}">${escapeHtml(verdict)}</span>`;
}

function reasonRows(pkg: PackageValidation, page: ReportPage): string {
  if (pkg.reasons.length === 0) return '<p class="none">No reasons: nothing was found.</p>';
  const rows = pkg.reasons.map((r) => {
    const where = r.file ? `${r.file}${r.line ? `:${r.line}` : ''}` : '';
    const whereCell = r.file && page.openable(r.file)
      ? `<a href="#" class="open" data-file="${escapeHtml(r.file)}" data-line="${escapeHtml(r.line ?? 1)}">${escapeHtml(where)}</a>`
      : escapeHtml(where);
    const evidence = r.evidence ? `<pre class="evidence">${escapeHtml(r.evidence)}</pre>` : '';
    return `<tr class="sev-${escapeHtml(r.severity)}"><td><code>${escapeHtml(r.code)}</code></td><td>${escapeHtml(r.severity)}${r.fatal ? ' (fatal)' : ''}</td><td>${escapeHtml(r.message)}${evidence}</td><td>${whereCell}</td></tr>`;
  });
  return `<table class="reasons"><thead><tr><th>Code</th><th>Severity</th><th>Message and evidence</th><th>File</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function behaviourRows(pkg: PackageValidation): string {
  if (pkg.behavior.length === 0) return '<p class="none">No behaviour events recorded.</p>';
  const rows = pkg.behavior.map(
    (b) => `<tr><td>${escapeHtml(b.phase)}</td><td><code>${escapeHtml(b.event)}</code></td><td>${escapeHtml(b.module ?? '')}</td><td>${escapeHtml(b.detail)}</td></tr>`,
  );
  return `<table class="behaviour"><thead><tr><th>Phase</th><th>Event</th><th>Module</th><th>Detail</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function artifactRows(pkg: PackageValidation): string {
  if (pkg.artifacts.length === 0) return '<p class="none">No artifacts.</p>';
  const rows = pkg.artifacts.map(
    (a) => `<tr><td>${escapeHtml(a.filename)}</td><td><code class="sha">${escapeHtml(a.sha256)}</code></td><td>${escapeHtml(formatBytes(a.size))}</td></tr>`,
  );
  return `<table class="artifacts"><thead><tr><th>File</th><th>sha256</th><th>Size</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function packageSection(pkg: PackageValidation, page: ReportPage): string {
  const t = pkg.timings;
  return `<section class="package" id="${escapeHtml(`pkg-${pkg.name}`)}">
<h2>${badge(pkg.verdict)} ${escapeHtml(pkg.name)} ${escapeHtml(pkg.version)} <span class="score">score ${escapeHtml(pkg.score)}</span></h2>
<p class="finding">${escapeHtml(findingText(pkg.finding, pkg.notRunBecause))}</p>
<p class="meta">Requested as <code>${escapeHtml(pkg.requested)}</code>${pkg.cached ? ' · verdict from the history (identical artifacts)' : ''}</p>
<h3>Reasons</h3>${reasonRows(pkg, page)}
<h3>Behaviour trace</h3>${behaviourRows(pkg)}
<h3>Timings</h3><p>ingest ${escapeHtml(t.ingestMs)} ms · test ${escapeHtml(t.testMs)} ms · total ${escapeHtml(t.totalMs)} ms</p>
<h3>Artifacts</h3>${artifactRows(pkg)}
${quarantineNote(pkg)}
</section>`;
}

export function renderReportHtml(view: ReportView, page: ReportPage): string {
  const actions = view.actions.length ? `<div class="actions">${view.actions.map((a) => `<button data-action="${a}">${ACTION_LABELS[a]}</button>`).join('')}</div>` : '';
  const packages = orderedPackages(view.packages);
  const warnings = (view.warnings ?? []).map((w) => `<p class="warning">${escapeHtml(w)}</p>`).join('');
  const summary = `${badge(view.verdict)} ${view.packages.length} package(s)${view.engine ? ` · engine ${escapeHtml(view.engine)}` : ''}${view.installed ? ' · installed' : ''}`;
  return webviewPage(
    view.title,
    page,
    `<header><h1>${escapeHtml(view.title)}</h1><p class="summary">${summary}</p>${warnings}${actions}</header>
${summaryTable(packages)}
${packages.map((p) => packageSection(p, page)).join('\n')}`,
  );
}
