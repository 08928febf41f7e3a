// A query the user got wrong (unknown metric, bad override, model for another scenario): the
// shell reports the message and exits 2, like a bad scenario.

import { ApmsimError, type ExitName } from '../../sim/errors.js';

export class QueryError extends ApmsimError {
  static override readonly exit: ExitName = 'bad-input';
}
