// Errors the CLI turns into one clear line and an exit code, never a stack trace.

/** The command could not run as asked (exit 2): bad input, nothing answering, no credentials. */
export class UserError extends Error {
  constructor(
    message: string,
    readonly advice = '',
  ) {
    super(message);
    this.name = 'UserError';
  }
}
