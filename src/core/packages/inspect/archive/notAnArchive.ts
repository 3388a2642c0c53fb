/** The path is not something `inspect` can read: missing, unreadable, or not a distribution. A usage error, not a verdict. */
export class NotAnArchiveError extends Error {
  constructor(
    readonly path: string,
    detail: string,
  ) {
    super(`${path}: ${detail}. Give a wheel (.whl), an sdist (.tar.gz, .tgz, .zip) or an unpacked project directory.`);
    this.name = 'NotAnArchiveError';
  }
}
