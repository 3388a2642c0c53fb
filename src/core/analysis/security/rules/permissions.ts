import type { SyntaxNode } from '../../parser';
import type { ImportScope } from '../../importScope';
import { callRule } from '../rule';
import { integerValue, unparenthesize } from '../literals';
import { argumentValue } from '../callContext';

const S_IWOTH = 0o002;
/** Bandit (1.7.5+) flags a mode that is writable or executable by group or others; world-writable is high severity. */
const DANGEROUS_BITS = 0o002 | 0o020 | 0o010 | 0o001;

const STAT_BITS: Record<string, number> = {
  S_ISUID: 0o4000, S_ISGID: 0o2000, S_ISVTX: 0o1000,
  S_IRWXU: 0o700, S_IRUSR: 0o400, S_IWUSR: 0o200, S_IXUSR: 0o100,
  S_IREAD: 0o400, S_IWRITE: 0o200, S_IEXEC: 0o100,
  S_IRWXG: 0o070, S_IRGRP: 0o040, S_IWGRP: 0o020, S_IXGRP: 0o010,
  S_IRWXO: 0o007, S_IROTH: 0o004, S_IWOTH: 0o002, S_IXOTH: 0o001,
};

/**
 * The mode as an integer: a literal (as Bandit), or — beyond Bandit — `stat`
 * constants and literals combined with `|` or `+`.
 */
function modeValue(node: SyntaxNode | undefined, scope: ImportScope): number | undefined {
  const expr = unparenthesize(node ?? null);
  if (!expr) return undefined;
  if (expr.type === 'integer') return integerValue(expr);
  if (expr.type === 'identifier' || expr.type === 'attribute') {
    const name = scope.qualify(expr);
    return name?.startsWith('stat.') ? STAT_BITS[name.slice(5)] : undefined;
  }
  if (expr.type === 'binary_operator') {
    const operator = expr.childForFieldName('operator')?.type;
    if (operator !== '|' && operator !== '+') return undefined;
    const left = modeValue(expr.childForFieldName('left') ?? undefined, scope);
    const right = modeValue(expr.childForFieldName('right') ?? undefined, scope);
    if (left === undefined || right === undefined) return undefined;
    return operator === '|' ? left | right : left + right;
  }
  return undefined;
}

/** B103: chmod (any callee whose name contains "chmod", as Bandit) with a mode writable or executable by group or others. */
export const permissionRules = [
  callRule({
    names: 'any',
    visit(call, ctx) {
      if (!call.name.includes('chmod') || call.args.length !== 2) return;
      const mode = modeValue(call.args[1], ctx.file.imports);
      if (mode === undefined || !(mode & DANGEROUS_BITS)) return;
      const file = argumentValue(call.args[0]);
      ctx.report('B103', call.node, {
        severity: mode & S_IWOTH ? 'high' : 'medium',
        fill: { mode: `0o${mode.toString(8)}`, name: typeof file === 'string' ? file : 'NOT PARSED' },
      });
    },
  }),
];
