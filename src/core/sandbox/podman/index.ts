export { PodmanEngine } from './podmanEngine';
export { podmanEndpoint, type PodmanEndpoint } from './endpoint';
