import * as path from 'node:path';
import type { ScanReport } from '../scan/scanReport';

/** Human-readable scan output: one line per finding (path:line:col, clickable in terminals and editors), then a summary. */
export function toText(report: ScanReport, cwd: string): string {
  const lines: string[] = [];
  const show = (file: string) => {
    const relative = path.relative(cwd, file);
    return relative && !relative.startsWith('..') ? relative : file;
  };
  for (const file of report.files) {
    if (file.error) lines.push(`${show(file.path)}: error: ${file.error}`);
    for (const f of file.findings) {
      lines.push(`${show(file.path)}:${f.line}:${f.column}: ${f.ruleId} [${f.severity}/${f.confidence}] ${f.message} (${f.name})`);
    }
  }
  const { summary } = report;
  const errors = report.files.filter((f) => f.error).length;
  const bySeverity = `high ${summary.bySeverity.high}, medium ${summary.bySeverity.medium}, low ${summary.bySeverity.low}`;
  if (lines.length) lines.push('');
  lines.push(
    `Scanned ${summary.files} file${summary.files === 1 ? '' : 's'} in ${summary.seconds.toFixed(2)} s: ` +
      `${summary.findings} finding${summary.findings === 1 ? '' : 's'} (${bySeverity})` +
      (errors ? `, ${errors} file${errors === 1 ? '' : 's'} not scanned` : ''),
  );
  return `${lines.join('\n')}\n`;
}
