// Token-bucket rate limits and shared quotas: the admitted count in any interval [s, t] never
// exceeds burst + rate (t - s), checked at every admission; under overload admissions approach the rate.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { Stream } from '../../../sim/random/stream.js';
import { OUTCOME_COMPLETED, OUTCOME_RATE_LIMITED } from '../../../sim/network/record/recorders.js';
import { ADMITTED, LIMITED, QUEUED, RateLimits } from '../../../sim/network/flow/rate-limits.js';
import type { RateLimitSpec } from '../../../sim/network/spec.js';
import { router, runOne } from '../../helpers/flow-specs.js';
import { EXIT, network, poissonClass } from '../../helpers/specs.js';

const test = suite('rate limits');

/**
 * Asserts that sorted admission times never admit more than burst + rate (t_j - t_i) in [t_i, t_j]:
 * (j - i + 1) - rate (t_j - t_i) <= burst for all i <= j, i.e. (j + 1 - rate t_j) - min_i (i - rate t_i) <= burst.
 */
function assertBucketBound(times: readonly number[], rate: number, burst: number, what: string): void {
  let minStart = Infinity;
  for (let j = 0; j < times.length; j++) {
    minStart = Math.min(minStart, j - rate * times[j]!);
    const excess = j + 1 - rate * times[j]! - minStart;
    assert.ok(excess <= burst + 1e-6, `${what}: ${excess.toFixed(6)} > burst ${burst} admitted in a window ending at admission ${j} (t = ${times[j]})`);
  }
}

test('the bucket alone: every admission keeps any window within burst + rate x length', () => {
  for (const action of ['reject', 'queue'] as const) {
    const limit: RateLimitSpec = { rate: 2, burst: 5, action };
    const admittedAt: number[] = [];
    let now = 0;
    const pending: { time: number; bucket: number }[] = [];
    const limits = new RateLimits(
      network({ agents: [router('r', EXIT)], classes: [poissonClass('q', 1, 0, [], { rateLimit: limit })] }),
      { scheduleRelease: (time, bucket) => { pending.push({ time, bucket }); }, admitted: () => { admittedAt.push(now); } },
    );
    const s = new Stream('rate-limit-test');
    let id = 0, rejected = 0;
    // Bursts of arrivals at 6/s (three times the rate) alternating with quiet spells.
    while (now < 2000) {
      now += -Math.log(1 - s.uniform()) / (Math.floor(now / 50) % 2 === 0 ? 6 : 0.5);
      while (pending.length > 0 && pending[0]!.time <= now) {
        const p = pending.shift()!;
        const keep = now;
        now = p.time;
        limits.release(p.bucket, now);
        now = keep;
      }
      const v = limits.admit(id++, 0, now);
      if (v === ADMITTED) admittedAt.push(now);
      else if (v === LIMITED) rejected++;
      else assert.is(v, QUEUED);
      assert.ok(action === 'queue' || v !== QUEUED, 'reject never queues');
    }
    assertBucketBound(admittedAt, limit.rate, limit.burst, action);
    assert.ok(admittedAt.length > 1000, `${action}: admitted ${admittedAt.length}`);
    if (action === 'reject') assert.ok(rejected > 100, `rejected ${rejected}`);
  }
});

test('reject: admissions approach the rate under overload and never beat the bucket; the rest are counted as rate limited', () => {
  const rate = 5, burst = 10, T = 3000;
  const net = network({ agents: [router('gate', EXIT)], classes: [poissonClass('q', 3 * rate, 0, [], { rateLimit: { rate, burst, action: 'reject' } })] });
  const { rows, get } = runOne(net, T);
  const admitted: number[] = [];
  let limited = 0;
  for (let i = 0; i < rows.count; i++) {
    if (rows.outcome[i] === OUTCOME_COMPLETED) admitted.push(rows.arrival[i]!); // a router exits at once
    else { assert.is(rows.outcome[i], OUTCOME_RATE_LIMITED); limited++; }
  }
  assertBucketBound(admitted, rate, burst, 'admissions');
  console.log(`  admitted ${(admitted.length / T).toFixed(3)}/s of ${3 * rate}/s offered, limit ${rate}/s`);
  assert.ok(admitted.length <= burst + rate * T);
  assert.ok(admitted.length >= 0.98 * rate * T, `admitted ${admitted.length} vs rate x T = ${rate * T}`);
  assert.is(get('class.q.rate_limited'), limited);
  assert.is(get('rejected'), limited, 'rate-limited requests count as rejected');
});

test('queue: held requests are admitted in order at the refill rate, and their wait is their latency', () => {
  const rate = 2, burst = 4, T = 1000;
  const net = network({ agents: [router('gate', EXIT)], classes: [poissonClass('q', 1.5 * rate, 0, [], { rateLimit: { rate, burst, action: 'queue' } })] });
  const { rows, get } = runOne(net, T);
  const admitted: number[] = [];
  for (let i = 0; i < rows.count; i++) admitted.push(rows.finish[i]!);
  admitted.sort((a, b) => a - b);
  assertBucketBound(admitted, rate, burst, 'admissions from the line');
  // Overloaded, the line never empties after a while: one admission per token, burst + rate T in all.
  assert.ok(admitted.length >= burst + rate * T - 2 && admitted.length <= burst + rate * T, `admitted ${admitted.length}`);
  // The gate takes no time, so a request's latency is its wait for a token.
  assert.ok(Math.abs(get('e2e.mean') - get('class.q.limiter.wait.mean')) < 1e-9, 'limiter wait = e2e');
  assert.is(get('class.q.rate_limited'), 0);
  // FIFO: rows are written as requests pass the gate, so their arrival times ascend.
  for (let i = 1; i < rows.count; i++) assert.ok(rows.arrival[i]! >= rows.arrival[i - 1]!, `admitted out of order at row ${i}`);
});

test('a quota shares one bucket between the classes of a tenant', () => {
  const rate = 3, burst = 6, T = 2000;
  const net = network({
    agents: [router('gate', EXIT)],
    classes: [poissonClass('a', 4, 0), poissonClass('b', 4, 0), poissonClass('other', 4, 0)],
    quotas: [{ name: 'tenant', rate, burst, action: 'reject', classes: [0, 1] }],
  });
  const { rows, get } = runOne(net, T);
  const admitted: number[] = [];
  for (let i = 0; i < rows.count; i++) if (rows.cls[i] !== 2 && rows.outcome[i] === OUTCOME_COMPLETED) admitted.push(rows.arrival[i]!);
  assertBucketBound(admitted, rate, burst, 'tenant admissions');
  assert.ok(admitted.length >= 0.95 * rate * T);
  assert.is(get('class.other.rejected'), 0, 'a class outside the quota is not limited');
  assert.ok(get('class.a.rate_limited') > 0 && get('class.b.rate_limited') > 0);
});

test.run();
