// Every decision path of coordination on the bundled Monday-spike scenario and variants of it:
// accept, deny with a reason, a recursive round, the depth limit, a loop, a budget, an expired
// commitment undone by the engine, plans rejected at validation, and proposers that fail.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { formatLog } from '../../../models/coordination/log.js';
import type { Proposer } from '../../../models/coordination/proposals.js';
import { OUTCOME_RATE_LIMITED } from '../../../sim/network/record/recorders.js';
import { metric, recordsOf, replicate, spike } from '../../helpers/coordination.js';

const test = suite('coordination decisions');

// Two thirds of the bundled horizon: the spike at 20 min, one commitment (10 min) and its expiry.
const SHORT = ['horizon=35min'];

test('the spike: a peer yield denied with a reason, an upstream rate limit accepted after a recursive round', async () => {
  const out = await replicate(spike(SHORT));
  const answers = recordsOf(out, 'answer');
  const denied = answers.find((a) => a.action === 'yield-batch' && a.answer === 'deny');
  assert.ok(denied !== undefined, 'batch-agent denies yield-batch');
  assert.is(denied!.reason, 'own-objective-at-risk');
  assert.match(denied!.detail, /batch-throughput predicted .* against 0\.4/);
  const request = recordsOf(out, 'request');
  assert.ok(request.some((r) => r.action === 'yield-batch' && r.direction === 'peer' && r.to === 'batch-agent'));
  // The gate cannot throttle alone (its rejections objective), so it asks its own upstream first.
  const recurse = answers.find((a) => a.action === 'throttle-batch' && a.answer === 'recurse');
  assert.ok(recurse !== undefined, 'batch-gate opens a nested round');
  const nested = request.find((r) => r.action === 'defer-batch');
  assert.ok(nested !== undefined && nested.depth === 2 && nested.from === 'batch-gate' && nested.to === 'batch-scheduler' && nested.direction === 'upstream');
  const accepted = answers.find((a) => a.action === 'throttle-batch' && a.answer === 'accept');
  assert.ok(accepted !== undefined, 'batch-gate accepts throttle-batch');
  assert.ok(accepted!.t > recurse!.t, 'after its nested round');
  assert.ok(request.some((r) => r.action === 'throttle-batch' && r.direction === 'upstream'));
  assert.ok(metric(out, 'coordination.upstream.accepted') >= 1);
  assert.ok(metric(out, 'coordination.upstream.recursed') >= 1);
  assert.ok(metric(out, 'coordination.peer.denied') >= 1);
});

test('a plan is kept exactly when the far end of its interval meets the objective; the others are rejected at validation', async () => {
  const out = await replicate(spike(SHORT));
  const plans = recordsOf(out, 'plan');
  const rejected = plans.filter((p) => !p.kept && p.interval !== null);
  assert.ok(rejected.some((p) => p.action === 'trim-batch'), 'trim-batch (10 % of batch) is not enough');
  for (const p of plans) {
    if (p.interval === null) { assert.not.ok(p.kept, `${p.action}: no interval, not kept`); continue; }
    const meets = p.bound === 'max' ? p.interval[1] <= p.threshold : p.interval[0] >= p.threshold;
    assert.is(p.kept, meets, `${p.action} at ${p.t}: [${p.interval}] vs ${p.bound} ${p.threshold}`);
  }
  // A rejected plan is never asked for in the round it was rejected in.
  for (const p of rejected) {
    assert.not.ok(recordsOf(out, 'request').some((r) => r.round === p.round && r.action === p.action), `${p.action} asked after rejection`);
  }
});

// The objective is relaxed at 29 min, so nothing is asked for again once the first commitments expire.
const CALM_AFTER = ['horizon=40min', 'timeline=[{ at: 20min, set_rate: { class: chat, factor: 2 } }, { at: 29min, set_objective: { objective: chat-p95, threshold: 1000s } }]'];

test('commitments expire after their duration, and the engine undoes them', async () => {
  const out = await replicate(spike(CALM_AFTER), { requests: true });
  const commitments = recordsOf(out, 'commitment');
  const expired = recordsOf(out, 'expired');
  const defer = commitments.find((c) => c.action === 'defer-batch')!;
  const throttle = commitments.find((c) => c.action === 'throttle-batch')!;
  assert.ok(defer !== undefined && throttle !== undefined);
  assert.is(commitments.length, 2, 'nothing is committed after the objective is relaxed');
  for (const c of commitments) {
    const e = expired.find((x) => x.action === c.action && x.round === c.round);
    assert.ok(e !== undefined, `${c.action} expires`);
    assert.ok(Math.abs(e!.t - c.until) < 1e-9, `${c.action} expires at ${e!.t}, committed until ${c.until}`);
    assert.ok(Math.abs(c.until - c.t - 600) < 1e-9, 'after its 10 min');
  }
  // While deferred (x 0.5) batch arrives at ~0.5/s; after expiry at its full 1/s again, and the
  // bucket refuses nothing. Poisson counts of ~280 and ~540: each rate within 0.1 is 5 sd wide.
  const rows = out.requests!;
  const batch = 1;
  const end = 40 * 60 - 60; // requests still in flight at the horizon are not rows
  let during = 0, after = 0, limitedAfter = 0;
  for (let i = 0; i < rows.count; i++) {
    if (rows.cls[i] !== batch) continue;
    const t = rows.arrival[i]!;
    if (t >= defer.t + 30 && t < defer.until) during++;
    else if (t >= throttle.until && t < end) { after++; if (rows.outcome[i] === OUTCOME_RATE_LIMITED) limitedAfter++; }
  }
  const duringRate = during / (defer.until - defer.t - 30);
  const afterRate = after / (end - throttle.until);
  assert.ok(Math.abs(duringRate - 0.5) < 0.1, `deferred batch rate ${duringRate}`);
  assert.ok(Math.abs(afterRate - 1) < 0.15, `batch rate after expiry ${afterRate}`);
  assert.is(limitedAfter, 0);
});

test('max_depth 1: the gate cannot open a nested round and denies with depth-limit', async () => {
  const out = await replicate(spike([...SHORT, 'coordination.max_depth=1']));
  const denial = recordsOf(out, 'answer').find((a) => a.action === 'throttle-batch');
  assert.ok(denial !== undefined);
  assert.is(denial!.answer, 'deny');
  assert.is(denial!.reason, 'depth-limit');
  assert.match(denial!.detail, /max_depth 1/);
  assert.not.ok(recordsOf(out, 'request').some((r) => r.action === 'defer-batch'));
});

test('a nested round that would come back to an agent of its chain is denied as a loop', async () => {
  // defer-batch now belongs to chat-answer, the first requester: the gate's nested round asks it.
  const s = spike([...SHORT, 'actions[3].owner=chat-answer', 'participants[1].upstream=[chat-answer]']);
  const out = await replicate(s);
  const loop = recordsOf(out, 'answer').find((a) => a.action === 'defer-batch');
  assert.ok(loop !== undefined, 'the nested request is answered');
  assert.is(loop!.answer, 'deny');
  assert.is(loop!.reason, 'loop');
  assert.match(loop!.detail, /chat-answer -> batch-gate/);
  const parent = recordsOf(out, 'answer').find((a) => a.action === 'throttle-batch' && a.answer === 'deny');
  assert.ok(parent !== undefined && /defer-batch/.test(parent.detail), 'the gate then denies the request it could not honour');
});

test('an autoscaler accepts a replica within its budget and denies one beyond it', async () => {
  // Without its peer and upstream, chat-answer can ask only for add-replica: a budget of 2 allows
  // one more replica, a budget of 1 none (the requester does not know the owner's budget).
  const within = await replicate(spike([...SHORT, 'participants[0].upstream=[]', 'participants[0].peers=[]']));
  const ok = recordsOf(within, 'answer').find((a) => a.action === 'add-replica');
  assert.ok(ok !== undefined && ok.answer === 'accept', 'accepted within the budget');
  assert.ok(recordsOf(within, 'commitment').some((c) => c.action === 'add-replica'));
  assert.ok(metric(within, 'gpu.shared.replicas.mean') > 1, 'the pool ran more than one replica');
  const beyond = await replicate(spike([...SHORT, 'participants[0].upstream=[]', 'participants[0].peers=[]', 'actions[4].replicas.max=1']));
  const no = recordsOf(beyond, 'answer').find((a) => a.action === 'add-replica');
  assert.ok(no !== undefined);
  assert.is(no!.answer, 'deny');
  assert.is(no!.reason, 'budget-exceeded');
  assert.match(no!.detail, /budget of 1/);
  assert.is(metric(beyond, 'gpu.shared.replicas.mean'), 1);
});

test('an already committed action is not asked for again while it holds', async () => {
  const out = await replicate(spike(SHORT));
  for (const r of recordsOf(out, 'request')) {
    const holding = recordsOf(out, 'commitment').find((c) => c.action === r.action && c.t <= r.t && r.t < c.until);
    assert.is(holding, undefined, `${r.action} requested at ${r.t} while committed`);
  }
});

test('a proposer that fails or returns invalid plans: a clear note, and the built-in plans go on', async () => {
  const failing: Proposer = async () => ({ ok: false, message: "proposer 'sleep 9' did not answer within 100 ms; continuing with the built-in plans" });
  const out = await replicate(spike(SHORT), { proposer: failing });
  assert.ok(out.notes.some((n) => /did not answer within 100 ms/.test(n)));
  assert.ok(recordsOf(out, 'proposer').every((p) => !p.ok));
  assert.ok(recordsOf(out, 'answer').some((a) => a.action === 'throttle-batch' && a.answer === 'accept'), 'built-in plans still negotiated');

  const garbage: Proposer = async () => ({ ok: true, output: { plans: [{ action: 'launch-rockets' }, { action: 'throttle-batch', rate: -1 }, { action: 'throttle-batch', factor: 2 }] } });
  const bad = await replicate(spike(SHORT), { proposer: garbage });
  const note = bad.notes.join('\n');
  assert.match(note, /"launch-rockets" is not an action this agent may ask for/);
  assert.match(note, /"rate" must be positive, found -1/);
  assert.match(note, /"factor" does not apply to a rate_limit action/);
  assert.ok(recordsOf(bad, 'answer').some((a) => a.action === 'throttle-batch' && a.answer === 'accept'));
});

test('a proposer\'s plans are validated like the built-in ones and asked for', async () => {
  let situations = 0;
  const proposer: Proposer = async (situation) => {
    const s = JSON.parse(situation) as { objective: { name: string }; catalogue: { name: string }[] };
    situations++;
    assert.is(s.objective.name, s.objective.name);
    return { ok: true, output: { plans: s.catalogue.some((a) => a.name === 'throttle-batch') ? [{ action: 'throttle-batch', rate: 0.5, duration: 300 }] : [] } };
  };
  // Without the peer, the proposer's throttle comes second only to the catalogue's own.
  const out = await replicate(spike([...SHORT, 'actions[2].rate_limit.rate=0.05/s']), { proposer });
  assert.ok(situations > 0);
  const proposed = recordsOf(out, 'plan').filter((p) => p.source === 'proposer');
  assert.ok(proposed.length > 0);
  assert.ok(proposed.every((p) => p.action === 'throttle-batch*'));
});

test('same seed, same negotiation log, byte for byte; another replication negotiates differently', async () => {
  const a = formatLog((await replicate(spike(SHORT))).log);
  const b = formatLog((await replicate(spike(SHORT))).log);
  assert.is(a, b);
  const c = formatLog((await replicate(spike(SHORT), { index: 1 })).log);
  assert.is.not(a, c);
});

test('coordination off: the timeline and objectives apply, nobody negotiates', async () => {
  const out = await replicate(spike(SHORT), { enabled: false });
  assert.is(recordsOf(out, 'request').length, 0);
  assert.is(recordsOf(out, 'timeline').length, 1);
  assert.ok(metric(out, 'objective.chat-p95.violated_share') > 0.3);
});

test.run();
