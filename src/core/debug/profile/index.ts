export { buildFlameTree, type FlameNode, type FlameOptions } from './flameTree';
export { PROFILE_HELPERS_IN_SANDBOX, PROFILE_WORKSPACE_IN_SANDBOX, profileInSandbox, type ProfileRequest, type ProfileRun } from './profileInSandbox';
export { functionLabel, hottest, mapProfilePaths, parseProfileReport, type ProfileCaller, type ProfileFunction, type ProfileReport } from './profileReport';
