// Errors of the library's shell: bad input from the user or the program (arguments, files), and a
// command stopped by a signal. Reported without a stack; cli/main.ts turns them into exit codes.

import { ApmsimError, type ExitName } from '../sim/errors.js';

export class UsageError extends ApmsimError {
  static override readonly exit: ExitName = 'bad-input';
}

/** How a stop signal ends a command: interrupted (SIGINT, or a program's abort) or terminated (SIGTERM). */
export type StopStatus = Extract<ExitName, 'interrupted' | 'terminated'>;

/** Which signal aborted `signal` (the shell aborts with it as the reason); interrupted by default. */
export function stopStatusOf(signal: AbortSignal | undefined): StopStatus {
  return signal?.reason === 'terminated' ? 'terminated' : 'interrupted';
}

/** Work stopped by a signal before it wrote anything; `what` names it. */
export class Interrupted extends ApmsimError {
  static override readonly exit: ExitName = 'interrupted';
  /** `signal`: the aborted stop signal, whose reason says which signal it was. */
  constructor(what: string, signal?: AbortSignal) {
    const exit = stopStatusOf(signal);
    super(`${what} ${exit}; no output written`, exit);
  }
}
