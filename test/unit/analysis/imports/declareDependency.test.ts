import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseToml as parse } from '../../../../src/core/analysis/config/toml';
import { addToPyproject, appendLine, declarationsFor } from '../../../../src/core/analysis/imports/declareDependency';
import type { TextEditSpec } from '../../../../src/core/analysis/fixes';

function apply(text: string, edit: TextEditSpec | TextEditSpec[]): string {
  if (Array.isArray(edit)) return [...edit].reverse().reduce(apply, text);
  const lines = text.split('\n');
  const offset = (line: number, column: number) => lines.slice(0, line - 1).reduce((n, l) => n + l.length + 1, 0) + column - 1;
  return text.slice(0, offset(edit.line, edit.column)) + edit.newText + text.slice(offset(edit.endLine, edit.endColumn));
}

function dependencies(toml: string): unknown {
  return (parse(toml) as { project: { dependencies: unknown } }).project.dependencies;
}

function added(toml: string): string {
  const edit = addToPyproject(toml, 'PyYAML');
  assert.ok(edit, 'an edit');
  return apply(toml, edit);
}

describe('declaring an undeclared dependency (SP100 quick fix)', () => {
  it('adds to a one-per-line array in its layout, with or without a trailing comma', () => {
    const withComma = '[project]\nname = "app"\ndependencies = [\n  "requests>=2",\n  "flask[async]",\n]\n\n[tool.x]\ny = 1\n';
    const result = added(withComma);
    assert.deepEqual(dependencies(result), ['requests>=2', 'flask[async]', 'PyYAML']);
    assert.match(result, /\n {2}"flask\[async\]",\n {2}"PyYAML",\n\]/);
    const withoutComma = '[project]\ndependencies = [\n    "requests",  # http\n    "flask"\n]\n';
    const result2 = added(withoutComma);
    assert.deepEqual(dependencies(result2), ['requests', 'flask', 'PyYAML']);
    assert.match(result2, /"requests", {2}# http\n/, 'a comment stays on its line');
    const commented = added('[project]\ndependencies = [\n    "flask"  # web\n]\n');
    assert.deepEqual(dependencies(commented), ['flask', 'PyYAML']);
    assert.match(commented, /"flask", {2}# web\n {4}"PyYAML"\n\]/);
  });

  it('adds to an inline array, an empty one, and creates the key when missing', () => {
    assert.deepEqual(dependencies(added('[project]\ndependencies = ["a", \'b]\']\n')), ['a', 'b]', 'PyYAML']);
    assert.deepEqual(dependencies(added('[project]\ndependencies = []\n')), ['PyYAML']);
    const noKey = added('[project]\nname = "app"\n\n[tool.snakepit]\nmax-cyclomatic = 5\n');
    assert.deepEqual(dependencies(noKey), ['PyYAML']);
    assert.equal((parse(noKey) as { tool: { snakepit: Record<string, number> } }).tool.snakepit['max-cyclomatic'], 5);
  });

  it('offers nothing for a pyproject.toml without [project]', () => {
    assert.equal(addToPyproject('[tool.poetry]\nname = "x"\n', 'PyYAML'), undefined);
  });

  it('appends a line to a requirements file, ending or not with a newline', () => {
    assert.equal(apply('requests\n', appendLine('requests\n', 'PyYAML')), 'requests\nPyYAML\n');
    assert.equal(apply('requests', appendLine('requests', 'PyYAML')), 'requests\nPyYAML\n');
    assert.equal(apply('', appendLine('', 'PyYAML')), 'PyYAML\n');
  });

  it('lists pyproject first, then requirements.txt before the other requirements files', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'snakepit-declare-'));
    try {
      fs.writeFileSync(path.join(root, 'pyproject.toml'), '[project]\nname = "app"\n');
      fs.writeFileSync(path.join(root, 'dev-requirements.txt'), 'pytest\n');
      fs.writeFileSync(path.join(root, 'requirements.txt'), 'requests\n');
      fs.writeFileSync(path.join(root, 'Pipfile'), '[packages]\n');
      const titles = declarationsFor(root, 'PyYAML').map((d) => [path.basename(d.file), d.title]);
      assert.deepEqual(titles, [
        ['pyproject.toml', "Add 'PyYAML' to pyproject.toml [project].dependencies"],
        ['requirements.txt', "Add 'PyYAML' to requirements.txt"],
        ['dev-requirements.txt', "Add 'PyYAML' to dev-requirements.txt"],
      ]);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
