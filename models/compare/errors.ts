// Bad input to a comparison or a sweep (an unknown metric, an unusable baseline, shards that do
// not belong together): the shell reports the message and exits 2.

import { ApmsimError, type ExitName } from '../../sim/errors.js';

export class InputError extends ApmsimError {
  static override readonly exit: ExitName = 'bad-input';
}

/** Up to `max` names joined for a message, with how many more there are. */
export function nameList(names: readonly string[], max = 12): string {
  const shown = names.slice(0, max).join(', ');
  return names.length > max ? `${shown}, … (${names.length - max} more)` : shown;
}
