import type { SubcommandRegistrar } from '../program';
import { registerImage } from './image';
import { registerSandbox } from './sandbox';
import { registerScan } from './scan';

/** Every `snakepit` subcommand, in the order `--help` lists them. */
export const subcommands: readonly SubcommandRegistrar[] = [registerScan, registerSandbox, registerImage];
