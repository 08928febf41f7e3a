// `apmsim merge DIR... --out DIR`: combines the outputs of `apmsim sweep --shard i/n` into the
// sweep.json and sweep.arrow a single unsharded run would have written, byte for byte.

import { join } from 'node:path';
import type { Argv } from 'yargs';
import { QUIET_OPTION } from '../output-flags.js';
import { mergeSweeps, parseSweep } from '../../models/sweep/document.js';
import { readText } from '../../api/read-text.js';
import type { Status } from '../status.js';
import { writeSweep } from '../sweep-output.js';

interface MergeArgs {
  dirs: string[];
  out: string;
  report: boolean;
  quiet: boolean;
}

export const mergeCommand = {
  command: 'merge <dirs..>',
  describe: 'Combine the shards of a sweep (apmsim sweep --shard i/n) into one output',
  builder: (y: Argv) =>
    y
      .positional('dirs', { type: 'string', array: true, demandOption: true, describe: 'folders written by apmsim sweep --shard, one per shard' })
      .option('out', { type: 'string', alias: 'o', demandOption: true, describe: 'folder to write the merged sweep.json and sweep.arrow into' })
      .option('report', { type: 'boolean', default: false, describe: 'also write report.html into --out (the merged sweep\'s report)' })
      .option('quiet', QUIET_OPTION)
      .example('$0 merge out/shard-1 out/shard-2 out/shard-3 --out out/all', 'three shards into the output of one unsharded sweep')
      .example('$0 merge shards/* --out sweep', 'after downloading every shard artifact of a CI matrix'),
  handler: async (args: MergeArgs): Promise<Status> => {
    const docs = args.dirs.map((dir) => {
      const file = join(dir, 'sweep.json');
      return { file, doc: parseSweep(file, readText(file, "a shard's sweep.json")) };
    });
    const merged = mergeSweeps(docs);
    const files = await writeSweep(args.out, merged);
    if (args.report) {
      const { writeSweepReport } = await import('../../reports/sweep-report.js');
      const report = await writeSweepReport(args.out, merged);
      for (const w of report.warnings) process.stderr.write(`warning: report chart: ${w}\n`);
      files.push(report.file);
    }
    if (!args.quiet) process.stdout.write(`merged ${docs.length} shards: ${merged.points.length} points of ${merged.scenario}\nwrote ${files.join(', ')}\n`);
    return 'success';
  },
};
