import type { SubcommandRegistrar } from '../program';
import { registerConfig } from './config';
import { registerEnv } from './env';
import { registerImage } from './image';
import { registerInspect } from './inspect';
import { registerPipShims } from './pipShim';
import { registerProfile } from './profile';
import { registerSandbox } from './sandbox';
import { registerScan } from './scan';
import { registerShellInit } from './shellInit';
import { registerValidate } from './validate';

/** Every `snakepit` subcommand, in the order `--help` lists them. */
export const subcommands: readonly SubcommandRegistrar[] = [registerScan, registerSandbox, registerImage, registerValidate, registerInspect, registerProfile, registerPipShims, registerShellInit, registerConfig, registerEnv];
