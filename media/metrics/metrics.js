/* global acquireVsCodeApi, document, Element */
// Metrics webview: the function link posts an `open` message; the extension decides what it may open.
(function () {
  const vscode = acquireVsCodeApi();
  document.addEventListener('click', (event) => {
    const target = event.target instanceof Element ? event.target.closest('a.open') : null;
    if (!target) return;
    event.preventDefault();
    vscode.postMessage({ type: 'open', file: target.dataset.file, line: Number(target.dataset.line) || 1 });
  });
})();
