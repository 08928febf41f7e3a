// Errors in the inputs of a report (a results file or data file that is not what it claims):
// the shell turns them into a bad-input exit with the message as written.

import { ApmsimError, type ExitName } from '../sim/errors.js';

export class ReportInputError extends ApmsimError {
  static override readonly exit: ExitName = 'bad-input';
}
