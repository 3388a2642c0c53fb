/* global acquireVsCodeApi, document, Element */
// Report webview: buttons and file links post messages; the extension decides what they may do.
(function () {
  const vscode = acquireVsCodeApi();
  document.addEventListener('click', (event) => {
    const target = event.target instanceof Element ? event.target.closest('[data-action], a.open') : null;
    if (!target) return;
    event.preventDefault();
    if (target.dataset.action) {
      vscode.postMessage({ type: 'action', action: target.dataset.action });
    } else {
      vscode.postMessage({ type: 'open', file: target.dataset.file, line: Number(target.dataset.line) || 1 });
    }
  });
})();
