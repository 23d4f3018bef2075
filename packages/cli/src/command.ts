/** One `switchyard <name>` command (names and summaries are listed in cli.ts). */
export interface Command {
  /** Returns the exit code. */
  run(argv: string[]): Promise<number>;
}

/** A mistake in how the command was called: printed without a stack, exit code 2. */
export class UsageError extends Error {}
