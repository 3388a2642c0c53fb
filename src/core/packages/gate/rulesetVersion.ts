/**
 * Version of the gate's rules and heuristics. Verdicts in the history are re-used only for the
 * same artifacts AND the same ruleset, so bump this whenever a rule, threshold or score changes.
 */
export const RULESET_VERSION = '3';
