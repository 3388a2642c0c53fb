import type { ValidateRequest } from '../gate/request';
import type { RequirementOptions } from '../requirements/types';
import type { IndexConfig } from './pipConfig';

/**
 * Each setting from the first place that has it: the request's overrides, then the requirements
 * files' own options, then pip's configuration on this host.
 */
export function resolveIndexConfig(request: Pick<ValidateRequest, 'indexUrl' | 'extraIndexUrls' | 'findLinks' | 'noIndex'>, fileOptions: Partial<RequirementOptions>, pip: IndexConfig): IndexConfig {
  const pick = <T>(...candidates: (T[] | undefined)[]): T[] => candidates.find((c) => c !== undefined && c.length > 0) ?? [];
  const config: IndexConfig = {
    extraIndexUrls: pick(request.extraIndexUrls, fileOptions.extraIndexUrls, pip.extraIndexUrls),
    findLinks: pick(request.findLinks, fileOptions.findLinks, pip.findLinks),
  };
  const indexUrl = request.indexUrl ?? fileOptions.indexUrl ?? pip.indexUrl;
  if (indexUrl) config.indexUrl = indexUrl;
  if (request.noIndex || (!request.indexUrl && (fileOptions.noIndex || pip.noIndex))) config.noIndex = true;
  return config;
}
