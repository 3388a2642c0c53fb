import { execFile } from 'node:child_process';

/** Where pip looks for distributions: what `--index-url`, `--extra-index-url` and `--find-links` say. */
export interface IndexConfig {
  /** Unset: pip's default index (https://pypi.org/simple). */
  indexUrl?: string;
  extraIndexUrls: string[];
  findLinks: string[];
  /** `--no-index`: only find-links. */
  noIndex?: boolean;
  /** Where each setting came from (`--index-url`, `snakepit.gate.indexUrl`, pip's configuration, …), for messages. */
  sources?: IndexSources;
}

export type IndexSources = Partial<Record<'indexUrl' | 'extraIndexUrls' | 'findLinks' | 'noIndex', string>>;

const KEYS = { 'index-url': 'indexUrl', 'extra-index-url': 'extraIndexUrls', 'find-links': 'findLinks', 'no-index': 'noIndex' } as const;
type Key = keyof typeof KEYS;

/**
 * The index configuration pip itself would use on this host: `pip config list` (files and PIP_* variables,
 * as pip reports them) with the PIP_* variables of this process on top. Only pip runs; no package code.
 */
export async function readPipConfig(python = 'python3', env: NodeJS.ProcessEnv = process.env): Promise<IndexConfig> {
  const listed = await pipConfigList(python, env);
  const config = parsePipConfigList(listed);
  return applyPipEnv(config, env);
}

function pipConfigList(python: string, env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve) => {
    execFile(python, ['-m', 'pip', 'config', 'list'], { env: { ...env, PIP_DISABLE_PIP_VERSION_CHECK: '1' }, timeout: 20_000 }, (error, stdout) => {
      // No pip, or a broken config: pip's defaults apply (and the environment variables below).
      resolve(error ? '' : stdout);
    });
  });
}

/**
 * `pip config list` prints `section.key='value'` lines; the `global`, `download` and `install` sections
 * apply to what the gate does (later sections win, as in pip for these commands).
 */
export function parsePipConfigList(text: string): IndexConfig {
  const bySection = new Map<string, Map<Key, string>>();
  for (const line of text.split('\n')) {
    const match = /^([^.=]*)\.([a-z-]+)='(.*)'$/.exec(line.trim());
    if (!match || !(match[2] in KEYS)) continue;
    const section = match[1];
    if (!bySection.has(section)) bySection.set(section, new Map());
    bySection.get(section)!.set(match[2] as Key, match[3]);
  }
  const merged = new Map<Key, string>();
  for (const section of ['global', 'download', 'install', ':env:']) {
    for (const [key, value] of bySection.get(section) ?? []) merged.set(key, value);
  }
  return fromValues(merged);
}

function fromValues(values: Map<Key, string>): IndexConfig {
  const list = (key: Key) => (values.get(key) ?? '').split(/\s+/).filter(Boolean);
  const config: IndexConfig = { extraIndexUrls: list('extra-index-url'), findLinks: list('find-links') };
  const indexUrl = values.get('index-url')?.trim();
  if (indexUrl) config.indexUrl = indexUrl;
  if (isTrue(values.get('no-index'))) config.noIndex = true;
  return config;
}

function isTrue(value: string | undefined): boolean {
  return value !== undefined && /^(1|true|yes|on)$/i.test(value.trim());
}

/** PIP_INDEX_URL, PIP_EXTRA_INDEX_URL, PIP_FIND_LINKS, PIP_NO_INDEX override the files. */
export function applyPipEnv(config: IndexConfig, env: NodeJS.ProcessEnv): IndexConfig {
  const result: IndexConfig = { ...config, extraIndexUrls: [...config.extraIndexUrls], findLinks: [...config.findLinks] };
  const split = (value: string) => value.split(/\s+/).filter(Boolean);
  const sources: IndexSources = { ...config.sources };
  if (env.PIP_INDEX_URL?.trim()) {
    result.indexUrl = env.PIP_INDEX_URL.trim();
    sources.indexUrl = 'the PIP_INDEX_URL environment variable';
  }
  if (env.PIP_EXTRA_INDEX_URL?.trim()) {
    result.extraIndexUrls = split(env.PIP_EXTRA_INDEX_URL);
    sources.extraIndexUrls = 'the PIP_EXTRA_INDEX_URL environment variable';
  }
  if (env.PIP_FIND_LINKS?.trim()) {
    result.findLinks = split(env.PIP_FIND_LINKS);
    sources.findLinks = 'the PIP_FIND_LINKS environment variable';
  }
  if (env.PIP_NO_INDEX !== undefined) {
    result.noIndex = isTrue(env.PIP_NO_INDEX);
    sources.noIndex = 'the PIP_NO_INDEX environment variable';
  }
  if (Object.keys(sources).length) result.sources = sources;
  return result;
}
