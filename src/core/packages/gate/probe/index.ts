export * from './types';
export * from './parseProbeEvents';
export * from './parseImportResult';
export * from './probeCommand';
export * from './eventsOfPackage';
