export { BubblewrapEngine } from './bubblewrapEngine';
