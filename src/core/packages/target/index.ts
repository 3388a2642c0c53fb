export { resolveTarget, probeTarget, type TargetEnvironment, type TargetChoice } from './resolveTarget';
export { captureTarget, discardCapture, captureRoots, type TargetCapture, CAPTURE_PREFIX } from './captureTarget';
export { restoreTarget, RestoreError, type RestoreResult } from './restoreTarget';
export { installVerified, InstallError, wheelNameVersion, type InstallResult, type InstallOptions, type InstalledArtifact, INSTALL_PREFIX } from './installVerified';
