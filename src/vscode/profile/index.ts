export { PROFILE_COMMAND, registerProfiling } from './profileCommand';
export { ProfilePanel } from './profilePanel';
