import { Command } from 'commander';
import { SandboxError } from '../../core/sandbox/engine';
import { ensureImage } from '../../core/sandbox/images';
import { CliError } from '../exitCodes';

export function registerImage(program: Command): void {
  program
    .command('image')
    .description('Docker images for sandboxes')
    .command('ensure')
    .description('make sure the sandbox image is present: pull it, or build a local Python image from Debian packages')
    .option('--image <image>', 'the image', process.env.SNAKEPIT_IMAGE ?? 'python:3.12-slim')
    .option('--build-local', 'when pulling fails, build the image with mmdebstrap from Debian packages')
    .action(async (flags: { image: string; buildLocal?: boolean }) => {
      try {
        const outcome = await ensureImage(flags.image, { buildLocal: flags.buildLocal, progress: (m) => process.stderr.write(`${m}\n`) });
        process.stdout.write(`${flags.image}: ${outcome}\n`);
      } catch (error) {
        if (error instanceof SandboxError) throw new CliError(error.message);
        throw error;
      }
    });
}
