// `apmsim calibrate`: check and calibrate apmsim's models against measurements. Each subcommand
// lives in its own file (calibrate-serving.ts: a measured GPU profile against a real vLLM run;
// calibrate-telemetry.ts: a scenario fitted to agent traces).

import type { Argv } from 'yargs';
import { calibrateServingCommand } from './calibrate-serving.js';
import { calibrateTelemetryCommand } from './calibrate-telemetry.js';

export const calibrateCommand = {
  command: 'calibrate <what>',
  describe: 'Calibrate against measurements: `serving` checks a GPU profile against a real vLLM run, `telemetry` fits a scenario to agent traces (OpenTelemetry, any-agent, Langfuse)',
  builder: (y: Argv) =>
    y
      .command(calibrateServingCommand)
      .command(calibrateTelemetryCommand)
      .demandCommand(1, 'Name what to calibrate: serving or telemetry.'),
  handler: (): void => {},
};
