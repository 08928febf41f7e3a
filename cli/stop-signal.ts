// Ctrl-C and SIGTERM for commands that write nothing unless they finish (compare, sweep): the
// signal aborts the work, which throws Interrupted; the shell reports it and exits 130, leaving
// every output file as it was.

import { ApmsimError, type ExitName } from '../sim/errors.js';

/** A command stopped by a signal before it wrote anything; `what` names the command. */
export class Interrupted extends ApmsimError {
  static override readonly exit: ExitName = 'interrupted';
  constructor(what: string) {
    super(`${what} interrupted; no output written`);
  }
}

export class StopOnSignal {
  readonly controller = new AbortController();
  private readonly onSignal = (): void => { this.controller.abort(); };

  constructor() {
    process.once('SIGINT', this.onSignal);
    process.once('SIGTERM', this.onSignal);
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  dispose(): void {
    process.off('SIGINT', this.onSignal);
    process.off('SIGTERM', this.onSignal);
  }
}

/** Runs `work` with a stop signal that Ctrl-C or SIGTERM aborts (work then throws Interrupted). */
export async function withStopSignal<T>(work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const stop = new StopOnSignal();
  try {
    return await work(stop.signal);
  } finally {
    stop.dispose();
  }
}
