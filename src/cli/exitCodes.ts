/** The CLI's exit codes, the same for every subcommand. */
export const ExitCode = {
  ok: 0,
  /** Findings at or above the threshold, or a failed verdict. */
  findings: 1,
  /** Bad usage, unreadable input, or a missing tool in the environment. */
  usage: 2,
} as const;

/** An error the user can act on: printed to stderr without a stack, with the exit code given. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = ExitCode.usage,
  ) {
    super(message);
  }
}
