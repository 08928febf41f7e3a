// Errors the shell reports to the user without a stack trace, with the exit code they map to.

/** Bad input from the user (arguments, files): exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
