import { escapeHtml, webviewPage, type PageAssets } from '../webview/html';
import type { FlameNode } from '../../core/debug/profile/flameTree';
import type { ProfileFunction } from '../../core/debug/profile/profileReport';

/** Everything the profile page shows; serialized into the page as JSON, rendered by media/profile/profile.js. */
export interface ProfileView {
  title: string;
  program: string;
  engine: string;
  exitCode: number;
  wallTime: number;
  totalTime: number;
  functions: ProfileFunction[];
  tree: FlameNode;
  /** Which Python ran it: `Python 3.11.2 (/usr/bin/python3, system environment /usr)`. */
  python?: string;
  /** What the program wrote to stderr, host paths; shown when it failed (exit code not 0). */
  stderr?: string;
}

/** A traceback's `File "…", line N` lines. */
const TRACEBACK_FRAME = /^(\s*File ")([^"]+)(", line )(\d+)(.*)$/;

/**
 * The program's stderr with each traceback frame of a workspace file as a link (`isLinkable` decides which files: the
 * page may only open workspace files).
 */
export function tracebackHtml(stderr: string, isLinkable: (file: string) => boolean): string {
  return stderr
    .split('\n')
    .map((line) => {
      const frame = TRACEBACK_FRAME.exec(line);
      if (!frame || !isLinkable(frame[2])) return escapeHtml(line);
      const [, before, file, middle, lineNo, after] = frame;
      return `${escapeHtml(before)}<a href="#" class="open" data-file="${escapeHtml(file)}" data-line="${lineNo}">${escapeHtml(file)}</a>${escapeHtml(middle)}${lineNo}${escapeHtml(after)}`;
    })
    .join('\n');
}

function failureSection(view: ProfileView, isLinkable: (file: string) => boolean): string {
  if (view.exitCode === 0) return '';
  const output = view.stderr?.trim();
  return `<section class="failure">
  <h2>The program failed: exit code ${view.exitCode}</h2>
  <p class="hint">The statistics below cover what ran until then.${output ? ' Its error output, with paths on this machine:' : ' It wrote nothing to stderr.'}</p>
  ${output ? `<pre class="traceback">${tracebackHtml(output, isLinkable)}</pre>` : ''}
</section>`;
}

/** JSON that is safe inside a <script> element: nothing in it can close the element or open a comment. */
export function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

export function renderProfileHtml(view: ProfileView, assets: PageAssets, isLinkable: (file: string) => boolean = () => false): string {
  return webviewPage(
    view.title,
    assets,
    `<header>
  <h1>${escapeHtml(view.title)}</h1>
  <p class="meta">${escapeHtml(view.program)} · exit code ${view.exitCode} · ${view.wallTime.toFixed(3)} s wall · ${view.functions.length} functions · ${escapeHtml(view.engine)}</p>
  ${view.python ? `<p class="meta python">${escapeHtml(view.python)}</p>` : ''}
</header>
${failureSection(view, isLinkable)}
<section>
  <h2>Icicle chart <span class="hint">(width = cumulative time along the call path; click a box of a workspace file to open it; double-click to zoom in, double-click the top box to zoom out)</span></h2>
  <div id="flame" class="flame" role="img" aria-label="Icicle chart of the call tree"></div>
  <div id="flame-detail" class="detail"></div>
</section>
<section>
  <h2>Functions <span class="hint">(click a column to sort)</span></h2>
  <input id="filter" type="search" placeholder="Filter by name or file">
  <table id="functions">
    <thead><tr>
      <th data-key="calls" class="num">calls</th>
      <th data-key="tottime" class="num">tottime (s)</th>
      <th data-key="cumtime" class="num">cumtime (s)</th>
      <th data-key="name">function</th>
      <th data-key="file">file:line</th>
    </tr></thead>
    <tbody></tbody>
  </table>
</section>
<script id="profile-data" type="application/json" nonce="${assets.nonce}">${scriptSafeJson(view)}</script>`,
  );
}
