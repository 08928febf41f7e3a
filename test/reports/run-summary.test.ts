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

/** The results with no request rejected (the one flag worker-checker raises). */
export const noRejections = (r: Results): Results => ({ ...r, metrics: { ...r.metrics, 'rejected.fraction': { estimate: 0, interval: [0, 0], unit: '', values: [0, 0, 0] } } });

const m = (estimate: number | null, lo: number | null, hi: number | null): MetricSummary => ({ estimate, interval: lo === null || hi === null ? null : [lo, hi], unit: 's', values: [] });
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
  // worker-checker's bounded line turns a few requests away: flagged after the violated SLO.
  assert.match(b.headline, /^1 of 3 SLOs violated \(whole interval beyond the limit\); [\d.]+ % of requests rejected\.$/);
  assert.ok(b.details.some((d) => /^SLO e2e\.p95 <= 1000s: met, /.test(d)), b.details.join('\n'));
  assert.ok(b.details.some((d) => /^SLO throughput >= 100\/s: VIOLATED, [\d.]+\u00a0\/s /.test(d)), b.details.join('\n'));
  const met = banner({ ...data, slos: data.slos!.filter((s) => s.metric !== 'throughput') });
  assert.is(met.level, 'warn', 'SLOs met, but requests were rejected');
  assert.match(met.headline, /^[\d.]+ % of requests rejected\.$/);
  const clean = banner({ ...data, results: noRejections(data.results), slos: data.slos!.filter((s) => s.metric !== 'throughput') });
  assert.is(clean.level, 'ok');
  assert.match(clean.headline, /^Complete: 3 replications, stable, no request rejected, nothing saturated, every SLO met\.$/);
  assert.ok(banner({ ...data, slos: [] }).details.includes('SLO gates: none declared in this scenario.'));
  assert.match(banner({ ...data, slos: undefined }).details.join('\n'), /SLO gates: unknown/);
});

test('the banner flags saturation, missed objectives, budget stops and degradations; green only when nothing is flagged', () => {
  const base = noRejections(data.results);
  const withMetrics = (extra: Record<string, MetricSummary>): RunData => ({ ...data, slos: [], results: { ...base, metrics: { ...base.metrics, ...extra } } });
  const f = (estimate: number, lo = estimate, hi = estimate): MetricSummary => ({ estimate, interval: [lo, hi], unit: '', values: [estimate] });
  assert.is(banner(withMetrics({})).level, 'ok');
  const hot = banner(withMetrics({ 'agent.worker.utilization': f(0.96, 0.95, 0.97) }));
  assert.is(hot.level, 'warn');
  assert.is(hot.headline, 'agent worker saturated.');
  assert.ok(hot.details.some((d) => /^Saturated: agent worker is 96\.0 % \[95\.0 %,\s97\.0 %\] busy/.test(d)), hot.details.join('\n'));
  assert.is(banner(withMetrics({ 'agent.worker.utilization': f(0.94) })).level, 'ok', 'below 95 % is not flagged');
  const missed = banner(withMetrics({ 'objective.chat-p95.violated_share': f(0.127, 0.077, 0.178), 'objective.chat-p95.windows': f(55) }));
  assert.is(missed.level, 'fail');
  assert.is(missed.headline, 'objective chat-p95 missed in 12.7 % of windows.');
  assert.ok(missed.details.includes('Objective chat-p95: MISSED in 12.7 % [7.7 %,\u00a017.8 %] of 55 judged windows.'), missed.details.join('\n'));
  const met = banner(withMetrics({ 'objective.chat-p95.violated_share': f(0), 'objective.chat-p95.windows': f(55) }));
  assert.is(met.level, 'ok');
  assert.match(met.headline, /every objective met\.$/);
  const budget = banner(withMetrics({ 'stopped': f(120, 100, 140), 'budget.daily.degraded': f(30), 'budget.daily.deferred': f(0) }));
  assert.is(budget.level, 'warn');
  assert.is(budget.headline, '120 requests per replication stopped by a budget; budget daily degraded calls.');
  const partial = banner({ ...withMetrics({ 'agent.worker.utilization': f(0.99) }), results: { ...withMetrics({ 'agent.worker.utilization': f(0.99) }).results, partial: true } });
  assert.match(partial.headline, /^Partial results: the run stopped early; 3 replication\(s\) are summarised; agent worker saturated\.$/);
});

test('key figures give fractions as percent with intervals clamped to [0, 100 %]', () => {
  const facts = (summarySection(data).blocks.find((b) => b.kind === 'facts') as Extract<Block, { kind: 'facts' }>).facts;
  const rejected = facts.find(([k]) => k === 'rejected')![1];
  assert.match(rejected, /^[\d.]+ % \[[\d.]+ %,\u00a0[\d.]+ %\]$/);
  const over: Results = { ...data.results, metrics: { ...data.results.metrics, 'rejected.fraction': { estimate: 0.001, interval: [-0.002, 0.004], unit: '', values: [] } } };
  const clamped = (summarySection({ ...data, results: over }).blocks.find((b) => b.kind === 'facts') as Extract<Block, { kind: 'facts' }>).facts.find(([k]) => k === 'rejected')![1];
  assert.is(clamped, '0.1 % [0.0 %,\u00a00.4 %]');
  // Without an interval, why, never '[—, —]'.
  const none: Results = { ...data.results, metrics: { ...data.results.metrics, 'rejected.fraction': { estimate: 0, interval: null, note: 'no sampling variability: the same in every replication', unit: '', values: [] } } };
  const facts0 = (summarySection({ ...data, results: none }).blocks.find((b) => b.kind === 'facts') as Extract<Block, { kind: 'facts' }>).facts;
  assert.is(facts0.find(([k]) => k === 'rejected')![1], '0.0 % (no sampling variability)');
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
