import type Docker from 'dockerode';
import { type EngineKind, LABEL, type OwnedResource } from '../engine';
import { isNotFound } from './errors';
import { isOwned, ownedFilter, purposeOf } from './labels';

function resource(engine: EngineKind, kind: OwnedResource['kind'], id: string, labels: Record<string, string>): OwnedResource {
  return { engine, kind, id, sandbox: labels[LABEL.sandbox] ?? '', purpose: purposeOf(labels), labels };
}

/** Containers, images and volumes carrying `snakepit.owner=snakepit`, optionally of one sandbox and one scope. */
export async function listOwnedResources(docker: Docker, sandbox?: string, scope?: string, engine: EngineKind = 'docker'): Promise<OwnedResource[]> {
  const filters = JSON.stringify(ownedFilter(sandbox, scope));
  const [containers, images, volumes] = await Promise.all([
    docker.listContainers({ all: true, filters }),
    docker.listImages({ filters }),
    docker.listVolumes({ filters }),
  ]);
  return [
    ...containers.map((c) => resource(engine, 'container', c.Id, c.Labels ?? {})),
    ...images.map((i) => resource(engine, 'image', i.Id, i.Labels ?? {})),
    ...(volumes.Volumes ?? []).map((v) => resource(engine, 'volume', v.Name, v.Labels ?? {})),
  ];
}

/** Removes one resource after checking, on the object itself, that Snakepit owns it. Gone already is fine. */
export async function removeOwnedResource(docker: Docker, item: Pick<OwnedResource, 'kind' | 'id'>): Promise<void> {
  try {
    switch (item.kind) {
      case 'container': {
        const container = docker.getContainer(item.id);
        // v: anonymous volumes go with it (an owner-bound sandbox's /work); named ones never do.
        if (isOwned((await container.inspect()).Config.Labels)) await container.remove({ force: true, v: true });
        return;
      }
      case 'image': {
        const image = docker.getImage(item.id);
        if (isOwned((await image.inspect()).Config.Labels)) await image.remove({ force: true });
        return;
      }
      case 'volume': {
        const volume = docker.getVolume(item.id);
        if (isOwned((await volume.inspect()).Labels)) await volume.remove();
        return;
      }
      default:
        return;
    }
  } catch (error) {
    if (!isNotFound(error)) throw error;
  }
}
