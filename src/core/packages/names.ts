/** Project names as PyPI compares them (PEP 503 / PEP 508). */

const VALID_PROJECT_NAME = /^([A-Z0-9]|[A-Z0-9][A-Z0-9._-]*[A-Z0-9])$/i;

/** PEP 503 normalisation: lowercase, every run of `-`, `_` and `.` becomes one `-`. */
export function normalizeName(name: string): string {
  return name.replace(/[-_.]+/g, '-').toLowerCase();
}

/** True when `name` is a valid PEP 508 project name (letters, digits, `-_.`, starting and ending alphanumerically). */
export function isValidProjectName(name: string): boolean {
  return VALID_PROJECT_NAME.test(name);
}
