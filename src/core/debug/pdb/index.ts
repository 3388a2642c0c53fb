export { pdbBridgeCommand } from './command';
export { PDB_BRIDGE_CAPABILITIES, PdbBridgeSession, type PdbBridgeOptions, type PdbBridgeTarget, type PdbLaunchArguments } from './pdbBridgeSession';
