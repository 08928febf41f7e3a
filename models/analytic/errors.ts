// The analytic backend's one error: a signal inside the traffic equations, never shown to users.

import { ApmsimError, type ExitName } from '../../sim/errors.js';

/**
 * Thrown inside the traffic equations when a split cannot be known in advance (it depends on
 * request attributes or cache keys); visitRatios catches it and answers 'unknown'. Should one
 * ever escape, that is a bug: hence an internal error.
 */
export class UnknownSplit extends ApmsimError {
  static override readonly exit: ExitName = 'internal';
  constructor() {
    super('the traffic equations cannot know this split in advance');
  }
}
