// `apmsim report`: builds the HTML report of stored outputs: runs (a run folder or its
// results.json; the Arrow files beside it add the time series and latency distribution),
// comparisons (the JSON of apmsim compare --json FILE) and sweeps (a sweep folder or sweep.json);
// with --whatif, the interactive what-if panel of a learned model (apmsim train), alone or after them.

import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Argv } from 'yargs';
import { UsageError } from '../../api/errors.js';
import { fileErrorReason } from '../../sim/errors.js';
import { QUIET_OPTION } from '../output-flags.js';
import { readText } from '../../api/read-text.js';
import type { Status } from '../status.js';

interface ReportArgs {
  inputs: string[] | undefined;
  out: string;
  baseline: string | undefined;
  whatif: string | undefined;
  'whatif-scenario': string | undefined;
  quiet: boolean;
}

/** The scenario a model was trained on: as named, else as the model recorded it (from here, then from the model's folder). */
function whatIfScenario(modelFile: string, recorded: string, given: string | undefined): string {
  if (given !== undefined) return given;
  const candidates = [recorded, resolve(dirname(modelFile), recorded)];
  const found = candidates.find((f) => existsSync(f));
  if (found === undefined) {
    throw new UsageError(`--whatif ${modelFile}: the model was trained on ${recorded}, found neither ${candidates.join(' nor ')}; name the scenario file with --whatif-scenario FILE`);
  }
  return found;
}

async function whatIfPartOf(modelFile: string, scenarioFile: string | undefined) {
  const { loadModel } = await import('../../models/query/index.js');
  const { whatIfPanel, whatIfPart } = await import('../../reports/whatif/part.js');
  const { readSource } = await import('../../api/read-scenario.js');
  const model = loadModel(modelFile, readText(modelFile, 'the model file', `--whatif ${modelFile}`));
  const source = readSource(whatIfScenario(modelFile, model.json.scenario.file, scenarioFile));
  return whatIfPart(whatIfPanel(model, modelFile, source), model);
}

export const reportCommand = {
  command: 'report [inputs..]',
  describe: 'Build a self-contained HTML report from stored outputs (runs, comparisons, sweeps, serving fidelity checks) and learned models (--whatif)',
  builder: (y: Argv) =>
    y
      .positional('inputs', {
        type: 'string', array: true,
        describe: 'run folders or results.json files (apmsim run), comparison files (apmsim compare --json FILE), sweep folders or sweep.json files (apmsim sweep), fidelity checks (apmsim calibrate serving --json); recognised by content',
      })
      .option('out', { type: 'string', alias: 'o', demandOption: true, describe: 'HTML file to write' })
      .option('baseline', { type: 'string', describe: 'with several runs: the one the others are read against (default: the first run given)' })
      .option('whatif', { type: 'string', describe: 'learned model (apmsim train --out FILE): add a what-if panel, a slider per knob over its trained region and the predictions at that point, evaluated in the page by one inline script' })
      .option('whatif-scenario', { type: 'string', describe: 'the scenario the --whatif model was trained on, when it is no longer where the model says (default: the path it recorded)' })
      .option('quiet', QUIET_OPTION)
      .example('$0 report out/mm4 --out mm4.html', 'rebuild the report of a run folder (the same page as out/mm4/report.html)')
      .example('$0 report results.json --out report.html', 'report on results printed by apmsim run --json (no time series or CDF)')
      .example('$0 report out/compare.json --out gate.html', 'a comparison: forest plot of the gated metrics, SLO gates')
      .example('$0 report out/sweep --out sweep.html', 'a sweep folder: trade-off frontier, metrics against the knobs')
      .example('$0 report out/before out/after --out both.html', 'several runs overlaid on shared charts against the first (the baseline), then one part each')
      .example('$0 report out/a out/b out/c --baseline out/b --out abc.html', 'the same with out/b as the baseline')
      .example('$0 report --whatif five.json --out whatif.html', 'a what-if page for a model of apmsim train: move the knobs, read the predictions (works offline)')
      .example('$0 report out/five --whatif five.json --out five.html', 'a run\'s report followed by the what-if panel of a model of its scenario'),
  handler: async (args: ReportArgs): Promise<Status> => {
    const { loadInput, reportParts } = await import('../../reports/inputs.js');
    const { buildPage } = await import('../../reports/page.js');
    const { writeFileAtomic } = await import('../../reports/write-atomic.js');
    const { OutputFailed, prepareOutputFile } = await import('../../reports/output-folder.js');
    const inputs = args.inputs ?? [];
    if (Array.isArray(args.whatif) || Array.isArray(args['whatif-scenario'])) throw new UsageError('--whatif and --whatif-scenario: expected one file each, found several');
    if (inputs.length === 0 && args.whatif === undefined) throw new UsageError('expected outputs to report on (run folders, comparison or sweep files) or --whatif MODEL.json, found neither');
    if (args['whatif-scenario'] !== undefined && args.whatif === undefined) throw new UsageError('--whatif-scenario names the scenario of a --whatif model; give --whatif MODEL.json too');
    // Before reading and charting the inputs: a wrong --out fails now.
    prepareOutputFile(args.out);
    const given = inputs.map((path) => {
      const loaded = loadInput(path);
      for (const w of loaded.warnings) process.stderr.write(`warning: ${w}\n`);
      return { path, input: loaded.input };
    });
    const { parts, merged } = reportParts(given, args.baseline);
    for (const m of merged) process.stderr.write(`note: ${m}\n`);
    const page = await buildPage(args.whatif === undefined ? parts : [...parts, await whatIfPartOf(args.whatif, args['whatif-scenario'])]);
    for (const w of page.warnings) process.stderr.write(`warning: report chart: ${w}\n`);
    try {
      writeFileAtomic(args.out, page.html);
    } catch (e) {
      throw new OutputFailed(`could not write ${args.out}: ${fileErrorReason(e)}`);
    }
    if (!args.quiet) process.stdout.write(`wrote ${args.out}\n`);
    return 'success';
  },
};
