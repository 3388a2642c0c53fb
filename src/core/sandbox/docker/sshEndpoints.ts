import type Docker from 'dockerode';
import { hostToken } from './knownHosts';

/** The ssh endpoint of clients made for ssh:// hosts (their transport says http: the ssh is inside the agent). */
export const SSH_ENDPOINTS = new WeakMap<Docker, { url: string; host: string; port: number; username?: string }>();

/** Why an ssh DOCKER_HOST may be refused, for messages: the host key must be known, as for `ssh` itself. */
export const sshHostHint = (host: string, port: number): string =>
  `its host key must be in ~/.ssh/known_hosts (connect once with \`ssh${port === 22 ? '' : ` -p ${port}`} ${host}\`, or \`ssh-keyscan${port === 22 ? '' : ` -p ${port}`} ${host} >> ~/.ssh/known_hosts\` after checking the key); looked up as ${hostToken(host, port)}`;
