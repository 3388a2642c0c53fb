/* global acquireVsCodeApi, document, window */
// Profile webview: a sortable table and an icicle chart built with DOM/SVG calls only (textContent, never innerHTML).
(function () {
  const vscode = acquireVsCodeApi();
  const view = JSON.parse(document.getElementById('profile-data').textContent);
  const SVG = 'http://www.w3.org/2000/svg';
  const ROW = 20;
  /** Used only when the page has no layout yet; otherwise the chart is drawn at its real pixel width (no stretched text). */
  const FALLBACK_WIDTH = 1000;
  /** Average width of a label character at 11px, to cut labels before they overflow their box. */
  const CHAR_PX = 6.6;

  function location(fn) {
    return fn.file === '~' ? 'built-in' : fn.file + ':' + fn.line;
  }

  function open(file, line) {
    vscode.postMessage({ type: 'open', file: file, line: line });
  }

  // ---- table -------------------------------------------------------------------------------------
  const tbody = document.querySelector('#functions tbody');
  const filter = document.getElementById('filter');
  let sortKey = 'tottime';
  let descending = true;

  function renderTable() {
    const needle = filter.value.toLowerCase();
    const rows = view.functions
      .filter((fn) => !needle || fn.name.toLowerCase().includes(needle) || fn.file.toLowerCase().includes(needle))
      .sort((a, b) => {
        const x = a[sortKey];
        const y = b[sortKey];
        const order = typeof x === 'number' ? x - y : String(x).localeCompare(String(y));
        return descending ? -order : order;
      });
    tbody.replaceChildren();
    for (const fn of rows) {
      const tr = document.createElement('tr');
      const calls = fn.calls === fn.primitiveCalls ? String(fn.calls) : fn.calls + '/' + fn.primitiveCalls;
      for (const [text, cls] of [[calls, 'num'], [fn.tottime.toFixed(6), 'num'], [fn.cumtime.toFixed(6), 'num'], [fn.name, '']]) {
        const td = document.createElement('td');
        td.textContent = text;
        if (cls) td.className = cls;
        tr.appendChild(td);
      }
      const where = document.createElement('td');
      if (fn.inWorkspace) {
        const link = document.createElement('a');
        link.href = '#';
        link.textContent = location(fn);
        link.addEventListener('click', (event) => {
          event.preventDefault();
          open(fn.file, fn.line);
        });
        where.appendChild(link);
      } else {
        where.textContent = location(fn);
      }
      tr.appendChild(where);
      tbody.appendChild(tr);
    }
    for (const th of document.querySelectorAll('#functions th')) {
      th.classList.toggle('sorted', th.dataset.key === sortKey);
      th.classList.toggle('descending', th.dataset.key === sortKey && descending);
    }
  }

  for (const th of document.querySelectorAll('#functions th')) {
    th.addEventListener('click', () => {
      if (sortKey === th.dataset.key) descending = !descending;
      else {
        sortKey = th.dataset.key;
        descending = th.classList.contains('num');
      }
      renderTable();
    });
  }
  filter.addEventListener('input', renderTable);

  // ---- icicle chart ------------------------------------------------------------------------------
  const byId = new Map(view.functions.map((fn) => [fn.id, fn]));
  const detail = document.getElementById('flame-detail');

  function depthOf(node) {
    return 1 + node.children.reduce((max, child) => Math.max(max, depthOf(child)), 0);
  }

  const zoomStack = [];
  let shown = null;

  function renderFlame(root) {
    shown = root;
    const container = document.getElementById('flame');
    const WIDTH = Math.floor(container.clientWidth) || FALLBACK_WIDTH;
    const depth = depthOf(root);
    const svg = document.createElementNS(SVG, 'svg');
    // One user unit = one pixel, so text keeps its proportions whatever the panel's width.
    svg.setAttribute('viewBox', '0 0 ' + WIDTH + ' ' + depth * ROW);
    svg.setAttribute('height', String(depth * ROW));
    svg.setAttribute('width', String(WIDTH));
    const total = root.value || 1;
    const draw = (node, x, level) => {
      const width = (node.value / total) * WIDTH;
      if (width < 0.5) return;
      const group = document.createElementNS(SVG, 'g');
      const rect = document.createElementNS(SVG, 'rect');
      rect.setAttribute('x', String(x));
      rect.setAttribute('y', String(level * ROW));
      rect.setAttribute('width', String(Math.max(width - 0.5, 0.5)));
      rect.setAttribute('height', String(ROW - 2));
      const fn = byId.get(node.id);
      rect.setAttribute('class', node.id < 0 ? 'root' : fn && fn.inWorkspace ? 'workspace' : fn && fn.file === '~' ? 'builtin' : 'library');
      const title = document.createElementNS(SVG, 'title');
      const where = fn ? location(fn) : '';
      title.textContent = node.name + (where ? ' — ' + where : '') + '\n' + node.value.toFixed(6) + ' s (' + ((node.value / total) * 100).toFixed(1) + '%), self ' + node.self.toFixed(6) + ' s';
      group.appendChild(title);
      group.appendChild(rect);
      if (width > 40) {
        const label = document.createElementNS(SVG, 'text');
        label.setAttribute('x', String(x + 3));
        label.setAttribute('y', String(level * ROW + ROW - 7));
        const chars = Math.floor((width - 6) / CHAR_PX);
        label.textContent = node.name.length > chars ? node.name.slice(0, Math.max(chars - 1, 1)) + '…' : node.name;
        group.appendChild(label);
      }
      group.addEventListener('mouseenter', () => (detail.textContent = title.textContent));
      group.addEventListener('click', () => {
        if (fn && fn.inWorkspace) open(fn.file, fn.line);
      });
      // Double-click zooms into a box; double-click the top box to zoom back out.
      group.addEventListener('dblclick', () => {
        if (level > 0) {
          zoomStack.push(root);
          renderFlame(node);
        } else if (zoomStack.length) {
          renderFlame(zoomStack.pop());
        }
      });
      svg.appendChild(group);
      let childX = x;
      for (const child of node.children) {
        draw(child, childX, level + 1);
        childX += (child.value / total) * WIDTH;
      }
    };
    draw(root, 0, 0);
    container.replaceChildren(svg);
  }

  // Traceback frames of workspace files (rendered by the extension, which decided which may be links).
  for (const link of document.querySelectorAll('.traceback a.open')) {
    link.addEventListener('click', (event) => {
      event.preventDefault();
      open(link.dataset.file, Number(link.dataset.line) || 1);
    });
  }

  renderTable();
  renderFlame(view.tree);
  let resizeTimer;
  window.addEventListener('resize', () => {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(() => shown && renderFlame(shown), 100);
  });
})();
