export { createSecurityAnalyzer, type SecurityAnalyzer, type SecurityAnalyzerOptions } from './analyzer';
export { applySuppressions } from './suppressions';
export { RULES, ruleInfo, ruleIdForName, type RuleInfo } from './catalog';
