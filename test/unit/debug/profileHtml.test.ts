import * as assert from 'node:assert/strict';
import { renderProfileHtml, scriptSafeJson, type ProfileView } from '../../../src/vscode/profile/profileHtml';

const hostile = '</script><script>alert(1)</script><!--';

const view: ProfileView = {
  title: `Profile: ${hostile}.py`,
  program: `${hostile}.py`,
  engine: 'bubblewrap: <b>bwrap</b>',
  exitCode: 0,
  wallTime: 1.5,
  totalTime: 1.2,
  functions: [{ id: 0, file: `/ws/${hostile}.py`, line: 1, name: hostile, calls: 1, primitiveCalls: 1, tottime: 1, cumtime: 1, callers: [], inWorkspace: true }],
  tree: { id: -1, name: 'all', file: '', line: 0, value: 1, self: 0, children: [{ id: 0, name: hostile, file: `/ws/${hostile}.py`, line: 1, value: 1, self: 1, children: [] }] },
};

describe('profile page', () => {
  const html = renderProfileHtml(view, { cspSource: 'vscode-webview://x', nonce: 'NONCE123', scriptUri: 'vscode-webview://x/profile.js', styleUri: 'vscode-webview://x/profile.css' });

  it('has a strict CSP: no inline script without the nonce, no remote anything', () => {
    const csp = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)![1].replace(/&#39;/g, "'"); // the browser decodes the attribute
    assert.equal(csp, "default-src 'none'; style-src vscode-webview://x; script-src 'nonce-NONCE123'; img-src vscode-webview://x");
    const scripts = html.match(/<script[^>]*>/g)!;
    assert.equal(scripts.length, 2);
    for (const tag of scripts) assert.match(tag, /nonce="NONCE123"/);
  });

  it('escapes program-controlled text everywhere, in the markup and in the embedded JSON', () => {
    assert.equal(html.includes('<script>alert(1)'), false);
    assert.equal(html.includes('<b>bwrap'), false);
    assert.equal(html.split('</script>').length - 1, 2, 'only the two real script elements close');
    assert.equal(html.includes('<!--'), false);
    const json = /<script id="profile-data" type="application\/json" nonce="NONCE123">([\s\S]*?)<\/script>/.exec(html)![1];
    assert.deepEqual(JSON.parse(json), view, 'the embedded JSON still parses to exactly the view');
  });

  it('scriptSafeJson keeps line separators from ending a script string', () => {
    assert.equal(scriptSafeJson('a\u2028b'), '"a\\u2028b"');
    assert.equal(JSON.parse(scriptSafeJson({ t: '<&>\u2029' })).t, '<&>\u2029');
  });
});
