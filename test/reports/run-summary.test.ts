// The run report's banner and its over-time queues: the scenario's SLOs judged on the run's
// intervals (kept in metrics.arrow, so `apmsim report DIR` judges them too), the busiest GPU pool
// among the key figures, agents that never queue named rather than drawn flat, bands cut at 0.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import type { MetricSummary, Results } from '../../models/run/results.js';
import { SLOS_KEY } from '../../reports/arrow/metrics.js';
import { loadRun } from '../../reports/load-run.js';
import { buildReport, runSections } from '../../reports/run-report.js';
import { runDataOf } from '../../reports/run-outputs.js';
import type { RunData } from '../../reports/run-data.js';
import type { Block, FigureDraft } from '../../reports/sections/section.js';
import { judgeSlo, summarySection } from '../../reports/sections/summary.js';
import { llmScenario } from './llm-run.js';
import { recordedRun, SCENARIOS, scenarioText, tmp, writeRecorded } from './recorded-run.js';

const test = suite('run report: SLOs, key figures, queues');

const SLOS = 'slos:\n  - { metric: e2e.p95, max: 1000s }\n  - { metric: throughput, min: 100/s }\n  - { metric: agent.checker.utilization, max: 0.9 }\n';
const text = `${readFileSync(join(SCENARIOS, 'worker-checker.yaml'), 'utf8')}\n${SLOS}`;
const run = recordedRun(scenarioText(text, ['replications=3', 'horizon=3000s', 'warmup=300s']));
const data = runDataOf(run.results, run.scenario, run.outputs, [], []);
const banner = (d: RunData): Extract<Block, { kind: 'verdict' }> => summarySection(d).blocks[0] as Extract<Block, { kind: 'verdict' }>;

const m = (estimate: number | null, lo: number | null, hi: number | null): MetricSummary => ({ estimate, interval: [lo, hi], unit: 's', values: [] });
const withMetric = (metric: MetricSummary): Results => ({ ...run.results, metrics: { x: metric } });

test('an SLO is violated only when its whole interval is beyond the limit, met when entirely within', () => {
  const max = { metric: 'x', bound: 'max', limit: 2, text: '2s' } as const;
  const min = { metric: 'x', bound: 'min', limit: 2, text: '2/s' } as const;
  assert.is(judgeSlo(withMetric(m(1.5, 1.4, 1.6)), max).verdict, 'met');
  assert.is(judgeSlo(withMetric(m(2.5, 2.1, 2.9)), max).verdict, 'violated');
  assert.is(judgeSlo(withMetric(m(1.9, 1.7, 2.1)), max).verdict, 'undecided');
  assert.is(judgeSlo(withMetric(m(1.5, 1.4, 1.6)), min).verdict, 'violated');
  assert.is(judgeSlo(withMetric(m(2.5, 2.1, 2.9)), min).verdict, 'met');
  assert.is(judgeSlo(withMetric(m(null, null, null)), max).verdict, 'unmeasured');
  assert.is(judgeSlo(withMetric(m(1.5, 1.4, 1.6)), { ...max, metric: 'nope' }).verdict, 'unmeasured');
});

test('the banner judges the scenario\'s SLOs: a violated one fails it, each is listed with its interval', () => {
  const b = banner(data);
  assert.is(b.level, 'fail');
  assert.is(b.headline, '1 of 3 SLOs violated (whole interval beyond the limit).');
  assert.ok(b.details.some((d) => /^SLO e2e\.p95 <= 1000s: met, /.test(d)), b.details.join('\n'));
  assert.ok(b.details.some((d) => /^SLO throughput >= 100\/s: VIOLATED, [\d.]+\u00a0\/s /.test(d)), b.details.join('\n'));
  const met = banner({ ...data, slos: data.slos!.filter((s) => s.metric !== 'throughput') });
  assert.is(met.level, 'ok');
  assert.match(met.headline, /every SLO met\.$/);
  assert.ok(banner({ ...data, slos: [] }).details.includes('SLO gates: none declared in this scenario.'));
  assert.match(banner({ ...data, slos: undefined }).details.join('\n'), /SLO gates: unknown/);
});

test('metrics.arrow keeps the SLOs, so the report rebuilt from the folder judges them alike, byte for byte', async () => {
  const dir = tmp();
  try {
    writeFileSync(join(dir, 'results.json'), `${JSON.stringify(run.results, null, 2)}\n`);
    await writeRecorded(run, dir);
    const table = tableFromIPC(readFileSync(join(dir, 'metrics.arrow')));
    assert.equal(JSON.parse(table.schema.metadata.get(SLOS_KEY)!), data.slos);
    const loaded = loadRun(dir).data;
    assert.equal(loaded.slos, data.slos);
    // run --out wrote results.json's own JSON; the rebuilt page must be the page it wrote.
    assert.is((await buildReport([loaded])).html, readFileSync(join(dir, 'report.html'), 'utf8'));
    rmSync(join(dir, 'metrics.arrow'));
    assert.is(loadRun(dir).data.slos, undefined, 'without metrics.arrow the SLOs are unknown');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the key figures name the busiest GPU pool when the run has pools', () => {
  const llm = recordedRun(llmScenario());
  const facts = summarySection(runDataOf(llm.results, llm.scenario, llm.outputs, [], [])).blocks.find((b) => b.kind === 'facts');
  assert.ok(facts?.kind === 'facts' && facts.facts.some(([k, v]) => k === 'busiest GPU pool' && v.startsWith('a100: ')));
  const plain = summarySection(data).blocks.find((b) => b.kind === 'facts');
  assert.ok(plain?.kind === 'facts' && !plain.facts.some(([k]) => k === 'busiest GPU pool'));
});

const overTime = (d: RunData): FigureDraft[] => runSections(d).find((s) => s.id === 'over-time')!.blocks.flatMap((b) => (b.kind === 'figure' ? [b.figure] : []));

test('an agent that never queues is named in the caption, not drawn as a flat panel; bands are cut at 0', () => {
  const s = data.series!;
  const checker = s.agents.findIndex((a) => a.name === 'checker');
  const quiet: RunData = {
    ...data,
    series: { ...s, replications: s.replications.map((r) => ({
      ...r, queue: r.queue.map((q, i) => (i % s.agents.length === checker ? 0 : q)), wait: r.wait.map((x, i) => (i % s.agents.length === checker ? 0 : x)),
    })) },
  };
  const queues = overTime(quiet).find((f) => f.id === 'queues')!;
  assert.equal(queues.table.columns.map((c) => c.label), ['window (s)', 'worker']);
  assert.match(queues.caption, /No request ever waited at checker: not drawn\.$/);
  assert.equal(overTime(data).find((f) => f.id === 'queues')!.table.columns.map((c) => c.label), ['window (s)', 'worker', 'checker']);
  for (const f of overTime(data)) {
    const values = (f.spec as unknown as { data: { values: { lower: number | null }[] } }).data.values;
    assert.ok(values.every((v) => v.lower === null || v.lower >= 0), `${f.id}: a band below 0`);
  }
});

test.run();
