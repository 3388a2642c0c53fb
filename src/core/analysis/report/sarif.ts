import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { VERSION } from '../../version';
import { allRules, cweUrl, type RuleDoc } from '../ruleCatalog';
import type { ScanReport } from '../scan/scanReport';
import type { Finding, Level } from '../types';

const LEVEL: Record<Level, 'note' | 'warning' | 'error'> = { low: 'note', medium: 'warning', high: 'error' };
/** GitHub code scanning ranks security alerts by this 0–10 score. */
const SECURITY_SEVERITY: Record<Level, string> = { low: '3.0', medium: '5.5', high: '8.0' };

function sarifRule(rule: RuleDoc) {
  const tags = rule.family === 'complexity' ? ['maintainability'] : ['security'];
  if (rule.cwe !== null) tags.push(`external/cwe/cwe-${rule.cwe}`);
  return {
    id: rule.id,
    name: rule.name,
    shortDescription: { text: rule.name.replace(/[_-]/g, ' ') },
    fullDescription: { text: rule.explanation },
    help: { text: rule.fix, markdown: `${rule.fix}${rule.cwe !== null ? `\n\n[CWE-${rule.cwe}](${cweUrl(rule.cwe)})` : ''}` },
    helpUri: rule.docsUrl,
    defaultConfiguration: { level: LEVEL[rule.severity] },
    properties: {
      tags,
      precision: rule.confidence === 'high' ? 'high' : rule.confidence === 'medium' ? 'medium' : 'low',
      ...(rule.family === 'complexity' ? {} : { 'security-severity': SECURITY_SEVERITY[rule.severity] }),
    },
  };
}

/** A URI relative to `root` when the file lies below it (so code scanning can place it), else an absolute file URI. */
function artifactUri(file: string, root: string): { uri: string; uriBaseId?: string } {
  const relative = path.relative(root, file);
  if (relative && !relative.startsWith('..') && !path.isAbsolute(relative)) {
    return { uri: relative.split(path.sep).map(encodeURIComponent).join('/'), uriBaseId: '%SRCROOT%' };
  }
  return { uri: pathToFileURL(file).href };
}

function result(finding: Finding, file: string, root: string, ruleIndex: Map<string, number>) {
  return {
    ruleId: finding.ruleId,
    ...(ruleIndex.has(finding.ruleId) ? { ruleIndex: ruleIndex.get(finding.ruleId) } : {}),
    level: LEVEL[finding.severity],
    message: { text: finding.message },
    locations: [
      {
        physicalLocation: {
          artifactLocation: artifactUri(file, root),
          region: { startLine: finding.line, startColumn: finding.column, endLine: finding.endLine, endColumn: finding.endColumn },
        },
      },
    ],
    properties: { severity: finding.severity, confidence: finding.confidence, ...(finding.cwe !== null ? { cwe: finding.cwe } : {}) },
  };
}

/** SARIF 2.1.0 for a scan; `root` is the directory results are relative to (%SRCROOT%). */
export function toSarif(report: ScanReport, root: string) {
  const rules = [...allRules().values()];
  const ruleIndex = new Map(rules.map((r, i) => [r.id, i]));
  const results = report.files.flatMap((file) => file.findings.map((f) => result(f, file.path, root, ruleIndex)));
  const notifications = report.files
    .filter((file) => file.error)
    .map((file) => ({
      level: 'warning',
      message: { text: `${file.path}: ${file.error}` },
      locations: [{ physicalLocation: { artifactLocation: artifactUri(file.path, root) } }],
    }));
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'snakepit', semanticVersion: VERSION, informationUri: 'https://github.com/snakepit-dev/snakepit', rules: rules.map(sarifRule) } },
        originalUriBaseIds: { '%SRCROOT%': { uri: pathToFileURL(root + path.sep).href } },
        results,
        invocations: [{ executionSuccessful: true, toolExecutionNotifications: notifications }],
      },
    ],
  };
}
