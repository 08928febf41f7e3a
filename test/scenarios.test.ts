// Every bundled scenario loads, validates and runs as shipped, with sane results.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { runCoordinatedExperiment } from '../models/coordination/experiment.js';
import { Experiment } from '../models/run/experiment.js';
import { NO_RECORDING } from '../models/run/replicate.js';
import { loadScenario } from '../models/scenario/index.js';
import { dirname, join, resolve } from 'node:path';
import { REPLAY_NOTE } from '../models/run/metric-interval.js';

const test = suite('bundled scenarios');
const dir = fileURLToPath(new URL('../../scenarios/', import.meta.url));
const files = readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort();

test('there are bundled scenarios', () => {
  assert.ok(files.length >= 5, `found ${files.join(', ')}`);
});

for (const f of files) {
  test(`${f} runs as shipped and every replication completes requests`, async () => {
    const path = join(dir, f);
    const scenario = loadScenario(path, readFileSync(path, 'utf8'), {
      readFile: (p) => readFileSync(resolve(dirname(path), p), 'utf8'),
      overrides: [],
    });
    // A timeline, objectives or coordination are replayed by models/coordination, as `apmsim run` does.
    const r = scenario.coordination === undefined
      ? new Experiment(scenario, 'test').runToEnd()
      : (await runCoordinatedExperiment(scenario, 'test', { enabled: scenario.coordination.settings.enabled, recording: NO_RECORDING })).results;
    assert.is(r.partial, false);
    assert.is(r.replications, scenario.replications);
    // The one warning a bundled scenario may carry: azure-gpu-replay is a deterministic replay.
    const replay = (w: string) => /^the \d+ replications are identical \(a deterministic replay/.test(w);
    assert.equal(r.warnings.filter((w) => !replay(w)), [], 'bundled scenarios are stable');
    const completed = r.metrics['completed']!.values;
    assert.ok(completed.every((v) => v !== null && v > 0), `completed per replication: ${completed.join(', ')}`);
    const e2e = r.metrics['e2e.mean']!;
    assert.ok(e2e.estimate !== null);
    if (r.warnings.some(replay)) assert.equal([e2e.interval, e2e.note], [null, REPLAY_NOTE], 'a replay says so instead of an interval');
    else assert.ok(e2e.interval !== null && e2e.interval[0] <= e2e.estimate && e2e.estimate <= e2e.interval[1]);
  });
}

test.run();
