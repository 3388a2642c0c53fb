import { isValidProjectName } from '../../core/packages/names';

/** `name`, `name[extra]`, `name==1.2.3`: what the Validate Package input box accepts. */
const PACKAGE_INPUT = /^\s*([A-Za-z0-9][A-Za-z0-9._-]*)(\[[A-Za-z0-9._,\s-]*\])?\s*(?:==\s*([A-Za-z0-9.!+_-]+))?\s*$/;

export function validatePackageInput(value: string): string | undefined {
  const match = PACKAGE_INPUT.exec(value);
  if (!match) return 'Write a project name, optionally pinned: requests or requests==2.32.3';
  if (!isValidProjectName(match[1])) return `"${match[1]}" is not a valid project name (letters, digits, - _ . and starting and ending with a letter or digit)`;
  return undefined;
}
