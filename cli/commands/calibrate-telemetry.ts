// `apmsim calibrate telemetry FILES...`: a scenario fitted to real agent traces (models/telemetry),
// written atomically, with its fit figures as comments, the held-out check printed and, with
// --report, the calibration report beside it.

import { extname } from 'node:path';
import type { Argv } from 'yargs';
import { calibrateTelemetry, type GivenArrivals } from '../../models/telemetry/index.js';
import { reportMarkdown, summary } from '../../models/telemetry/report.js';
import { parseTrace } from '../../models/trace/index.js';
import { writeFileAtomic } from '../../reports/write-atomic.js';
import { UsageError } from '../../api/errors.js';
import { readText } from '../../api/read-text.js';
import { VERSION } from '../../api/version.js';
import { QUIET_OPTION } from '../output-flags.js';
import { filesOfFolders } from '../folder-files.js';

interface CalibrateTelemetryArgs {
  files: string[];
  out: string;
  arrivals: string | undefined;
  arrivalsColumn: string | undefined;
  arrivalsUnit: 's' | 'ms' | 'iso' | undefined;
  holdout: number;
  report: boolean;
  name: string | undefined;
  seed: number;
  quiet: boolean;
}

export const calibrateTelemetryCommand = {
  command: 'telemetry <files..>',
  describe: 'Fit a scenario to agent traces: OTLP/JSON (lines or one document; GenAI or OpenInference attributes), any-agent span dicts, Langfuse exports',
  builder: (y: Argv) =>
    y
      .positional('files', { type: 'string', array: true, demandOption: true, describe: 'telemetry files (the format is read from the content), or folders of them: a folder stands for its *.json, *.jsonl and *.ndjson files' })
      .option('out', { type: 'string', alias: 'o', demandOption: true, describe: 'the scenario YAML to write' })
      .option('arrivals', { type: 'string', describe: 'a request trace (CSV or JSONL) whose arrival times give the arrival process, instead of the root spans\' start times' })
      .option('arrivals-column', { type: 'string', describe: 'with --arrivals: the time column (default: timestamp, TIMESTAMP or time, whichever the file has)' })
      .option('arrivals-unit', { choices: ['s', 'ms', 'iso'] as const, describe: 'with --arrivals: seconds, milliseconds or ISO date-times (default: iso if the first time is not a number, else s)' })
      .option('holdout', { type: 'number', default: 0.3, describe: 'share of traces kept out of the fit and compared with the calibrated scenario\'s simulation (0: no check)' })
      .option('report', { type: 'boolean', default: false, describe: 'also write the calibration report (Markdown) beside --out: per station observed vs fitted CDF, routing, arrivals, held-out check' })
      .option('name', { type: 'string', describe: 'the scenario\'s name (default: the --out file\'s name)' })
      .option('seed', { type: 'number', default: 1, describe: 'the scenario\'s seed (also of the held-out simulation)' })
      .option('quiet', QUIET_OPTION)
      .example('$0 calibrate telemetry traces.otlp.jsonl --out calibrated.yaml --report', 'fit, write calibrated.yaml and calibrated.report.md, print the held-out check')
      .example('$0 calibrate telemetry ../shared/data/telemetry/any-agent --out agent.yaml', 'every trace file in a folder')
      .example('$0 calibrate telemetry ../shared/data/telemetry/any-agent/*.json --arrivals ../shared/data/azure-llm-2023/conv.csv --out agent.yaml', 'real agent runs, with the arrival process of a production request trace'),
  handler: (args: CalibrateTelemetryArgs): void => {
    if (!(args.holdout >= 0 && args.holdout < 1)) throw new UsageError(`--holdout: expected a share of traces in [0, 1), such as 0.3, found ${args.holdout}`);
    if (!Number.isInteger(args.seed)) throw new UsageError(`--seed: expected a whole number, found ${args.seed}`);
    if (args.arrivals === undefined && (args.arrivalsColumn !== undefined || args.arrivalsUnit !== undefined)) throw new UsageError('--arrivals-column and --arrivals-unit need --arrivals FILE');
    const files = filesOfFolders(args.files, ['.json', '.jsonl', '.ndjson'], 'telemetry files').map((name) => ({ name, text: readText(name, 'the telemetry file') }));
    const arrivals = args.arrivals === undefined ? undefined : readArrivals(args.arrivals, args.arrivalsColumn, args.arrivalsUnit);
    const name = args.name ?? (args.out.replace(/^.*\//, '').replace(/\.ya?ml$/, '') || 'calibrated');
    const result = calibrateTelemetry({ files, arrivals, holdout: args.holdout, seed: args.seed, scenarioFile: args.out, name, version: VERSION });
    writeFileAtomic(args.out, result.scenario.text);
    const written = [args.out];
    if (args.report) {
      const reportFile = `${args.out.replace(/\.ya?ml$/, '')}.report.md`;
      writeFileAtomic(reportFile, reportMarkdown(result, name));
      written.push(reportFile);
    }
    if (!args.quiet) process.stdout.write(`${summary(result)}\nwrote ${written.join(', ')}\n`);
  },
};

/** Arrival times (seconds) from a CSV or JSONL request trace, its time column and unit found when not given. */
function readArrivals(file: string, column: string | undefined, unit: 's' | 'ms' | 'iso' | undefined): GivenArrivals {
  const text = readText(file, 'the arrivals trace');
  const ext = extname(file).toLowerCase();
  const format = ext === '.csv' ? 'csv' : ext === '.jsonl' || ext === '.ndjson' ? 'jsonl' : undefined;
  if (format === undefined) throw new UsageError(`--arrivals ${file}: expected a .csv, .jsonl or .ndjson request trace, found the extension '${ext}'`);
  const firstLines = text.split('\n', 2);
  let keys: string[];
  let firstValue: (k: string) => string | undefined;
  if (format === 'csv') {
    keys = (firstLines[0] ?? '').split(',').map((k) => k.trim());
    const values = (firstLines[1] ?? '').split(',');
    firstValue = (k) => values[keys.indexOf(k)]?.trim();
  } else {
    let row: Record<string, unknown> = {};
    try { row = JSON.parse(firstLines[0] ?? '{}') as Record<string, unknown>; } catch { /* parseTrace reports the line */ }
    keys = Object.keys(row);
    firstValue = (k) => (row[k] === undefined ? undefined : String(row[k]));
  }
  const timeColumn = column ?? ['timestamp', 'TIMESTAMP', 'time'].find((k) => keys.includes(k));
  if (timeColumn === undefined) throw new UsageError(`--arrivals ${file}: expected a time column named timestamp, TIMESTAMP or time (or --arrivals-column), found ${keys.slice(0, 8).join(', ')}`);
  const first = firstValue(timeColumn) ?? '';
  const timeUnit = unit ?? (first !== '' && Number.isFinite(Number(first)) ? 's' : 'iso');
  try {
    const trace = parseTrace(text, { format, timeColumn, timeUnit, attributes: {}, speedup: 1 });
    return { times: trace.times, source: `the ${trace.times.length} arrivals of ${file}` };
  } catch (e) {
    if (e instanceof Error && 'row' in e) throw new UsageError(`--arrivals ${file}: ${e.message}`);
    throw e;
  }
}

