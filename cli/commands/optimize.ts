// `apmsim optimize`: the cheapest configuration over a grid of knobs that meets every objective at
// the stated confidence, found by multi-fidelity search (models/advisor/optimize.ts): analytic and
// short sampled screens, then full sampled confirmation in order of cost. Exit 0 with the chosen
// point, 3 when no point meets the objectives (with the closest one), 130 after Ctrl-C with the best
// confirmed so far (marked partial), 2 for malformed knobs or objectives.

import { join } from 'node:path';
import type { Argv } from 'yargs';
import { JSON_OPTION, QUIET_OPTION } from '../output-flags.js';
import { checkMinimize, optimize, parseKnob, parseObjective, KNOB_FORMS, OBJECTIVE_FORMS, type Judged, type OptimizeResult, type PointFigure } from '../../models/advisor/optimize.js';
import { noIntervalReason } from '../../models/run/metric-interval.js';
import { numbersAt } from '../../models/query/overrides.js';
import { metricCatalogue } from '../../models/query/catalogue.js';
import { loadScenario } from '../../models/scenario/index.js';
import { writeFileAtomic } from '../../reports/write-atomic.js';
import { UsageError } from '../../api/errors.js';
import { formatNumber } from '../format-table.js';
import { threadCount, workerExecutor } from '../../api/query-executor.js';
import { readSource } from '../../api/read-scenario.js';
import { parseWallBudget, scenarioOverrides, withScenarioFlags, type ScenarioFlags } from '../scenario-flags.js';
import type { Status } from '../status.js';
import { StopOnSignal } from '../stop-signal.js';
import { VERSION } from '../../api/version.js';

interface OptimizeArgs extends ScenarioFlags {
  scenario: string;
  knob: string[] | undefined;
  objective: string[] | undefined;
  minimize: string;
  budget: string | undefined;
  json: boolean;
  quiet: boolean;
  out: string | undefined;
  workers: number | undefined;
}

export const optimizeCommand = {
  command: 'optimize <scenario>',
  describe: 'Find the cheapest configuration over a grid of knobs that meets every objective (multi-fidelity search)',
  builder: (y: Argv) =>
    withScenarioFlags(y)
      .positional('scenario', { type: 'string', demandOption: true, describe: 'scenario YAML file' })
      .option('knob', { type: 'string', array: true, describe: `a knob and its grid (repeatable): ${KNOB_FORMS}` })
      .option('objective', { type: 'string', array: true, describe: `an objective every chosen point must meet at the scenario's confidence (repeatable): ${OBJECTIVE_FORMS}` })
      .option('minimize', { type: 'string', default: 'cost.total', describe: 'the metric to minimise' })
      .option('budget', { type: 'string', describe: 'wall-clock budget (e.g. 5min): the best confirmed point so far is returned, marked partial' })
      .option('json', { ...JSON_OPTION, describe: 'print the result as JSON on stdout instead of the text' })
      .option('quiet', QUIET_OPTION)
      .option('out', { type: 'string', alias: 'o', describe: 'write optimize.json and the chosen point\'s results.json to DIR' })
      .option('workers', { type: 'number', describe: 'worker threads (default: one per core); results do not depend on it' })
      .example("$0 optimize scenarios/support-desk.yaml --knob gpus.small-pool.replicas=1..5 --knob gpus.large-pool.replicas=1..4 --knob agents.checker.servers=2..6 --objective 'class.tickets.e2e.p95 <= 10s' --minimize cost.gpu", 'the cheapest GPU and checker set-up that keeps ticket p95 under 10 s')
      .epilogue('Exit codes: 0 a configuration meets every objective, 3 none does (the closest is shown), 2 bad input, 130 interrupted (best so far, partial). Method: docs/advisor.md'),
  handler: async (args: OptimizeArgs): Promise<Status> => {
    const source = readSource(args.scenario);
    const set = scenarioOverrides(args);
    const base = loadScenario(source.file, source.text, { readFile: source.readFile, overrides: set });
    const knobs = (args.knob ?? []).map(parseKnob);
    if (knobs.length === 0) throw new UsageError(`--knob: expected at least one, ${KNOB_FORMS}`);
    if (new Set(knobs.map((k) => k.path)).size !== knobs.length) throw new UsageError('--knob: expected each path once');
    const objectives = (args.objective ?? []).map((o) => parseObjective(o, base));
    if (objectives.length === 0) throw new UsageError(`--objective: expected at least one, ${OBJECTIVE_FORMS}`);
    checkMinimize(args.minimize, base);
    const budgetMs = parseWallBudget(args.budget);
    const started = performance.now();
    const signal = new StopOnSignal();
    let interrupted = false;
    const stop = () => { interrupted ||= signal.signal.aborted; return interrupted || performance.now() - started > budgetMs; };
    let result: OptimizeResult;
    try {
      result = await optimize({
        source, set, knobs, objectives, minimize: args.minimize, executor: workerExecutor(threadCount(args.workers)),
        clock: () => performance.now(), stop, version: VERSION,
        onProgress: (stage, done, total) => { if (!args.json && !args.quiet && process.stderr.isTTY) process.stderr.write(`\r${stage} ${done}/${total}   `); },
      });
    } finally {
      signal.dispose();
    }
    if (!args.json && !args.quiet && process.stderr.isTTY) process.stderr.write('\r\x1b[K');
    const original = numbersAt(source.text, base.overrides, knobs.map((k) => k.path));
    const doc = {
      apmsim: VERSION, scenario: base.name, file: source.file, knobs, objectives, minimize: args.minimize,
      outcome: result.outcome, interrupted,
      chosen: result.chosen === undefined ? null : {
        ...describe(result.chosen),
        diff: knobs.map((k, i) => ({ path: k.path, from: original[i] ?? null, to: result.chosen!.point.values[k.path] })),
        set: result.chosen.point.set.map((x) => `--set ${x}`).join(' '),
      },
      frontier: result.frontier.map(describe),
      simulated: { ...result.simulated, total: result.simulated.analytic + result.simulated.screen + result.simulated.confirm },
      points: result.points.map(describe),
    };
    const json = `${JSON.stringify(doc, (_, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2)}\n`;
    if (args.out !== undefined) {
      writeFileAtomic(join(args.out, 'optimize.json'), json);
      if (result.chosenResults !== undefined) writeFileAtomic(join(args.out, 'results.json'), `${JSON.stringify(result.chosenResults, null, 2)}\n`);
    }
    if (args.json) process.stdout.write(json);
    else if (!args.quiet) process.stdout.write(`${formatText(doc, result, metricCatalogue(base).units)}\n`);
    if (result.outcome === 'infeasible') return 'inconclusive';
    if (result.outcome === 'partial') return interrupted ? 'interrupted' : 'success';
    return 'success';
  },
};

function describe(j: Judged) {
  return { index: j.point.index, values: j.point.values, stage: j.stage, verdict: j.verdict, figures: j.figures, why: j.why };
}

function figure(f: PointFigure | undefined, unit: string | undefined): string {
  if (f === undefined) return '—';
  const n = (x: number) => formatNumber(Number(x.toPrecision(4)));
  const u = unit === undefined || unit === '' ? '' : ` ${unit}`;
  if (f.interval !== null) return `${n(f.estimate)} [${n(f.interval[0])}, ${n(f.interval[1])}]${u}`;
  return `${n(f.estimate)}${u} (${f.note === undefined ? 'screened' : noIntervalReason(f.note)})`;
}

function formatText(doc: { scenario: string; file: string; knobs: readonly { path: string; values: readonly string[] }[]; objectives: readonly { text: string; metric: string }[]; minimize: string; outcome: string; chosen: null | { diff: readonly { path: string; from: number | null; to: string | undefined }[]; set: string } ; simulated: Record<string, number> }, r: OptimizeResult, units: ReadonlyMap<string, string>): string {
  const fig = (f: Parameters<typeof figure>[0], m: string) => figure(f, units.get(m));
  const count = (stage: string, verdict?: string) => r.points.filter((p) => p.stage === stage && (verdict === undefined || p.verdict === verdict)).length;
  const lines = [
    `${doc.file} (scenario ${doc.scenario}): ${r.points.length} points over ${doc.knobs.length} knobs; minimise ${doc.minimize} subject to ${doc.objectives.map((o) => o.text).join(', ')}`,
    `analytic screen dropped ${count('analytic', 'dropped')}; sampled screen dropped ${count('screened', 'dropped')} of ${r.points.length - count('analytic', 'dropped')}; confirmed ${count('confirmed')} (${count('confirmed', 'feasible')} feasible)`,
    '',
  ];
  const c = r.chosen;
  if (c === undefined || doc.chosen === null) lines.push(r.outcome === 'partial' ? 'PARTIAL: stopped before any point was confirmed feasible' : 'no point reached');
  else {
    const head = { optimal: 'CHOSEN', partial: 'PARTIAL (best confirmed so far)', infeasible: 'INFEASIBLE: no point meets every objective; the closest' }[r.outcome];
    lines.push(`${head}: point ${c.point.index} (${c.stage}, ${c.why})`, `  ${doc.chosen.set}`);
    for (const d of doc.chosen.diff) lines.push(`  ${d.path}: ${d.from ?? '(default)'} -> ${d.to}`);
    for (const m of [...doc.objectives.map((o) => o.metric), doc.minimize]) lines.push(`  ${m}: ${fig(c.figures[m], m)}`);
  }
  if (r.frontier.length > 0) {
    lines.push('', `frontier (${doc.minimize} vs ${doc.objectives[0]!.metric}, confirmed points):`);
    for (const f of r.frontier) lines.push(`  ${Object.values(f.point.values).join(', ').padEnd(24)} ${doc.minimize} ${fig(f.figures[doc.minimize], doc.minimize)}  ${doc.objectives[0]!.metric} ${fig(f.figures[doc.objectives[0]!.metric], doc.objectives[0]!.metric)}  ${f.verdict}`);
  }
  const s = doc.simulated;
  lines.push('', `simulated replication-seconds: analytic ${s['analytic']}, sampled screen ${formatNumber(s['screen']!)}, sampled confirmation ${formatNumber(s['confirm']!)} (total ${formatNumber(s['total']!)})`);
  return lines.join('\n');
}
