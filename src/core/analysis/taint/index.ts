export { createTaintAnalyzer, type TaintAnalyzer } from './taintAnalyzer';
export type { TaintState } from './taintScope';
export { TAINT_RULES, COMMAND_INJECTION, CODE_INJECTION, SQL_INJECTION, TEMPLATE_INJECTION, type TaintRule } from './rules';
