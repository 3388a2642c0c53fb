export { DEFAULT_IMAGE, DockerEngine } from './dockerEngine';
