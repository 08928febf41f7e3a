// A query the user got wrong (unknown metric, bad override, model for another scenario): the
// shell reports the message and exits 2, like a bad scenario.

export class QueryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'QueryError';
  }
}
