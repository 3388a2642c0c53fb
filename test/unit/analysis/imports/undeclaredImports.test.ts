import * as assert from 'node:assert/strict';
import { ImportScope } from '../../../../src/core/analysis/importScope';
import {
  declaredDependencies,
  findUndeclaredImports,
  importSites,
  type DeclaredDependencies,
  type ImportClassifierOptions,
} from '../../../../src/core/analysis/imports';
import { PythonParser } from '../../../../src/core/analysis/parser';
import type { Finding } from '../../../../src/core/analysis/types';
import { walk } from '../../../../src/core/analysis/walk';

const options: ImportClassifierOptions = { pythonVersion: '3.12', isLocalModule: (name) => name === 'myapp' };
let parser: PythonParser;

async function undeclared(source: string, declared: DeclaredDependencies): Promise<Finding[]> {
  const tree = parser.parse(source);
  try {
    const imports = new ImportScope();
    walk(tree.rootNode, [imports]);
    return findUndeclaredImports(importSites(imports.imports), declared, options);
  } finally {
    tree.delete();
  }
}

const declared = declaredDependencies(['requests', 'PyYAML', 'scikit_learn', 'google-cloud-storage', 'opencv-python-headless'], ['requirements.txt']);

describe('imports: SP100 undeclared dependency', () => {
  before(async () => {
    parser = await PythonParser.create();
  });

  it('reports an undeclared third-party import with the likely distribution', async () => {
    const findings = await undeclared('import os\nimport bs4\n', declared);
    assert.equal(findings.length, 1);
    const [f] = findings;
    assert.equal(f.ruleId, 'SP100');
    assert.equal(f.name, 'undeclared-dependency');
    assert.equal(f.severity, 'low');
    assert.equal(f.line, 2);
    assert.match(f.message, /'bs4'/);
    assert.match(f.message, /'beautifulsoup4'/);
  });

  it('accepts imports whose distribution is declared under another name or spelling', async () => {
    const source = [
      'import requests',
      'import yaml',
      'from sklearn.linear_model import LinearRegression',
      'from google.cloud import storage',
      'import google.cloud.storage',
      'import cv2',
    ].join('\n');
    assert.deepEqual(await undeclared(source, declared), []);
  });

  it('ignores stdlib, relative and workspace imports', async () => {
    const source = ['import json, subprocess', 'from . import views', 'from ..models import User', 'import myapp.settings', 'from __future__ import annotations'].join('\n');
    assert.deepEqual(await undeclared(source, declared), []);
  });

  it('reports each missing distribution once, at its first import', async () => {
    const findings = await undeclared('import jwt\nfrom jwt import decode\nimport numpy\n', declared);
    assert.deepEqual(findings.map((f) => [f.line, /'(\w+)' to/.exec(f.message)?.[1]]), [[1, 'PyJWT'], [3, 'numpy']]);
  });

  it('skips optional imports guarded by ImportError and TYPE_CHECKING imports', async () => {
    const source = [
      'try:',
      '    import ujson as json',
      'except ImportError:',
      '    import json',
      'try:',
      '    import orjson',
      'except (ModuleNotFoundError, ValueError):',
      '    orjson = None',
      'from typing import TYPE_CHECKING',
      'if TYPE_CHECKING:',
      '    from mypy_boto3_s3 import S3Client',
      'try:',
      '    import lxml',
      'except ValueError:',
      '    pass',
    ].join('\n');
    const findings = await undeclared(source, declared);
    assert.deepEqual(findings.map((f) => f.line), [13]);
  });

  it('reports nothing when the workspace declares nothing or could not be fully read', async () => {
    assert.deepEqual(await undeclared('import numpy\n', declaredDependencies([], [])), []);
    assert.deepEqual(await undeclared('import numpy\n', declaredDependencies(['x'], ['setup.py'], false)), []);
  });

  it('depends on the target version for modules that left the standard library', async () => {
    const tree = parser.parse('import distutils.core\n');
    try {
      const imports = new ImportScope();
      walk(tree.rootNode, [imports]);
      assert.equal(findUndeclaredImports(importSites(imports.imports), declared, { ...options, pythonVersion: '3.11' }).length, 0);
      const findings = findUndeclaredImports(importSites(imports.imports), declared, { ...options, pythonVersion: '3.12' });
      assert.equal(findings.length, 1);
    } finally {
      tree.delete();
    }
  });
});
