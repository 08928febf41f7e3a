import { num, int, bool, enumOf, ref, listOf, record, oneOf, anyOf, described, field, required } from './declare.js';
import { LIMITS } from './limits.js';

export const OBJECTIVE_METRICS = ['p95', 'p99', 'mean', 'throughput', 'rejected'] as const;

/** The events of the timeline, each a record of its own fields. */
export const TIMELINE_EVENT_GROUP = {
  set_rate: described(record({
    class: required(ref('name'), 'A class whose arrivals have a rate (any process but `trace` and `sessions`, which give their own times).'),
    factor: required(num({ above: 0 }), 'Times the rate written in the workload (> 0); the class must have generated arrivals (not a trace or sessions).'),
  }), 'From `at` on, the class\'s arrival rate is `factor` (a number > 0) times the rate written in its `arrivals`. The class\'s arrivals must have a rate (any process but `trace` and `sessions`, which give their own times; a [rate expression](#rate-expressions) is scaled too).'),
  set_rate_limit: described(record({
    class: required(ref('name'), 'A class in no quota (its own token bucket).'),
    rate: required(ref('rate'), 'Tokens per second (> 0).'),
  }), 'From `at` on, the class is admitted through a token bucket refilling at `rate` (a rate > 0; requests beyond it are rejected). The class must not be in a [quota](#quotas) (that bucket is shared).'),
  set_objective: described(record({
    objective: required(ref('name'), 'An objective of the objectives section.'),
    threshold: required(anyOf([
      ref('duration'),
      ref('rate'),
      num({ min: 0, max: 1 }),
    ]), 'The new threshold, in the unit of the objective\'s metric.'),
  }), 'The threshold of the objective named `objective` becomes `threshold`, written in the unit of that objective\'s `metric` (below): an SLO change.'),
  set_replicas: described(record({
    pool: field(ref('name'), 'A GPU pool with capacity settings (balance, autoscale, failures, spot or scale_to_zero), whose replicas can change.'),
    agent: field(ref('name'), 'A station agent with capacity settings (replicas, ...), whose replicas can change.'),
    replicas: required(int({ min: 0, max: LIMITS.replicas.max }), 'On-demand replicas from then on (integer >= 0).'),
  }, { exactlyOne: ['pool', 'agent'] }), 'The on-demand replicas of a GPU pool, or of a station agent, become `replicas` (an integer ≥ 0): capacity lost or added. The target must have [capacity settings](#capacity-replicas-balancing-autoscaling): a station with `replicas` (or another capacity field), a pool with `balance`, `autoscale`, `failures`, `spot` or `scale_to_zero` (a pool with only `replicas` has a fixed number). An llm agent scales through its pool.', { shown: '`{ pool, replicas }` or `{ agent, replicas }`' }),
  set_priority: described(record({
    class: required(ref('name'), 'A class of the workload.'),
    priority: required(int({ min: 0 }), 'Lower numbers are served first, as a class\'s priority (integer >= 0).'),
  }), 'From `at` on, the class is served at `priority` (an integer ≥ 0, lower first) at every station with `discipline: priority` or `preemptive`, as a [`priority` action](#actions) does: its requests that join a line from then on take it, requests already waiting keep theirs. The network must have such a station. A `priority` action committed on the class wins while it holds; at its expiry this priority comes back.'),
  join: described(record({
    class: required(ref('name'), 'A class whose arrivals have a rate (any process but `trace` and `sessions`, which give their own times).'),
  }), 'The class sends nothing before `at`; its arrivals begin then (a workload, or the agent it enters, joining). The class\'s arrivals must be generated, as for `set_rate`.'),
  set_price: described(record({
    model: required(ref('name'), 'A model of the models section.'),
    input: field(num({ min: 0 }), 'Dollars per 1k input tokens.'),
    output: field(num({ min: 0 }), 'Dollars per 1k output tokens.'),
  }), 'From `at` on, calls of the model that finish cost `input` and `output` dollars per 1k tokens (as in [`models`](#models-the-model-catalogue); a price left out stays as it is): a price change.'),
  set_cache_hit: described(record({
    agent: required(ref('name'), 'A cache agent with a hit probability (hit written on it; not a keyed cache).'),
    hit: required(num({ min: 0, max: 1 }), 'The hit probability (0..1).'),
  }), 'From `at` on, the [cache agent](#kind-cache) `agent` hits with probability `hit` (0..1), as a [`cache_hit` action](#actions) does: a semantic cache\'s similarity threshold changed. The cache must have a `hit` probability (not `keys`). A `cache_hit` action committed on it wins while it holds; at its expiry this probability comes back.'),
} as const;

export const TIMELINE_AT = required(ref('duration'), 'When the event applies (simulated time).', { shown: 'duration, ≥ 0 and below `horizon`' });

/** One form per event: `at` and that event's record. */
export const TIMELINE_EVENT = described(oneOf(
  Object.entries(TIMELINE_EVENT_GROUP).map(([name, event]) => record({ at: TIMELINE_AT, [name]: required(event) })),
), 'An event at simulated time at: exactly one of set_rate, set_rate_limit, set_objective, set_replicas, set_priority, join, set_price, set_cache_hit.');

export const OBJECTIVE = described(record({
  name: required(ref('name'), 'Unique among objectives; `set_objective` refers to it.'),
  agent: required(ref('name'), 'The agent that owns it (detects threats to it and negotiates for it). When `participants` is written, one of them; otherwise any name.'),
  metric: required(enumOf(OBJECTIVE_METRICS), '`p95`, `p99`, `mean`: latency of the completed requests (must stay at or below `threshold`); `throughput`: completions per second (at or above); `rejected`: the fraction refused by admission (at or below).'),
  class: required(ref('name'), 'The class it watches.', { shown: 'class name' }),
  threshold: required(anyOf([
    ref('duration'),
    ref('rate'),
    num({ min: 0, max: 1 }),
  ]), 'A duration > 0 for `p95`, `p99` and `mean` (a plain number is seconds); a rate for `throughput` (`1.8/s`); a plain number between 0 and 1 for `rejected`.', { shown: 'by `metric`' }),
  window: required(ref('duration'), 'Length of each detection window.', { shown: 'duration > 0' }),
  priority: field(int(), 'Higher wins when objectives conflict.', { default: 0 }),
}), 'A service-level objective owned by an agent, judged per window on the requests of one class.');

export const COORDINATION = described(record({
  enabled: field(bool(), 'Whether agents coordinate. When enabled, at least one objective and one action are needed.', { default: true }),
  period: field(ref('duration'), 'Control-loop period of every participant with objectives (first tick at `period`).', { default: '60s', shown: 'duration > 0' }),
  control_latency: field(ref('duration'), 'Detection and planning time before a round\'s requests leave; also a recipient\'s time to decide.', { default: '0.5s', shown: 'duration ≥ 0' }),
  message_latency: field(ref('duration'), 'One-way delay of every request and answer.', { default: '0.1s', shown: 'duration ≥ 0' }),
  horizon: field(ref('duration'), 'Prediction horizon of detection: a rising trend that crosses the threshold within it is a threat (0: only a violated window is).', { defaultText: 'twice `period`', shown: 'duration ≥ 0' }),
  confidence: field(num({ above: 0, below: 1 }), 'Confidence of validation intervals: a plan is kept when the interval\'s far end meets the objective.', { default: 0.9, shown: 'number, 0 < c < 1' }),
  max_depth: field(int({ min: 1 }), 'Most nested rounds (a recipient asking its own upstream is depth 2).', { default: 2 }),
  validation: field(record({
    horizon: field(ref('duration'), 'Simulated time of each validation run.', { default: '10min', shown: 'duration > 0' }),
    warmup: field(ref('duration'), 'Its warm-up.', { default: '1min', shown: 'duration < `validation.horizon`' }),
    replications: field(int({ min: 2, max: LIMITS.replications.max }), 'Most replications per plan.', { default: 4 }),
  }), 'How a candidate plan is validated: the scenario as it stands at the time of the round, simulated.'),
}), 'Settings of the coordination control loop; enabled when the block is written.');

/** Whom a participant may ask, by relation. */
export const RELATION_GROUP = {
  upstream: field(listOf(ref('name'), { unique: true }), 'Participants upstream of it.', { defaultText: '`[]`', shown: 'list of participant names' }),
  downstream: field(listOf(ref('name'), { unique: true }), 'Participants downstream of it.', { defaultText: '`[]`', shown: 'list of participant names' }),
  peers: field(listOf(ref('name'), { unique: true }), 'Its peers.', { defaultText: '`[]`', shown: 'list of participant names' }),
} as const;

export const PARTICIPANT = described(record({
  name: required(ref('name'), 'Unique among participants.'),
  ...RELATION_GROUP,
}), 'An agent taking part in coordination and whom it may ask; each other participant in one relation at most.');

/** The effects an action can have: each action has exactly one. */
export const ACTION_EFFECT_GROUP = {
  rate_limit: field(record({
    class: required(ref('name'), 'A class in no quota.'),
    rate: required(ref('rate'), 'Tokens per second (> 0).'),
  }), 'Admit the class through a token bucket refilling at `rate` per second (excess rejected). The class must not be in a quota.', { defaultText: '—' }),
  scale_rate: field(record({
    class: required(ref('name'), 'A class with generated arrivals (not a trace or sessions).'),
    factor: required(num({ above: 0 }), 'Times the written rate (> 0).'),
  }), 'Multiply the class\'s arrival rate by `factor` (> 0): a source slowing down, deferring or yielding. The class\'s arrivals must be generated (not a trace or sessions).', { defaultText: '—' }),
  replicas: field(record({
    pool: field(ref('name'), 'A GPU pool with capacity settings (balance, autoscale, failures, spot or scale_to_zero), whose replicas can change.'),
    agent: field(ref('name'), 'A station agent with capacity settings (replicas, ...), whose replicas can change.'),
    delta: required(int(), 'Replicas added (removed when negative); not 0.', { except: 0 }),
    max: required(int({ min: 1, max: LIMITS.replicas.max }), 'The most on-demand replicas the action may reach (integer >= 1).'),
  }, { exactlyOne: ['pool', 'agent'] }), '`delta` more on-demand replicas (a non-zero integer; negative removes) of a GPU pool or station with capacity settings, never beyond `max` (an integer ≥ 1, the owner\'s budget).', { defaultText: '—', shown: '`{ pool, delta, max }` or `{ agent, delta, max }`' }),
  priority: field(record({
    class: required(ref('name'), 'A class of the workload.'),
    priority: required(int({ min: 0 }), 'Lower numbers are served first, as a class\'s priority (integer >= 0).'),
  }), 'Serve the class at `priority` (an integer ≥ 0; lower first, as a [class\'s `priority`](#priorities-rate-limits-and-step-limits)) at every station with `discipline: priority` or `preemptive`: its requests that join a line from then on take the new priority, requests already waiting keep theirs. At expiry the class\'s written priority comes back. The network must have such a station.', { defaultText: '—' }),
  cache_hit: field(record({
    agent: required(ref('name'), 'A cache agent with a hit probability (hit written on it; not a keyed cache).'),
    hit: required(num({ min: 0, max: 1 }), 'The hit probability (0..1).'),
  }), 'The [cache agent](#kind-cache) `agent` hits with probability `hit` (0..1) from its next lookup: a semantic cache\'s looser similarity threshold (more hits, answered at the cache\'s `quality`) or a stricter one. The cache must have a `hit` probability (not `keys`). At expiry its hit probability before the commitment comes back (the written one, a `set_cache_hit` event\'s, or an earlier commitment\'s still active).', { defaultText: '—' }),
} as const;

export const ACTION = described(record({
  name: required(ref('name'), 'Unique among actions.'),
  owner: required(ref('name'), 'The participant that carries it out (and judges requests for it).', { shown: 'participant name' }),
  ...ACTION_EFFECT_GROUP,
  duration: required(ref('duration'), 'How long a commitment to it lasts.', { shown: 'duration > 0' }),
  needs: field(listOf(ref('name'), { unique: true }), 'Actions its owner may ask for to honour this one when it would put its own objectives at risk alone (a recursive round), in order of preference. Each must be owned by a participant in the owner\'s `upstream`, `downstream` or `peers`.', { default: [], shown: 'list of action names' }),
}, { exactlyOne: Object.keys(ACTION_EFFECT_GROUP) }), 'An entry of the action catalogue: one effect its owner can commit to for duration. Exactly one of rate_limit, scale_rate, replicas, priority, cache_hit.');
