import { randomBytes } from 'node:crypto';
import { SANDBOX_NAME, SandboxError } from './engine';

/** A fresh sandbox name like `sp-3f9a1c`. */
export function generateSandboxName(prefix = 'sp'): string {
  return `${prefix}-${randomBytes(3).toString('hex')}`;
}

export function checkSandboxName(name: string): string {
  if (!SANDBOX_NAME.test(name)) {
    throw new SandboxError(`"${name}" is not a valid sandbox name`, 'use 1–63 lowercase letters, digits, ".", "_" or "-", starting with a letter or digit');
  }
  return name;
}
