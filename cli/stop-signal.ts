// Ctrl-C and SIGTERM for commands that write nothing unless they finish (compare, sweep): the
// signal aborts the work, which throws Interrupted; the shell reports it and exits 130 (SIGINT) or
// 143 (SIGTERM), leaving every output file as it was.

import type { StopStatus } from '../api/errors.js';


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
