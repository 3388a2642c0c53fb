/** HTML for webviews that show hostile text (package contents, program output): everything is escaped. */
export function escapeHtml(text: unknown): string {
  return String(text ?? '').replace(/[&<>"'`]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** What a page loads from the extension: its stylesheet and script (by webview URI) and the nonce its scripts carry. */
export interface PageAssets {
  cspSource: string;
  nonce: string;
  scriptUri: string;
  styleUri: string;
}

/**
 * A whole page with a strict Content-Security-Policy: nothing remote, styles and images only from the
 * extension, scripts only with this render's nonce. `body` must already be escaped.
 */
export function webviewPage(title: string, assets: PageAssets, body: string): string {
  const csp = ["default-src 'none'", `style-src ${assets.cspSource}`, `script-src 'nonce-${assets.nonce}'`, `img-src ${assets.cspSource}`].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${escapeHtml(assets.styleUri)}">
<title>${escapeHtml(title)}</title>
</head>
<body>
${body}
<script nonce="${escapeHtml(assets.nonce)}" src="${escapeHtml(assets.scriptUri)}"></script>
</body>
</html>`;
}
