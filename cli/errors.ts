// The shell's own error: bad input from the user (arguments, files), reported without a stack.

import { ApmsimError, type ExitName } from '../sim/errors.js';

export class UsageError extends ApmsimError {
  static override readonly exit: ExitName = 'bad-input';
}
