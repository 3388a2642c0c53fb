import * as assert from 'node:assert/strict';
import { renderProfileHtml, scriptSafeJson, tracebackHtml, type ProfileView } from '../../../src/vscode/profile/profileHtml';

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

describe('profile page of a failed run', () => {
  const stderr = [
    'Traceback (most recent call last):',
    '  File "/ws/app.py", line 7, in <module>',
    '    main()',
    `  File "/usr/lib/python3.11/json/__init__.py", line 346, in loads`,
    `ValueError: ${hostile}`,
  ].join('\n');
  const failed: ProfileView = { ...view, exitCode: 1, stderr, python: 'Python 3.11.2 (/usr/bin/python3, system environment /usr)' };
  const assets = { cspSource: 'vscode-webview://x', nonce: 'N', scriptUri: 'vscode-webview://x/profile.js', styleUri: 'vscode-webview://x/profile.css' };
  const html = renderProfileHtml(failed, assets, (file) => file.startsWith('/ws/'));

  it('says it failed and shows the traceback, workspace frames as links, other frames as text', () => {
    assert.match(html, /<h2>The program failed: exit code 1<\/h2>/);
    assert.match(html, /File &#34;<a href="#" class="open" data-file="\/ws\/app.py" data-line="7">\/ws\/app.py<\/a>&#34;, line 7, in &#60;module&#62;/);
    assert.ok(html.includes('File &#34;/usr/lib/python3.11/json/__init__.py&#34;, line 346'), 'a file outside the workspace is not a link');
    assert.equal(html.includes(`ValueError: ${hostile}`), false, 'the error text is escaped');
  });

  it('names the Python that ran', () => {
    assert.match(html, /<p class="meta python">Python 3\.11\.2 \(\/usr\/bin\/python3, system environment \/usr\)<\/p>/);
  });

  it('shows no failure section for a run that exited 0', () => {
    assert.doesNotMatch(renderProfileHtml({ ...failed, exitCode: 0 }, assets), /The program failed/);
  });

  it('tracebackHtml links only what isLinkable allows', () => {
    assert.equal(tracebackHtml('  File "/ws/a.py", line 3, in f', () => false), '  File &#34;/ws/a.py&#34;, line 3, in f');
  });
});
