import * as assert from 'node:assert/strict';
import { analyzeTree } from '../../../src/core/analysis/analyzeSource';
import { defaultConfig, type AnalysisConfig } from '../../../src/core/analysis/config';
import { fixesFor, type TextEditSpec } from '../../../src/core/analysis/fixes';
import { IncrementalDocument, type TextChange } from '../../../src/core/analysis/incrementalDocument';
import { PythonParser } from '../../../src/core/analysis/parser';

let parser: PythonParser;
before(async () => {
  parser = await PythonParser.create();
});

function analyze(source: string, config: Partial<AnalysisConfig> = {}) {
  const tree = parser.parse(source);
  try {
    return analyzeTree(tree, source, { path: 'x.py', config: { ...defaultConfig('/tmp'), ...config } });
  } finally {
    tree.delete();
  }
}

const ids = (source: string, config: Partial<AnalysisConfig> = {}) => analyze(source, config).findings.map((f) => `${f.ruleId}@${f.line}`);

function applyEdits(source: string, edits: TextEditSpec[]): string {
  const lines = source.split('\n');
  const offset = (line: number, column: number) => lines.slice(0, line - 1).reduce((n, l) => n + l.length + 1, 0) + column - 1;
  const sorted = [...edits].sort((a, b) => offset(b.line, b.column) - offset(a.line, a.column));
  let text = source;
  for (const e of sorted) text = text.slice(0, offset(e.line, e.column)) + e.newText + text.slice(offset(e.endLine, e.endColumn));
  return text;
}

describe('analyzeTree: every analyser from one walk', () => {
  it('reports security, taint and complexity findings together, sorted by position', () => {
    const branches = Array.from({ length: 11 }, (_, i) => `    if x == ${i}:\n        return ${i}`).join('\n');
    const source = `import os\n\n\ndef f(x):\n${branches}\n\n\ndef g(name):\n    os.system("echo " + name)\n`;
    const found = ids(source);
    assert.ok(found.includes('C901@4'), found.join());
    assert.ok(found.includes('B605@30'), found.join());
    assert.ok(found.includes('SP001@30'), found.join());
    const lines = analyze(source).findings.map((f) => f.line);
    assert.deepEqual(lines, [...lines].sort((a, b) => a - b));
  });

  it('still finds issues in the parts of a file that parse', () => {
    const source = 'import subprocess\n\ndef broken(:\n    pass\n\ndef fine(cmd):\n    subprocess.call(cmd, shell=True)\n';
    assert.ok(ids(source).includes('B602@7'), ids(source).join());
  });

  it('applies select/ignore and thresholds to every rule family', () => {
    const source = 'import os\n\ndef g(name):\n    os.system("echo " + name)\n    assert name\n';
    assert.deepEqual(ids(source, { select: ['SP'] }), ['SP001@4']);
    assert.ok(!ids(source, { ignore: ['B1'] }).includes('B101@5'));
    assert.ok(ids(source, { severity: 'high' }).every((id) => /^(B605|SP001)@/.test(id)), ids(source, { severity: 'high' }).join());
  });

  it('lets # noqa: C901 silence a complexity finding', () => {
    const branches = Array.from({ length: 11 }, (_, i) => `    if x == ${i}:\n        return ${i}`).join('\n');
    assert.ok(ids(`def f(x):\n${branches}\n`).includes('C901@1'));
    assert.ok(!ids(`def f(x):  # noqa: C901\n${branches}\n`).includes('C901@1'));
  });
});

describe('IncrementalDocument', () => {
  it('gives the same findings and metrics after edits as a fresh parse, with non-ASCII text before the edits', () => {
    let text = 's = "héllo😀"\nimport subprocess\n\ndef f(cmd):\n    subprocess.call(cmd)\n';
    const doc = new IncrementalDocument(parser);
    const options = { path: 'x.py', config: defaultConfig('/tmp') };
    doc.analyze(text, undefined, options);
    const edits: Array<[line: number, character: number, deleteCount: number, insert: string]> = [
      [4, 23, 0, ', shell=True'],
      [5, 0, 0, '\ndef g():\n    eval(input())\n'],
      [0, 5, 1, 'é'],
    ];
    for (const [line, character, deleteCount, insert] of edits) {
      const lines = text.split('\n');
      const rangeOffset = lines.slice(0, line).reduce((n, l) => n + l.length + 1, 0) + character;
      const change: TextChange = { rangeOffset, rangeLength: deleteCount, startLine: line, startCharacter: character, endLine: line, endCharacter: character + deleteCount, text: insert };
      text = text.slice(0, rangeOffset) + insert + text.slice(rangeOffset + deleteCount);
      const incremental = doc.analyze(text, [change], options);
      assert.deepEqual(incremental, analyze(text), `after inserting ${JSON.stringify(insert)}`);
    }
    assert.ok(analyze(text).findings.some((f) => f.ruleId === 'B602'));
    assert.ok(analyze(text).findings.some((f) => f.ruleId === 'B307'));
    doc.dispose();
  });
});

describe('quick fixes', () => {
  function fixed(source: string, ruleId: string, title: RegExp): string | undefined {
    const tree = parser.parse(source);
    try {
      const finding = analyzeTree(tree, source, { path: 'x.py', config: defaultConfig('/tmp') }).findings.find((f) => f.ruleId === ruleId);
      assert.ok(finding, `${ruleId} in ${source}`);
      const fix = fixesFor(finding, tree, source).find((f) => title.test(f.title));
      return fix && applyEdits(source, fix.edits);
    } finally {
      tree.delete();
    }
  }

  it('rewrites yaml.load to yaml.safe_load and drops Loader=', () => {
    assert.equal(fixed('import yaml\nyaml.load(s, Loader=yaml.Loader)\n', 'B506', /safe_load/), 'import yaml\nyaml.safe_load(s)\n');
  });

  it('adds a timeout to a request call, with or without other arguments', () => {
    assert.equal(fixed('import requests\nrequests.get(url)\n', 'B113', /timeout/), 'import requests\nrequests.get(url, timeout=30)\n');
    assert.equal(fixed('import requests\nrequests.get(\n    url,\n)\n', 'B113', /timeout/), 'import requests\nrequests.get(\n    url,\ntimeout=30)\n');
  });

  it('turns a literal shell command into an argument list, but not one with shell syntax', () => {
    assert.equal(fixed('import subprocess\nsubprocess.run("ls -l /tmp", shell=True)\n', 'B602', /argument list/), 'import subprocess\nsubprocess.run(["ls", "-l", "/tmp"])\n');
    assert.equal(fixed('import subprocess\nsubprocess.run("ls | wc", shell=True)\n', 'B602', /argument list/), undefined);
  });

  it('adds # nosec with the rule, or merges into an existing nosec list', () => {
    assert.equal(fixed('assert x\n', 'B101', /nosec/), 'assert x  # nosec B101 -- justification: \n');
    const merged = fixed('import subprocess  # nosec B603\nsubprocess.call(c, shell=True)  # nosec B603\n', 'B602', /nosec/);
    assert.equal(merged?.split('\n')[1], 'subprocess.call(c, shell=True)  # nosec B603, B602');
  });
});
