import { num, int, text, constant, enumOf, ref, listOf, mapOf, record, anyOf, described, field, required } from './declare.js';
import { LIMITS } from './limits.js';

export const PERCENTILE_METHODS = ['sketch', 'exact'] as const;

/** The top-level sections of coordination: its timeline, objectives, settings, participants and actions. */
export const COORDINATION_SECTION_GROUP = {
  timeline: field(listOf(ref('timelineEvent'), { maxItems: LIMITS.timelineEvents.max }), 'Rate, rate-limit, objective and replica changes at simulated times.', { shown: 'list of [events](#timeline)' }),
  objectives: field(listOf(ref('objective')), 'Service-level objectives owned by agents, judged per window.', { shown: 'list of [objectives](#objectives)' }),
  coordination: field(ref('coordination'), 'Settings of the coordination control loop; writing it enables coordination.', { defaultText: 'off' }),
  participants: field(listOf(ref('participant')), 'The agents that coordinate and their relations.', { shown: 'list of [participants](#participants)' }),
  actions: field(listOf(ref('action')), 'The catalogue of actions plans are drawn from.', { shown: 'list of [actions](#actions)' }),
} as const;

/** The document: its top-level fields. */
export const SCENARIO = described(record({
  name: required(text(), 'Scenario name, shown in reports.'),
  description: field(text(), 'Free text.', { default: '' }),
  seed: field(int({ min: 0 }), 'Seed from which every random stream is derived.', { default: 1 }),
  horizon: required(ref('duration'), 'Simulated time per replication. Example: `20000s`.', { examples: ['20000s'], shown: 'duration > 0' }),
  warmup: field(anyOf([
    ref('duration'),
    constant('auto'),
  ]), 'Start of each replication whose statistics are discarded. `auto` chooses it by MSER-5 on a pilot run. `run` warns when a queue near saturation has not filled by then ([starting empty](outputs.md#starting-empty)).', { default: '0s', examples: ['2000s', 'auto'], shown: 'duration < `horizon`, or `auto`' }),
  replications: field(int({ min: 2, max: LIMITS.replications.max }), 'Independent replications; intervals need at least 2.', { default: 10 }),
  confidence: field(num({ above: 0, below: 1 }), 'Confidence level of the reported intervals.', { default: 0.95, shown: 'number, 0 < c < 1' }),
  metrics: field(record({
    percentiles: field(enumOf(PERCENTILE_METHODS), "`sketch`: fixed-memory quantile estimates; `exact`: keep every observation (8 bytes each, of every replication until the run's summary, which reads the percentiles of all of them together).", { default: 'sketch' }),
    accuracy: field(num({ above: 0, below: 0.5 }), 'Relative error of the sketch\'s quantiles.', { default: 0.01, shown: 'number, 0 < a < 0.5' }),
  }), 'How statistics are kept.'),
  workload: required(mapOf(ref('class'), { keys: ref('name'), minEntries: 1 }), 'Request classes.', { shown: 'map: class name → [class](#workload-classes)' }),
  agents: required(mapOf(ref('agent'), { keys: ref('name'), minEntries: 1 }), 'The network.', { shown: 'map: agent name → [agent](#agents)' }),
  models: field(mapOf(ref('model'), { keys: ref('name') }), 'The model catalogue: profiles, prices, quality.', { shown: 'map: model name → [model](#models-the-model-catalogue)' }),
  gpus: field(mapOf(ref('gpuPool'), { keys: ref('name') }), 'GPU pools serving the models.', { shown: 'map: pool name → [GPU pool](#gpu-pools)' }),
  slos: field(listOf(record({
    metric: required(text('^[A-Za-z_][A-Za-z0-9_-]*(\\.[A-Za-z0-9_-]+)*$'), 'A metric of `results.json`, e.g. `e2e.p95`, `class.chat.e2e.mean`, `throughput`.', { shown: 'metric name' }),
    max: field(anyOf([num(), text()]), 'The metric\'s mean over replications must stay at or below it.', { shown: 'duration, rate or number' }),
    min: field(anyOf([num(), text()]), '… at or above it. At least one of `max` and `min`.', { shown: 'duration, rate or number' }),
  }, { atLeastOne: ['max', 'min'] })), 'Absolute service-level gates checked by `apmsim compare` (below).', { shown: 'list of gates' }),
  budgets: field(mapOf(ref('budget'), { keys: ref('name') }), 'Limits on LLM cost or tokens per task, session or period, each with its action on exhaustion.', { shown: 'map: budget name → [budget](#budgets)' }),
  quotas: field(mapOf(ref('quota'), { keys: ref('name') }), 'Rate limits shared by several classes (a tenant\'s).', { shown: 'map: quota name → [quota](#quotas)' }),
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
