// Ctrl-C and SIGTERM for commands that write nothing unless they finish (compare, sweep): the
// signal aborts the work, which throws Interrupted; the shell reports it and exits 130 (SIGINT) or
// 143 (SIGTERM), leaving every output file as it was.

import { ApmsimError, type ExitName } from '../sim/errors.js';
import type { Status } from './status.js';

/** The status a stop signal ends a command with. */
export type StopStatus = Extract<Status, 'interrupted' | 'terminated'>;

/** A command stopped by a signal before it wrote anything; `what` names the command. */
export class Interrupted extends ApmsimError {
  static override readonly exit: ExitName = 'interrupted';
  /** `signal`: the aborted stop signal, whose reason says which signal it was. */
  constructor(what: string, signal?: AbortSignal) {
    const exit = stopStatusOf(signal);
    super(`${what} ${exit}; no output written`, exit);
  }
}

/** Which signal aborted `signal` (StopOnSignal aborts with it as the reason); interrupted by default. */
export function stopStatusOf(signal: AbortSignal | undefined): StopStatus {
  return signal?.reason === 'terminated' ? 'terminated' : 'interrupted';
}

export class StopOnSignal {
  readonly controller = new AbortController();
  /** The signal that stopped the command, as its exit status; undefined while none has arrived. */
  stoppedBy: StopStatus | undefined;
  private readonly onInt = (): void => { this.stop('interrupted'); };
  private readonly onTerm = (): void => { this.stop('terminated'); };

  constructor() {
    // Once: a second Ctrl-C ends the process at once, as users expect of a stuck command.
    process.once('SIGINT', this.onInt);
    process.once('SIGTERM', this.onTerm);
  }

  private stop(status: StopStatus): void {
    this.stoppedBy ??= status;
    this.controller.abort(this.stoppedBy);
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  dispose(): void {
    process.off('SIGINT', this.onInt);
    process.off('SIGTERM', this.onTerm);
  }
}

/** Runs `work` with a stop signal that Ctrl-C or SIGTERM aborts (work then throws Interrupted with it). */
export async function withStopSignal<T>(work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const stop = new StopOnSignal();
  try {
    return await work(stop.signal);
  } finally {
    stop.dispose();
  }
}
