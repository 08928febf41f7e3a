import { num, int, text, bool, constant, enumOf, ref, listOf, record, oneOf, anyOf, described, field, required } from './declare.js';
import { LIMITS } from './limits.js';
import { STATION_CAPACITY } from './capacity.js';

export const DISCIPLINES = ['fcfs', 'priority', 'preemptive'] as const;
export const RETRY_ON = ['failure', 'timeout'] as const;

/** Fields every kind of agent takes: where requests go next, and a cost per call. */
export const ROUTED_GROUP = {
  next: field(ref('next'), 'Where a request goes afterwards (for a cache: after a miss).'),
  cost_per_call: field(ref('costPerCall'), 'Charged for each call (a paid tool API, say).', { shown: 'dollars ≥ 0' }),
} as const;

/** Fields of a call that can time out and be retried. */
export const RELIABILITY_GROUP = {
  timeout: field(ref('timeout'), 'A call unfinished this long is abandoned ([timeouts and retries](#timeouts-and-retries-stations-and-llm-agents)). Stations and llm agents only.', { shown: 'duration > 0' }),
  retry: field(ref('retry'), 'Failed or timed-out calls tried again with exponential backoff and jitter ([below](#timeouts-and-retries-stations-and-llm-agents)). Stations and llm agents only.'),
} as const;

/** Fields of the kinds that take time of their own, and so can fail, time out and be retried. */
export const FAILING_GROUP = {
  failure: field(ref('failure'), 'Probability that a call fails. Stations and llm agents only.', { shown: 'probability, 0 ≤ p < 1' }),
  on_failure: field(ref('onFailure'), 'Where a failed call goes: a retry, a fallback, an escalation. Stations and llm agents only.', { defaultText: 'the request ends as failed', shown: '[next spec](#routing-next-specs)' }),
  ...RELIABILITY_GROUP,
} as const;

export const AGENT = described(oneOf([
  described(record({
    kind: field(constant('station'), 'What the agent is.', { default: 'station' }),
    ...ROUTED_GROUP,
    ...FAILING_GROUP,
    servers: field(int({ min: 1, max: LIMITS.servers.max }), 'Identical parallel servers.', { default: 1 }),
    capacity: field(int({ min: 1 }), 'Most requests held, waiting and in service (Kendall\'s K); arrivals beyond it are rejected.', { defaultText: 'unbounded', shown: 'integer ≥ `servers`' }),
    service: required(ref('distribution'), 'Service time of one request.'),
    discipline: field(enumOf(DISCIPLINES), 'Stations only. Order of the line: first come first served; by class [`priority`](#priorities-rate-limits-and-step-limits) (lower first, FCFS within one); or by priority with preemption of a lower priority in service (it resumes later).', { default: 'fcfs' }),
    ...STATION_CAPACITY.fields,
  }), 'A station (kind station, the default): identical servers with a FIFO line.'),
  described(record({
    kind: required(constant('llm')),
    ...ROUTED_GROUP,
    ...FAILING_GROUP,
    gpu: required(ref('name'), 'The [pool](#gpu-pools) that serves the call (and so the model).', { shown: 'GPU pool name' }),
    input_tokens: required(ref('countSource'), 'Prompt tokens of the call.', { shown: '[token count](#request-attributes-and-token-counts)' }),
    output_tokens: required(ref('countSource'), 'Output tokens of the call (at least 1 is produced).', { shown: '[token count](#request-attributes-and-token-counts)' }),
  }), 'An LLM call served by a GPU pool; its tokens decide its time and cost.'),
  described(record({
    kind: required(constant('router')),
    ...ROUTED_GROUP,
  }), 'Takes no time: only routes, typically with a switch in next.'),
  described(record({
    kind: required(constant('cache')),
    ...ROUTED_GROUP,
    next: field(ref('next'), 'Where a miss goes; default exit.'),
    hit: field(num({ min: 0, max: 1 }), 'Each lookup hits with this probability (e.g. a semantic cache\'s measured hit ratio).', { defaultText: 'one of `hit` and `keys` **required**', shown: 'probability' }),
    keys: field(oneOf([
      record({
        count: required(int({ min: 1, max: LIMITS.cacheKeys.max }), 'Distinct keys.'),
        zipf: required(num({ above: 0 }), 'Popularity exponent: key k is drawn with probability proportional to 1/(k+1)^zipf.'),
      }),
      record({
        attribute: required(text(), 'The request attribute holding the key.'),
      }),
    ]), 'Keyed cache: each request\'s key is drawn from `count` keys with Zipf popularity (key *k* with probability ∝ 1/(k+1)^`zipf`, `count` integer ≥ 1, `zipf` > 0), or read from a request attribute.'),
    capacity: field(int({ min: 1, max: LIMITS.cacheKeys.max }), 'Keys held, least recently used evicted. Only with `keys`.', { defaultText: 'unbounded' }),
    ttl: field(ref('duration'), 'How long an entry stays valid. Only with `keys`.', { defaultText: 'forever', shown: 'duration > 0' }),
    lookup: field(ref('distribution'), 'Lookup time (an embedding plus a vector search for a semantic cache); no queueing.', { defaultText: '`0 s`' }),
    on_hit: field(ref('next'), 'Where a hit goes.', { defaultText: '`exit`' }),
    quality: field(num(), 'A quality score of the answers it serves (any finite number, typically 0..1, as a [model\'s `quality`](#models-the-model-catalogue)): a request that hits gets it, so cached answers count in `quality.mean` (a model answering the request later overrides it). Without it, hits carry no quality.'),
  }), 'A cache in front of other agents: a hit goes to on_hit, a miss to next. Give hit, or keys (with capacity and ttl).'),
], { by: 'kind', object: true }), 'An agent; its kind (station by default) decides which fields it takes.');

export const FAILURE = described(num({ min: 0, below: 1 }), 'Probability that a call fails (0 <= p < 1).', { default: 0 });

export const ON_FAILURE = described(ref('next'), 'Where a failed call goes; default: the request ends, counted as failed.');

export const COST_PER_CALL = described(num({ min: 0 }), 'Dollars charged per call.', { default: 0 });

export const TARGET_NAME_FORM = described(anyOf([
  constant('exit'),
  ref('name'),
]), 'An agent name, or `exit`.');

export const RANDOM_FORM = described(listOf(record({
  to: required(text(), 'An agent name, or `exit`.'),
  p: required(num({ min: 0, max: 1 }), 'Probability.'),
  escalate: field(bool(), 'Marks the edge as an escalation (e.g. small model -> large model) for metrics.', { default: false }),
}), { minItems: 1 }), 'One target drawn by probability; probabilities sum to 1, targets distinct.');

export const TARGET_FORM = described(record({
  to: required(text(), 'An agent name, or `exit`.'),
  escalate: field(bool(), 'Marks the edge as an escalation for metrics (not towards exit).', { default: false }),
}), 'One target, optionally marked as an escalation; { to: X } is the same as X.');

export const FORK_FORM = described(record({
  fork: required(anyOf([
    listOf(ref('name'), { minItems: 1 }),
    described(record({
      to: required(ref('name'), 'The branch agent.'),
      count: required(int({ min: 1, max: LIMITS.forkCount.max }), 'How many copies.'),
    }), 'Copies of one agent.'),
  ]), 'Branch agents, or { to, count }: count copies at one agent.'),
  then: field(ref('next')),
  need: field(int({ min: 1 }), 'Branches that must finish (1..branches); default all (early termination when fewer).'),
}), 'Fork/join: a copy goes to each branch; when `need` of them (default all) have finished, the others are cancelled and the request continues with `then`.');

export const SPECULATE_FORM = described(record({
  speculate: required(record({
    main: required(ref('name'), 'The agent that runs now.'),
    guess: required(ref('name'), 'The likely next step, run at the same time.'),
    hit: required(num({ min: 0, max: 1 }), 'Probability that the guess was right.'),
  }), 'The speculation.'),
  then: field(ref('next')),
}), 'Speculative execution: `guess` (the likely next step) runs alongside `main`; with probability `hit` it was right and the request continues with `then`, else the guess runs again first (wasted work counted).');

export const SWITCH_FORM = described(record({
  switch: required(listOf(record({
    when: required(text('^\\s*[A-Za-z_][A-Za-z0-9_-]*\\s*(<=|>=|==|!=|<|>)\\s*[+-]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][+-]?\\d+)?\\s*$'), '`<attribute> <op> <number>`, op one of < <= > >= == !=.', { examples: ['difficulty > 0.7', 'prompt_tokens >= 4000'] }),
    then: required(ref('next')),
  }), { minItems: 1 }), 'Rules, tried in order.'),
  otherwise: field(ref('next'), 'Where requests go when no rule holds; default exit.'),
}), 'The first rule whose condition holds on the request attributes decides; else otherwise.');

/** Where a request goes next: a name, a random choice, a map with `to`, a fork, a speculation or a switch. */
export const NEXT = described(oneOf([
  TARGET_NAME_FORM, RANDOM_FORM, TARGET_FORM, FORK_FORM, SPECULATE_FORM, SWITCH_FORM,
]), 'Where a request goes after this agent; default exit.', { default: 'exit' });

export const TIMEOUT = described(ref('duration'), 'A call still unfinished this long after it reached the agent (for an llm agent: after joining its GPU pool) is abandoned: the request goes on at once (a retry, `on_failure`, or a system error) while the abandoned call keeps its server until it ends, its work counted as wasted.', { shown: 'duration > 0' });

export const RETRY = described(record({
  max: required(int({ min: 1 }), 'Retries after the first attempt.'),
  backoff: field(ref('duration'), 'Delay before the first retry.', { default: '0s' }),
  multiplier: field(num({ min: 1 }), 'Retry *k* waits `backoff × multiplier^(k−1) × (1 + jitter × (2u − 1))`, u uniform on [0, 1).', { default: 2 }),
  jitter: field(num({ min: 0, max: 1 }), 'Relative spread of each delay.', { default: 0, shown: 'number in [0, 1]' }),
  on: field(anyOf([
    enumOf(RETRY_ON),
    listOf(enumOf(RETRY_ON), { minItems: 1, unique: true }),
  ]), 'What is retried. `timeout` needs a `timeout` on the agent.', { defaultText: 'both', shown: '`failure`, `timeout`, or a list of them' }),
}), 'Retries of failed or timed-out calls at the same agent: retry k waits backoff x multiplier^(k-1) x (1 + jitter x (2u - 1)).');
