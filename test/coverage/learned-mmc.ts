// `npm run coverage:learned-mmc`: npm test's M/M/4 check of the learned backend over more training
// seeds. The test (test/models/query/learned.test.ts) pools six models; one model's coverage varies a
// lot, so this trains MODELS of them the same way (mm4.yaml, rate 2..3.2/s, 4..5 servers, 200 points
// x 2 replications of 1,500 s; training seeds 1..MODELS) and asks each on the test's grid of 50
// points against Erlang C at 90 %. It prints each model's count, the coverage and the median
// half-width / median error ratio over all of them and over the test's six (calibrated: 2.44), and
// fails (exit 1) where the test's own bounds fail: coverage under 85 % or a ratio above 3.
// About half a minute on two cores.

import { threadCount, workerExecutor } from '../../api/query-executor.js';
import { mmc } from '../../models/analytic/queues.js';
import { evaluatePredictor, parseVary, trainModel } from '../../models/query/index.js';
import { bundledSource } from '../helpers/bundled.js';
import { countArgument } from './arguments.js';

const USAGE = 'usage: npm run coverage:learned-mmc -- [MODELS]';
const MODELS = countArgument(0, 'MODELS', 24, 1, USAGE);
const LEVEL = 0.9;
/** The test's six models. */
const TESTED = 6;

const source = bundledSource('mm4.yaml');
const executor = workerExecutor(threadCount(undefined));
const median = (xs: readonly number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 === 1 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

interface Answer { covered: boolean; half: number; error: number }
const answers: Answer[][] = [];
for (let seed = 1; seed <= MODELS; seed++) {
  const json = await trainModel(source, {
    knobs: [parseVary('workload.requests.arrivals.rate=2..3.2'), parseVary('agents.worker.servers=4..5')],
    samples: 200, replications: 2, set: ['horizon=1500s', 'warmup=150s', `seed=${seed}`], metrics: ['e2e.mean'], version: 'check',
  }, executor);
  const model: Answer[] = [];
  for (const servers of [4, 5]) {
    for (let i = 0; i < 25; i++) {
      const rate = 2 + (1.2 * (i + 0.5)) / 25;
      const exact = mmc(rate, 1, servers).sojourn;
      const e = evaluatePredictor(json.metrics['e2e.mean']!.predictor, json.knobs, [rate, servers], LEVEL);
      if (e.kind !== 'ok') throw new Error(`seed ${seed}: no interval at rate ${rate}, ${servers} servers (${e.kind})`);
      model.push({ covered: e.lo <= exact && exact <= e.hi, half: (e.hi - e.lo) / 2, error: Math.abs(e.estimate - exact) });
    }
  }
  answers.push(model);
  process.stderr.write(`\r${seed}/${MODELS} models trained`);
}
process.stderr.write('\n');

let failed = false;
console.log(`M/M/4 models (rate 2..3.2/s, 4..5 servers), 50 points each against Erlang C, ${LEVEL * 100}% intervals`);
console.log(`  per model (of 50): ${answers.map((m) => m.filter((a) => a.covered).length).join(' ')}`);
for (const [label, models] of [[`all ${MODELS}`, answers], [`the test's ${TESTED}`, answers.slice(0, TESTED)]] as const) {
  const all = models.flat();
  const covered = all.filter((a) => a.covered).length;
  const ratio = median(all.map((a) => a.half)) / median(all.map((a) => a.error));
  const ok = covered >= 0.85 * all.length && ratio <= 3;
  failed ||= !ok;
  console.log(`  ${label}: ${covered}/${all.length} = ${((100 * covered) / all.length).toFixed(1)} %, median half-width / median error ${ratio.toFixed(2)}  ${ok ? 'ok' : 'FAILED (at least 85 %, at most 3)'}`);
}
process.exit(failed ? 1 : 0);
