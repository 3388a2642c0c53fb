/** The pip requirements-file toolkit: parse, diagnose, pin. */
export * from './types';
export { parseRequirementsText, parseRequirementsFile, emptyRequirementOptions, type ParseRequirementsOptions } from './parse';
export { evaluateMarker, parseMarker, DEFAULT_MARKER_ENVIRONMENT, type MarkerEnvironment } from './markers';
export { REQUIREMENT_PROBLEMS, type RequirementProblemCode } from './problemCodes';
export { diagnoseRequirements, type DiagnoseOptions } from './diagnose';
export { specifiersIntersect } from './specifierIntersection';
export { markersCanOverlap } from './markerOverlap';
export { pinnedRequirementLine, rewriteRequirementsFile, type LineReplacement } from './pin';
