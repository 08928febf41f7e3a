// Errors in the inputs of a report (a results file or data file that is not what it claims):
// the shell turns them into a bad-input exit with the message as written.

export class ReportInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReportInputError';
  }
}
