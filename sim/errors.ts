// Errors the engine raises while running: a model that cannot proceed (not a bug in apmsim).

export class SimulationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SimulationError';
  }
}
