// The engine itself against real vLLM runs: the two dense runs of ../shared/data/serving replayed as
// trace workloads on a GPU pool with the run's vLLM settings (max_num_seqs, max_num_batched_tokens)
// and `profile: { measured: … }`, the per-step overhead fitted on the OTHER runs only. The targets are
// issue #13's for the calibrate replay: |error| <= 5 % on e2e and TPOT means, <= 10 % on TTFT's.
// (The mixture-of-experts run is data-parallel with expert parallelism, which the engine's pools do
// not model: its ranks stepping together are the calibrate replay's alone.)

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { fitOverheads } from '../../../../models/llm/serving/index.js';
import { statistic } from '../../../../models/llm/serving/fidelity.js';
import { metric, runText } from '../../../helpers/run.js';
import { loadCase, RUNS, SERVING } from './data.js';

const test = suite('engine replay of real vLLM runs');
const cases = RUNS.map((_, i) => loadCase(i));

function scenario(i: number, perStep: number): string {
  const { run } = cases[i]!;
  return `
name: engine-replay
horizon: 400s
warmup: 0s
replications: 2
models:
  m: { profile: { measured: ${SERVING}${RUNS[i]!.profile}, tp: ${run.settings.tp}, overheads: { per_step: ${perStep}s } } }
gpus:
  pool: { model: m, max_batch: ${run.settings.maxNumSeqs}, max_num_batched_tokens: ${run.settings.maxNumBatchedTokens} }
workload:
  bench:
    arrivals: { process: trace, file: ${SERVING}${RUNS[i]!.run}/requests.jsonl, time: { column: arrival_time, unit: s }, attributes: { p: input_toks, o: output_toks } }
    entry: llm
agents:
  llm: { kind: llm, gpu: pool, input_tokens: p, output_tokens: o }
`;
}

const TARGETS = [['e2e', 'e2e.mean', 0.05], ['tpot', 'tpot.mean', 0.05], ['ttft', 'ttft.mean', 0.10]] as const;

for (const i of [0, 1]) {
  const c = cases[i]!;
  test(`${RUNS[i]!.name}: the engine's e2e, TPOT and TTFT means within the targets of the measured run`, () => {
    const overheads = fitOverheads(cases.filter((_, j) => j !== i));
    const r = runText(scenario(i, overheads.perStep));
    assert.is(metric(r, 'completed').estimate, c.run.workload.arrivals.length, 'every request of the run completes');
    for (const [m, name, bound] of TARGETS) {
      const measured = statistic(c.run.measured[m], 'mean'), predicted = metric(r, name).estimate!;
      const error = predicted / measured - 1;
      assert.ok(Math.abs(error) <= bound, `${name}: engine ${predicted.toPrecision(4)} s, vLLM ${measured.toPrecision(4)} s, error ${(100 * error).toFixed(1)}% (bound ${100 * bound}%)`);
    }
  });
}

test('the token budget is what it says: without it the same run prefills whole prompts at once and TTFT drops', () => {
  const overheads = fitOverheads(cases.slice(1));
  const budgeted = metric(runText(scenario(0, overheads.perStep)), 'ttft.mean').estimate!;
  const unbudgeted = metric(runText(scenario(0, overheads.perStep).replace(/, max_num_batched_tokens: \d+/, '')), 'ttft.mean').estimate!;
  assert.ok(unbudgeted < budgeted, `TTFT ${unbudgeted} without the budget, ${budgeted} with it`);
});

test.run();
