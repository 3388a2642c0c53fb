import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeTree, type AnalysisOptions } from '../../../src/core/analysis/analyzeSource';
import { defaultConfig } from '../../../src/core/analysis/config';
import { declaredDependencies } from '../../../src/core/analysis/imports';
import { IncrementalDocument, type TextChange } from '../../../src/core/analysis/incrementalDocument';
import { PythonParser } from '../../../src/core/analysis/parser';

const FIXTURES = path.join(__dirname, '..', '..', 'fixtures');
/** Fixture files and how many random edits each gets (B703 makes mark_safe_insecure.py slow to analyse). */
const FILES: ReadonlyArray<[file: string, edits: number]> = [
  ['incremental/service.py', 100],
  ['bandit-examples/mark_safe_insecure.py', 40],
  ['bandit-examples/subprocess_shell.py', 100],
  ['bandit-examples/nosec.py', 100],
  ['bandit-examples/imports-aliases.py', 100],
];

/** Module-level lines that change what later statements see: imports and aliases, the taint of globals, suppressions. */
const CONTEXT = [
  'import subprocess as sp',
  'from os import system as run',
  'from os import popen as sp',
  'from django.utils import safestring',
  'import flask',
  'COMMAND = "ls"',
  'COMMAND = input()',
  'banner = "fixed"',
  'banner = "%s" % COMMAND',
  'my_insecure_str = "safe"',
  'subprocess = None',
  '# nosec',
];

/** Any line: the above, sinks, suppressed lines, scopes, and pieces that break the syntax. */
const SNIPPETS = [
  ...CONTEXT,
  'import yaml, pickle',
  'from django.utils.safestring import mark_safe',
  'import tarfile',
  'import requests',
  'cmd = sys.argv[1]',
  'self.cmd = os.environ["X"]',
  'mark_safe(COMMAND)',
  'safestring.mark_safe(my_insecure_str)',
  'sp.call(f"ls {COMMAND}", shell=True)',
  'run("ls " + cmd)  # nosec',
  'subprocess.Popen("ls", shell=True)  # nosec B602',
  'eval(cmd)  # noqa: S307',
  'password = "hunter2"',
  'tarfile.open(p).extractall()',
  'app.run(debug=True)',
  'yaml.load(data)',
  'assert x, "checked"',
  'class Extra(Base):',
  '    def method(self, arg):',
  '        return sp.check_output(arg, shell=True)',
  'def handler(request):',
  '@app.route("/x")',
  'try:',
  'except ImportError:',
  'if a and b or not c:',
  '    return x if y else z',
  'lambda v: v and w',
  '    pass',
  '(',
  ')',
  '"""',
  "'",
  '\\',
  'x = 1; import os',
  '# a comment',
  's = "\u202e"',
];

const CHARACTERS = ['(', ')', ':', ' ', '    ', '\n', '#', "'", '"', 'x', '=', ',', '.', ' nosec', 'and ', 'if ', 'é'];

/** A small deterministic generator (mulberry32), so a failure replays exactly. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The change replacing `length` characters at `offset` with `text`, positioned as an editor reports it. */
function changeAt(source: string, offset: number, length: number, text: string): TextChange {
  const position = (at: number) => {
    const before = source.slice(0, at);
    const line = before.split('\n').length - 1;
    return { line, character: at - (before.lastIndexOf('\n') + 1) };
  };
  const start = position(offset);
  const end = position(offset + length);
  return { rangeOffset: offset, rangeLength: length, startLine: start.line, startCharacter: start.character, endLine: end.line, endCharacter: end.character, text };
}

function lineStarts(source: string): number[] {
  const starts = [0];
  for (let i = source.indexOf('\n'); i >= 0; i = source.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/** One random edit: a line inserted, deleted or replaced, or characters inserted or deleted. */
function randomChange(source: string, next: () => number): TextChange {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)];
  const starts = lineStarts(source);
  const line = Math.floor(next() * starts.length);
  const lineStart = starts[line];
  const lineEnd = line + 1 < starts.length ? starts[line + 1] : source.length;
  const indent = pick(['', '', '    ', '        ']);
  switch (pick(['context', 'insertLine', 'insertLine', 'deleteLine', 'replaceLine', 'insertText', 'insertText', 'deleteText'])) {
    case 'context':
      return changeAt(source, lineStart, 0, `${pick(CONTEXT)}\n`);
    case 'insertLine':
      return changeAt(source, lineStart, 0, `${indent}${pick(SNIPPETS)}\n`);
    case 'deleteLine':
      return changeAt(source, lineStart, lineEnd - lineStart, '');
    case 'replaceLine':
      return changeAt(source, lineStart, Math.max(0, lineEnd - lineStart - 1), `${indent}${pick(SNIPPETS)}`);
    case 'insertText':
      return changeAt(source, Math.floor(next() * (source.length + 1)), 0, pick(CHARACTERS));
    default: {
      const offset = Math.floor(next() * source.length);
      return changeAt(source, offset, Math.min(source.length - offset, 1 + Math.floor(next() * 12)), '');
    }
  }
}

function apply(source: string, change: TextChange): string {
  return source.slice(0, change.rangeOffset) + change.text + source.slice(change.rangeOffset + change.rangeLength);
}

describe('IncrementalDocument: reused statement results equal a fresh analysis', () => {
  let parser: PythonParser;
  before(async () => {
    parser = await PythonParser.create();
  });

  const options: AnalysisOptions = {
    path: 'service.py',
    // Low limits so complexity findings come and go with the edits.
    config: { ...defaultConfig('/tmp'), maxCyclomatic: 2, maxCognitive: 2 },
    declared: declaredDependencies(['flask', 'PyYAML'], ['requirements.txt']),
    isLocalModule: (name) => name === 'service',
  };

  function fresh(text: string) {
    const tree = parser.parse(text);
    try {
      return analyzeTree(tree, text, options);
    } finally {
      tree.delete();
    }
  }

  for (const [index, [file, edits]] of FILES.entries()) {
    it(`after each of ${edits} random edits of ${file}`, () => {
      const next = random(1000 + index);
      let text = fs.readFileSync(path.join(FIXTURES, file), 'utf8');
      const doc = new IncrementalDocument(parser);
      let reused = 0;
      let walked = 0;
      try {
        assert.deepStrictEqual(doc.analyze(text, undefined, options), fresh(text));
        for (let edit = 0; edit < edits; edit++) {
          // Editors may report several changes at once, each positioned in the text the previous one left.
          const changes: TextChange[] = [];
          for (let n = next() < 0.2 ? 2 : 1; n > 0; n--) {
            const change = randomChange(text, next);
            changes.push(change);
            text = apply(text, change);
          }
          const incremental = doc.analyze(text, changes, options);
          assert.deepStrictEqual(incremental, fresh(text), `edit ${edit}: ${JSON.stringify(changes.map((c) => [c.startLine, c.startCharacter, c.rangeLength, c.text]))}\n${text}`);
          reused += doc.reuse.reused;
          walked += doc.reuse.walked;
        }
      } finally {
        doc.dispose();
      }
      // Most statements are reused: the equality above is about reused results, not a full re-walk each time.
      assert.ok(reused > walked, `reused ${reused}, walked ${walked}`);
    });
  }

  /** The finding ids of `text` analysed incrementally after `edit` (old → new text), checked against a fresh analysis. */
  function afterEdit(before: string, find: string, replace: string): { ids: string[]; walked: number } {
    const doc = new IncrementalDocument(parser);
    try {
      doc.analyze(before, undefined, options);
      const change = changeAt(before, before.indexOf(find), find.length, replace);
      const text = apply(before, change);
      const result = doc.analyze(text, [change], options);
      assert.deepStrictEqual(result, fresh(text));
      return { ids: result.findings.map((f) => `${f.ruleId}@${f.line}`), walked: doc.reuse.walked };
    } finally {
      doc.dispose();
    }
  }

  it('re-walks a statement when an import it asked about appears before it', () => {
    const before = 'import os\n\ndef main():\n    app.run(debug=True)\n    archive.extractall()\n';
    assert.deepEqual(afterEdit(before, 'import os', 'import os').ids, []);
    // B201 asks whether some import contains 'flask'; B202 whether 'tarfile' is imported exactly.
    assert.deepEqual(afterEdit(before, 'import os', 'import flask').ids, ['B201@4']);
    assert.deepEqual(afterEdit(before, 'import os', 'import tarfile').ids, ['B202@5']);
  });

  it('re-walks a statement when an alias it resolved changes', () => {
    const before = 'import subprocess as sp\n\ndef main(cmd):\n    sp.call(cmd, shell=True)\n';
    assert.ok(afterEdit(before, 'main', 'main').ids.includes('B602@4'));
    const { ids, walked } = afterEdit(before, 'import subprocess as sp', 'from os import popen as sp');
    assert.ok(!ids.includes('B602@4') && ids.includes('B604@4'), ids.join());
    assert.equal(walked, 2, 'the import and the function that used the alias');
  });

  it('re-walks a module-level statement when the taint of a global it reads changes, and only then', () => {
    const before = 'import os\nCMD = input()\n\ndef f():\n    pass\n\nos.system("ls " + CMD)\n';
    const tainted = afterEdit(before, 'pass', 'return 1');
    assert.ok(tainted.ids.includes('SP001@7'), tainted.ids.join());
    assert.equal(tainted.walked, 1, 'only the edited function');
    const clean = afterEdit(before, 'input()', '"ls"');
    assert.ok(!clean.ids.includes('SP001@7'), clean.ids.join());
  });

  it('re-walks a module-level mark_safe() whose verdict reads other statements', () => {
    const before = 'from django.utils import safestring\nhtml = "<b>"\n\ndef f():\n    pass\n\nsafestring.mark_safe(html)\n';
    assert.ok(!afterEdit(before, 'pass', 'return 1').ids.includes('B703@7'));
    assert.ok(afterEdit(before, '"<b>"', 'input()').ids.includes('B703@7'));
  });

  it('moves a reused statement\'s findings and blocks to its new lines', () => {
    let text = 'import subprocess\n\ndef f(cmd):\n    if cmd:\n        subprocess.call(cmd, shell=True)\n';
    const doc = new IncrementalDocument(parser);
    try {
      doc.analyze(text, undefined, options);
      const change = changeAt(text, 0, 0, '# header\n\n');
      text = apply(text, change);
      const result = doc.analyze(text, [change], options);
      assert.equal(doc.reuse.walked, 1, 'only the new comment is walked');
      assert.deepEqual(result.metrics?.blocks.map((b) => [b.name, b.line, b.endLine]), [['f', 5, 7]]);
      assert.ok(result.findings.some((f) => f.ruleId === 'B602' && f.line === 7 && f.endLine === 7));
    } finally {
      doc.dispose();
    }
  });
});
