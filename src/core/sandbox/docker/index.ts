export { DEFAULT_IMAGE, DockerEngine } from './dockerEngine';
export { DOCKER_RUNTIME_CHOICES, isRuntimeChoice, type DockerRuntime, type DockerRuntimeChoice, type DockerSandboxRecord, type DockerSandboxSpec, type RuntimeTraits } from './runtimes';
