import { num, int, text, any, constant, enumOf, ref, listOf, mapOf, record, anyOf, described, field, required } from './declare.js';

export const PERCENTILE_METHODS = ['sketch', 'exact'] as const;

/** The top-level sections of coordination: its timeline, objectives, settings, participants and actions. */
export const COORDINATION_SECTION_GROUP = {
  timeline: field(listOf(ref('timelineEvent')), 'Events replayed at simulated times (sorted by at; ties keep file order): rate changes, rate limits, objective changes, replica changes. See docs/coordination.md.'),
  objectives: field(listOf(ref('objective')), 'Service-level objectives owned by agents, judged per window.'),
  coordination: field(ref('coordination'), 'Settings of the coordination control loop (enabled when written).'),
  participants: field(listOf(ref('participant')), 'The agents taking part in coordination and their relations (upstream, downstream, peers).'),
  actions: field(listOf(ref('action')), 'The action catalogue, in order of preference: effects participants can commit to.'),
} as const;

/** The document: its top-level fields. */
export const SCENARIO = described(record({
  name: required(text(), 'Scenario name (required).'),
  description: field(text(), 'Free text.', { default: '' }),
  seed: field(int({ min: 0 }), 'Seed of every random stream (non-negative integer).', { default: 1 }),
  horizon: required(ref('duration'), 'Simulated time per replication (> 0). A number is seconds; or 250ms, 2s, 5min, 1.5h, 1 day.', { examples: ['20000s'] }),
  warmup: field(anyOf([
    ref('duration'),
    constant('auto'),
  ]), 'Time at the start of each replication whose statistics are discarded (< horizon), or `auto` (MSER-5 on a pilot run).', { default: '0s', examples: ['2000s', 'auto'] }),
  replications: field(int({ min: 2 }), 'Independent replications (integer >= 2).', { default: 10 }),
  confidence: field(num({ above: 0, below: 1 }), 'Confidence level of the reported intervals (0 < c < 1).', { default: 0.95 }),
  metrics: field(record({
    percentiles: field(enumOf(PERCENTILE_METHODS), '`sketch`: fixed-memory quantiles within `accuracy`; `exact`: keep every observation.', { default: 'sketch' }),
    accuracy: field(num({ above: 0, below: 0.5 }), 'Relative error of the quantile sketch (0 < a < 0.5).', { default: 0.01 }),
  }), 'How statistics are kept.'),
  workload: required(mapOf(ref('class'), { keys: ref('name'), minEntries: 1 }), 'Request classes by name.'),
  agents: required(mapOf(ref('agent'), { keys: ref('name'), minEntries: 1 }), 'Agents by name: stations (the default kind), llm calls, routers and caches.'),
  models: field(mapOf(ref('model'), { keys: ref('name') }), 'The model catalogue: model name -> its profile, prices and quality. Every model must be served by a GPU pool.'),
  gpus: field(mapOf(ref('gpuPool'), { keys: ref('name') }), 'GPU pools by name: replicas serving one model by continuous batching.'),
  slos: field(listOf(record({
    metric: required(text('^[A-Za-z_][A-Za-z0-9_-]*(\\.[A-Za-z0-9_-]+)*$'), 'A metric name from results.json, e.g. e2e.p95, throughput, class.chat.e2e.mean, rejected.fraction.'),
    max: field(any(), 'Upper bound: a duration (2s) for times, a rate (10/s) for rates, a plain number for anything.', { extra: { type: ['number', 'string'] } }),
    min: field(any(), 'Lower bound, written like max.', { extra: { type: ['number', 'string'] } }),
  }, { atLeastOne: ['max', 'min'] })), 'Absolute service-level gates that `apmsim compare` checks on the candidate: each bounds a metric\'s mean over replications by max and/or min. See docs/ci.md.'),
  budgets: field(mapOf(ref('budget'), { keys: ref('name') }), 'Budgets by name: limits on LLM cost or tokens per task, session or period, each with its action on exhaustion.'),
  quotas: field(mapOf(ref('quota'), { keys: ref('name') }), 'Quotas by name: rate limits shared by several classes.'),
  ...COORDINATION_SECTION_GROUP,
}), 'A scenario for apmsim: a workload of request classes flowing through a network of agents. See docs/scenario-reference.md.');

export const NAME = described(text('^[A-Za-z_][A-Za-z0-9_-]*$'), 'Letters, digits, _ and -, starting with a letter or _; `exit` is reserved.', { except: 'exit' });

export const DURATION = described(anyOf([
  num({ min: 0 }),
  text('^\\s*[+]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][+-]?\\d+)?\\s*[A-Za-z]*\\s*$'),
]), 'Seconds as a number, or a number with a time unit: 250ms, 2s, 5min, 1.5h, 1 day.');

export const RATE = described(anyOf([
  num({ above: 0 }),
  text('^\\s*[+]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][+-]?\\d+)?\\s*(?:/\\s*[A-Za-z]+|[A-Za-z]*)\\s*$'),
]), 'Per second as a number, or per unit of time: 20/s, 1200/min, 3/h.');

export const BYTES = described(anyOf([
  num({ above: 0 }),
  text('^\\s*[+]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][+-]?\\d+)?\\s*(?:B|kB|KB|MB|GB|TB|KiB|MiB|GiB|TiB)?\\s*$'),
]), 'A size in bytes: a number, or a number with a unit B, kB/KB, MB, GB, TB (powers of 1000) or KiB, MiB, GiB, TiB (powers of 1024).', { examples: ['40GiB', '320KiB', 327680] });
