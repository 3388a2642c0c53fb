import type { ValidateRequest } from '../gate/request';
import type { RequirementOptions } from '../requirements/types';
import type { IndexConfig, IndexSources } from './pipConfig';

const FILE_OPTION = { indexUrl: '--index-url', extraIndexUrls: '--extra-index-url', findLinks: '--find-links', noIndex: '--no-index' } as const;

/**
 * Each setting from the first place that has it: the request's overrides, then the requirements
 * files' own options, then pip's configuration on this host. `sources` says which, for messages.
 */
export function resolveIndexConfig(request: Pick<ValidateRequest, 'indexUrl' | 'extraIndexUrls' | 'findLinks' | 'noIndex' | 'indexOrigins'>, fileOptions: Partial<RequirementOptions>, pip: IndexConfig): IndexConfig {
  const sources: IndexSources = {};
  const origin = (key: keyof typeof FILE_OPTION, from: 'request' | 'file' | 'pip') =>
    from === 'request' ? request.indexOrigins?.[key] ?? `the request's ${key}` : from === 'file' ? `the requirements file's ${FILE_OPTION[key]} line` : pip.sources?.[key] ?? "pip's configuration (pip config list)";
  const pick = <T>(key: 'extraIndexUrls' | 'findLinks', ...candidates: [T[] | undefined, 'request' | 'file' | 'pip'][]): T[] => {
    const found = candidates.find(([c]) => c !== undefined && c.length > 0);
    if (!found) return [];
    sources[key] = origin(key, found[1]);
    return found[0]!;
  };
  const config: IndexConfig = {
    extraIndexUrls: pick('extraIndexUrls', [request.extraIndexUrls, 'request'], [fileOptions.extraIndexUrls, 'file'], [pip.extraIndexUrls, 'pip']),
    findLinks: pick('findLinks', [request.findLinks, 'request'], [fileOptions.findLinks, 'file'], [pip.findLinks, 'pip']),
  };
  const indexFrom = request.indexUrl ? 'request' : fileOptions.indexUrl ? 'file' : pip.indexUrl ? 'pip' : undefined;
  const indexUrl = request.indexUrl ?? fileOptions.indexUrl ?? pip.indexUrl;
  if (indexUrl && indexFrom) {
    config.indexUrl = indexUrl;
    sources.indexUrl = origin('indexUrl', indexFrom);
  }
  if (request.noIndex) {
    config.noIndex = true;
    sources.noIndex = origin('noIndex', 'request');
  } else if (!request.indexUrl && (fileOptions.noIndex || pip.noIndex)) {
    config.noIndex = true;
    sources.noIndex = origin('noIndex', fileOptions.noIndex ? 'file' : 'pip');
  }
  config.sources = sources;
  return config;
}
