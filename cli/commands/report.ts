// `apmsim report`: builds the HTML report of stored runs (a run folder or its results.json; the
// Arrow files beside it add the time series and latency distribution).

import type { Argv } from 'yargs';
import { ReportInputError } from '../../reports/errors.js';
import { UsageError } from '../errors.js';

interface ReportArgs {
  inputs: string[];
  out: string;
  quiet: boolean;
}

export const reportCommand = {
  command: 'report <inputs..>',
  describe: 'Build a self-contained HTML report from stored results (run folders or results.json files)',
  builder: (y: Argv) =>
    y
      .positional('inputs', { type: 'string', array: true, demandOption: true, describe: 'run folders (from apmsim run --out) or results.json files' })
      .option('out', { type: 'string', demandOption: true, describe: 'HTML file to write' })
      .option('quiet', { type: 'boolean', default: false, describe: 'print nothing but errors and warnings' })
      .example('$0 report out/mm4 --out mm4.html', 'rebuild the report of a run folder (the same page as out/mm4/report.html)')
      .example('$0 report results.json --out report.html', 'report on results printed by apmsim run --json (no time series or CDF)')
      .example('$0 report out/before out/after --out both.html', 'several runs in one page, one part each'),
  handler: async (args: ReportArgs): Promise<void> => {
    const { loadRun } = await import('../../reports/load-run.js');
    const { buildReport } = await import('../../reports/run-report.js');
    const { writeFileAtomic } = await import('../../reports/write-atomic.js');
    try {
      const runs = args.inputs.map((path) => {
        const loaded = loadRun(path);
        for (const w of loaded.warnings) process.stderr.write(`warning: ${w}\n`);
        return loaded.data;
      });
      const page = await buildReport(runs);
      for (const w of page.warnings) process.stderr.write(`warning: report chart: ${w}\n`);
      writeFileAtomic(args.out, page.html);
      if (!args.quiet) process.stdout.write(`wrote ${args.out}\n`);
    } catch (e) {
      if (e instanceof ReportInputError) throw new UsageError(e.message);
      throw e;
    }
  },
};
