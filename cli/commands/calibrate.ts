// `apmsim calibrate`: check and calibrate apmsim's models against measurements. Each subcommand
// lives in its own file (calibrate-serving.ts: a measured GPU profile against a real vLLM run).

import type { Argv } from 'yargs';
import { calibrateServingCommand } from './calibrate-serving.js';

export const calibrateCommand = {
  command: 'calibrate <what>',
  describe: 'Calibrate a model against measurements and print how far its predictions are from them',
  builder: (y: Argv) =>
    y
      .command(calibrateServingCommand)
      .demandCommand(1, 'Name what to calibrate: serving.'),
  handler: (): void => {},
};
