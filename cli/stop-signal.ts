// Ctrl-C and SIGTERM for commands that write nothing unless they finish (compare, sweep): the
// signal aborts the work, and the command exits 130 leaving every output file as it was.

export class Interrupted extends Error {
  constructor() {
    super('interrupted');
    this.name = 'Interrupted';
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

/** Runs `work` with a stop signal; on Ctrl-C reports on stderr and sets exit code 130. */
export async function withStopSignal(what: string, work: (signal: AbortSignal) => Promise<void>): Promise<void> {
  const stop = new StopOnSignal();
  try {
    await work(stop.signal);
  } catch (e) {
    if (!(e instanceof Interrupted)) throw e;
    process.stderr.write(`apmsim: ${what} interrupted; no output written\n`);
    process.exitCode = 130;
  } finally {
    stop.dispose();
  }
}
