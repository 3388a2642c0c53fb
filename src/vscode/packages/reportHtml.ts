// Renders a validation report as the webview's HTML. No `vscode` import: a pure function,
// so what reaches the webview can be checked as text. Everything that comes from a package
// (names, messages, evidence, event details) is hostile input and goes through escapeHtml.
import { findingText } from '../../core/packages/gate/finding';
import { escapeHtml, webviewPage, type PageAssets } from '../webview/html';
import type { PackageValidation } from '../../core/packages/gate/report';
import type { Verdict } from '../../core/packages/reasons';

export interface ReportView {
  title: string;
  verdict: Verdict;
  engine?: string;
  installed?: boolean;
  packages: PackageValidation[];
  /** Whether "Install validated" / "Pin with hashes" can act on this report (it came from a run in this window). */
  actions: boolean;
  /** What the user must know about the run (the venv engine is not isolated, why nothing was installed). */
  warnings?: string[];
  /** The requirements file the report is about (a URI), for "Pin with hashes". */
  resource?: string;
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
</section>`;
}

export function renderReportHtml(view: ReportView, page: ReportPage): string {
  const actions = view.actions
    ? `<div class="actions"><button data-action="install">Install validated</button><button data-action="pin">Pin with hashes</button></div>`
    : '';
  const warnings = (view.warnings ?? []).map((w) => `<p class="warning">${escapeHtml(w)}</p>`).join('');
  const summary = `${badge(view.verdict)} ${view.packages.length} package(s)${view.engine ? ` · engine ${escapeHtml(view.engine)}` : ''}${view.installed ? ' · installed' : ''}`;
  return webviewPage(
    view.title,
    page,
    `<header><h1>${escapeHtml(view.title)}</h1><p class="summary">${summary}</p>${warnings}${actions}</header>
${view.packages.map((p) => packageSection(p, page)).join('\n')}`,
  );
}
