import * as vscode from 'vscode';
import { type DockerRuntimeChoice, isRuntimeChoice } from '../../core/sandbox/docker';
import type { EngineChoice } from '../../core/sandbox/selectEngine';

/** `snakepit.gate.*`: empty index settings mean "pip's own configuration". */
export interface GateSettings {
  engine: EngineChoice;
  /** docker: the runtime of the gate's sandboxes (`auto`: runsc where dockerd has it). */
  runtime: DockerRuntimeChoice;
  image?: string;
  indexUrl?: string;
  extraIndexUrls?: string[];
  findLinks?: string[];
  testScript?: string;
  warnUnpinned: boolean;
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

function nonEmptyList(values: string[] | undefined): string[] | undefined {
  const kept = (values ?? []).map((v) => v.trim()).filter(Boolean);
  return kept.length ? kept : undefined;
}

export function gateSettings(resource?: vscode.Uri): GateSettings {
  const config = vscode.workspace.getConfiguration('snakepit.gate', resource);
  return {
    engine: config.get<EngineChoice>('engine', 'auto'),
    runtime: runtimeSetting(config.get<string>('runtime', 'auto')),
    image: nonEmpty(config.get<string>('image')),
    indexUrl: nonEmpty(config.get<string>('indexUrl')),
    extraIndexUrls: nonEmptyList(config.get<string[]>('extraIndexUrls')),
    findLinks: nonEmptyList(config.get<string[]>('findLinks')),
    testScript: nonEmpty(config.get<string>('testScript')),
    warnUnpinned: config.get<boolean>('warnUnpinned', false),
  };
}

const runtimeSetting = (value: string): DockerRuntimeChoice => (isRuntimeChoice(value) ? value : 'auto');
