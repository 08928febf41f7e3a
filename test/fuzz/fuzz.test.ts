// The quick profile of the fuzz suite, in `npm test`: 300 mutated scenarios validated in this
// process and 4 of those that load run as the CLI runs them. `npm run fuzz` is the long profile
// (test/fuzz/main.ts): 10,000 validations and 500 runs.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { campaign } from './campaign.js';

const test = suite('fuzz (quick)');

test('mutated bundled scenarios and random traces end in exit 0 or 2, in bounded time and memory', async () => {
  const f = await campaign({ validations: 300, runs: 4, seed: 18 });
  assert.equal(f.failures.map((x) => `${x.why}\n${x.text.slice(0, 1500)}`), []);
  assert.ok(f.validations >= 300);
  assert.ok(f.rejected > 0 && f.loaded > 0, `loaded ${f.loaded}, rejected ${f.rejected}`);
  assert.is(f.runs, 4);
});

test.run();
