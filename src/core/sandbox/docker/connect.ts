import type Docker from 'dockerode';
import { dockerClient } from './dockerClient';

/** An Engine API client for DOCKER_HOST (ssh:// included, see dockerClient). */
export async function connectDocker(): Promise<Docker> {
  return dockerClient();
}
