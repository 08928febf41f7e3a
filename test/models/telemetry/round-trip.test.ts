// Calibration by round trip: bundled scenarios are simulated, exported as OTLP (run --otlp's
// export), calibrated from the export, and the calibration must recover what the scenario says:
// each routing probability within its binomial bound, each station's mean service time within the
// interval of the fitted mean, an end-to-end p95 whose interval meets the original's, and held-out
// latencies that the KS test does not tell from the calibrated scenario's.
// Bounds at 99.9% (z = 3.29): the checks are many, and a fixed seed makes each deterministic.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { runRecordedReplication } from '../../../models/run/replicate.js';
import { calibrateTelemetry, exportOtlp, type TelemetryCalibration } from '../../../models/telemetry/index.js';
import { createSampler } from '../../../sim/random/distributions.js';
import { metric, runText, scenarioFromText } from '../../helpers/run.js';

const test = suite('telemetry: calibration round trip');
const Z = 3.29;

const textOf = (name: string): string => readFileSync(fileURLToPath(new URL(`../../../../scenarios/${name}.yaml`, import.meta.url)), 'utf8');

function roundTrip(name: string, overrides: string[], warmup: number): { calibration: TelemetryCalibration; original: ReturnType<typeof scenarioFromText> } {
  const original = scenarioFromText(textOf(name), overrides);
  const out = runRecordedReplication(original, 0, warmup, { timeseriesWindow: 0, traceRequests: false, traceVisits: true });
  const otlp = exportOtlp(original.network, out.visits!, name, original.seed, 0, warmup);
  const calibration = calibrateTelemetry({
    files: [{ name: `${name}.otlp.jsonl`, text: otlp.lines.join('\n') }], arrivals: undefined, holdout: 0.3, seed: 3, scenarioFile: `${name}-calibrated.yaml`, name: `${name}-calibrated`, version: 'test',
  });
  return { calibration, original };
}

/** Transitions out of `from` in class `cls` of the calibration: to each node, and in all. */
function row(c: TelemetryCalibration, cls: string, from: string): { n: number; to: (node: string) => number } {
  const r = c.model.classes.find((k) => k.name === cls)!.routing.counts.get(from);
  assert.ok(r !== undefined, `no transitions from ${from} in class ${cls}`);
  const n = [...r!.values()].reduce((a, b) => a + b, 0);
  return { n, to: (node) => r!.get(node) ?? 0 };
}

function withinBinomial(c: TelemetryCalibration, cls: string, from: string, to: string, p: number): void {
  const { n, to: count } = row(c, cls, from);
  const observed = count(to) / n;
  const bound = Z * Math.sqrt((p * (1 - p)) / n);
  assert.ok(Math.abs(observed - p) <= bound, `${cls}: ${from} -> ${to}: ${count(to)}/${n} = ${observed.toFixed(4)}, p ${p} +- ${bound.toFixed(4)}`);
}

/** The scenario's mean service of station agent `agent` lies in the interval of the mean fitted from its spans. */
function serviceRecovered(c: TelemetryCalibration, original: ReturnType<typeof scenarioFromText>, agent: string): void {
  const spec = original.network.agents.find((a) => a.name === agent)!;
  const mean = createSampler(spec.kind === 'station' ? spec.service : spec.kind === 'cache' ? spec.lookup : { dist: 'deterministic', value: NaN }).mean;
  const s = c.model.stations.find((k) => k.name === agent)!;
  const fitted = createSampler(s.service.dist).mean;
  const half = Z * s.service.sd / Math.sqrt(s.service.n) + 1e-12;
  assert.ok(Math.abs(fitted - mean) <= half, `${agent}: fitted mean ${fitted} (n ${s.service.n}) vs ${mean}, half-width ${half}`);
}

/** The calibrated scenario's e2e p95 interval (its held-out simulation) meets the original scenario's. */
function p95Agrees(c: TelemetryCalibration, originalText: string, overrides: string[]): void {
  const original = metric(runText(originalText, overrides), 'e2e.p95');
  assert.ok(original.interval !== null, `original e2e.p95: no interval (${original.note})`);
  const simulated = c.check!.comparisons.find((k) => k.statistic === 'p95')!.simulated;
  console.log(`  e2e p95: original ${original.estimate!.toFixed(3)} [${original.interval[0].toFixed(3)}, ${original.interval[1].toFixed(3)}], calibrated ${simulated.estimate.toFixed(3)} [${simulated.interval[0].toFixed(3)}, ${simulated.interval[1].toFixed(3)}]`);
  assert.ok(original.interval[0] <= simulated.interval[1] && simulated.interval[0] <= original.interval[1], 'the two p95 intervals meet');
  // The whole distribution, at the file's 99.9 %: the held-out traces come from the scenario recovered.
  console.log(`  held-out KS D=${c.check!.ks.toFixed(3)}, p=${c.check!.ksP.toPrecision(2)} (${c.check!.observedCount} held-out traces)`);
  assert.ok(c.check!.ksP > 0.001, `held-out KS D ${c.check!.ks}, p ${c.check!.ksP}`);
}

test('five-agents (two classes, a fork, a tool loop, a rework loop)', () => {
  const { calibration: c, original } = roundTrip('five-agents', [], 300);
  assert.equal(c.model.classes.map((k) => k.name), ['chat', 'research']);
  // chat: the agents' own routes.
  withinBinomial(c, 'chat', 'router', 'retriever.self', 0.7);
  withinBinomial(c, 'chat', 'router', 'answerer.self', 0.3);
  withinBinomial(c, 'chat', 'answerer', 'checker.self', 0.85);
  withinBinomial(c, 'chat', 'answerer', 'tool.self', 0.15);
  withinBinomial(c, 'chat', 'checker', 'answerer.self', 0.15);
  withinBinomial(c, 'chat', 'checker', 'EXIT', 0.85);
  // research: a fork of retriever and tool (overlapping siblings), then answerer, which goes to the checker.
  const research = c.model.classes[1]!.routing;
  assert.equal([...research.forks.values()], [['retriever.self', 'tool.self']]);
  const fork = [...research.forks.keys()][0]!;
  withinBinomial(c, 'research', 'router', fork, 1 - 1e-9);
  withinBinomial(c, 'research', fork, 'answerer.self', 1 - 1e-9);
  withinBinomial(c, 'research', 'answerer', 'checker.self', 1 - 1e-9);
  withinBinomial(c, 'research', 'checker', 'answerer.self', 0.15);
  for (const agent of ['router', 'retriever', 'tool', 'answerer', 'checker']) serviceRecovered(c, original, agent);
  assert.ok(c.scenario.text.includes('fork: [retriever_self, tool_self], then: answerer_self'));
  p95Agrees(c, textOf('five-agents'), []);
});

test('support-desk (a router on attributes, a semantic cache, an LLM cascade on GPU pools)', () => {
  const overrides = ['horizon=600s', 'warmup=60s'];
  const { calibration: c, original } = roundTrip('support-desk', overrides, 60);
  withinBinomial(c, 'tickets', 'checker', 'small-answer.self', 0.1);
  withinBinomial(c, 'tickets', 'checker', 'EXIT', 0.9);
  // small-answer: 4% fail over to the large model, and 15% of the rest escalate.
  withinBinomial(c, 'tickets', 'small-answer.small', 'large-answer.self', 0.04 + 0.96 * 0.15);
  withinBinomial(c, 'tickets', 'semantic-cache', 'EXIT', 0.3 * (1 - 0.0)); // hits leave (prompts over 3000 tokens skip the cache)
  for (const agent of ['retriever', 'checker', 'semantic-cache']) serviceRecovered(c, original, agent);
  const llm = c.model.stations.filter((s) => s.role === 'llm').map((s) => s.name).sort();
  assert.equal(llm, ['large-answer.large', 'small-answer.small']);
  // Token counts of the calls: the scenario draws output tokens with mean 180 per request.
  const small = c.model.stations.find((s) => s.name === 'small-answer.small')!;
  assert.ok(Math.abs(small.tokensOut!.mean - 180) <= Z * small.tokensOut!.sd / Math.sqrt(small.tokensOut!.n) + 1, `output tokens ${small.tokensOut!.mean}`);
  assert.ok(c.model.stations.find((s) => s.name === 'router')!.instant, 'the router takes no time');
  p95Agrees(c, textOf('support-desk'), []);
});

test('fanout (every request forks: retrieval and a tool call in parallel, then an answer)', () => {
  const overrides = ['horizon=2400s', 'warmup=300s'];
  const { calibration: c, original } = roundTrip('fanout', overrides, 300);
  const routing = c.model.classes[0]!.routing;
  assert.equal([...routing.forks.values()], [['retriever.self', 'tool.self']]);
  withinBinomial(c, 'questions', 'planner', [...routing.forks.keys()][0]!, 1 - 1e-9);
  for (const agent of ['planner', 'retriever', 'tool', 'answerer']) serviceRecovered(c, original, agent);
  p95Agrees(c, textOf('fanout'), overrides);
});

test.run();
