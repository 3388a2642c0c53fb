export { VenvEngine } from './venvEngine';
