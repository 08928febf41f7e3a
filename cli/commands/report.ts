// `apmsim report`: builds the HTML report of stored outputs: runs (a run folder or its
// results.json; the Arrow files beside it add the time series and latency distribution),
// comparisons (the JSON of apmsim compare --json FILE) and sweeps (a sweep folder or sweep.json).

import type { Argv } from 'yargs';
import { QUIET_OPTION } from '../output-flags.js';
import type { Status } from '../status.js';

interface ReportArgs {
  inputs: string[];
  out: string;
  baseline: string | undefined;
  quiet: boolean;
}

export const reportCommand = {
  command: 'report <inputs..>',
  describe: 'Build a self-contained HTML report from stored outputs (runs, comparisons, sweeps)',
  builder: (y: Argv) =>
    y
      .positional('inputs', {
        type: 'string', array: true, demandOption: true,
        describe: 'run folders or results.json files (apmsim run), comparison files (apmsim compare --json FILE), sweep folders or sweep.json files (apmsim sweep); recognised by content',
      })
      .option('out', { type: 'string', demandOption: true, describe: 'HTML file to write' })
      .option('baseline', { type: 'string', describe: 'with several runs: the one the others are read against (default: the first run given)' })
      .option('quiet', QUIET_OPTION)
      .example('$0 report out/mm4 --out mm4.html', 'rebuild the report of a run folder (the same page as out/mm4/report.html)')
      .example('$0 report results.json --out report.html', 'report on results printed by apmsim run --json (no time series or CDF)')
      .example('$0 report out/compare.json --out gate.html', 'a comparison: forest plot of the gated metrics, SLO gates')
      .example('$0 report out/sweep --out sweep.html', 'a sweep folder: trade-off frontier, metrics against the knobs')
      .example('$0 report out/before out/after --out both.html', 'several runs overlaid on shared charts against the first (the baseline), then one part each')
      .example('$0 report out/a out/b out/c --baseline out/b --out abc.html', 'the same with out/b as the baseline'),
  handler: async (args: ReportArgs): Promise<Status> => {
    const { loadInput, reportParts } = await import('../../reports/inputs.js');
    const { buildPage } = await import('../../reports/page.js');
    const { writeFileAtomic } = await import('../../reports/write-atomic.js');
    const { OutputFailed, prepareOutputFile } = await import('../../reports/output-folder.js');
    // Before reading and charting the inputs: a wrong --out fails now.
    prepareOutputFile(args.out);
    const given = args.inputs.map((path) => {
      const loaded = loadInput(path);
      for (const w of loaded.warnings) process.stderr.write(`warning: ${w}\n`);
      return { path, input: loaded.input };
    });
    const { parts, merged } = reportParts(given, args.baseline);
    for (const m of merged) process.stderr.write(`note: ${m}\n`);
    const page = await buildPage(parts);
    for (const w of page.warnings) process.stderr.write(`warning: report chart: ${w}\n`);
    try {
      writeFileAtomic(args.out, page.html);
    } catch (e) {
      throw new OutputFailed(`could not write ${args.out} (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
    }
    if (!args.quiet) process.stdout.write(`wrote ${args.out}\n`);
    return 'success';
  },
};
