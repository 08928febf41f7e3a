import { num, int, text, constant, enumOf, ref, listOf, mapOf, record, oneOf, anyOf, described, field, required, expression, textOf } from './declare.js';
import { LIMITS } from './limits.js';

/**
 * The cvs a Weibull law is given by here: its shape is solved from the cv, and outside this range
 * the shape (above 127 or below 0.13) describes no service time or gap a scenario means.
 */
export const WEIBULL_CV_RANGE = [0.01, 100] as const;

export const TRACE_FORMATS = ['csv', 'jsonl'] as const;
export const TIME_UNITS = ['s', 'ms', 'iso'] as const;
export const REPLAY_MODES = ['closed', 'open'] as const;

/** A class's traffic control: its priority, its own rate limit, and a bound on its steps. */
export const TRAFFIC_GROUP = {
  priority: field(int({ min: 0 }), 'Lower numbers are served first by stations with `discipline: priority` or `preemptive` ([capacity](#capacity-replicas-balancing-autoscaling)).', { default: 0 }),
  rate_limit: field(ref('rateLimit'), 'A token bucket at entry: `rate` tokens per second (a rate > 0) up to `burst` (a number ≥ 1, default `1`; the bucket starts full); each request (each session turn) takes one. Without a token, `action: reject` (the default) rejects the request (`rate_limited`), `action: queue` holds it, FIFO, until a token is free.'),
  max_steps: field(int({ min: 1 }), 'Agent visits allowed per request (retries included; a fork branch starts from its parent\'s count). The request that would make one more ends with a **cognitive error** (outcome `cognitive`, `errors.cognitive`). It also allows loops with no way out (below).'),
} as const;

/** Where a trace is and how to read it (a trace process, and a sessions process's trace). */
export const TRACE_FILE_GROUP = {
  file: required(textOf('path'), 'CSV (with a header row) or JSONL trace, relative to the scenario file.'),
  source: field(textOf('text'), 'Where the trace comes from: the dataset, its licence and where to get it. Said when `file` cannot be read, so a user without the data knows what to fetch.'),
  format: field(enumOf(TRACE_FORMATS), 'Needed when the extension says neither.', { defaultText: 'from the extension: `.csv`, `.jsonl`, `.ndjson`' }),
  time: field(record({
    column: field(textOf('column'), 'Column (CSV header or JSON key) of the arrival time.', { default: 'timestamp' }),
    unit: field(enumOf(TIME_UNITS), 'Seconds, milliseconds, or ISO date-times.', { default: 's' }),
  }), 'Column (CSV header, JSON key) of the arrival time, in seconds `s`, milliseconds `ms`, or ISO date-times `iso`.'),
  attributes: field(mapOf(textOf('column')), 'Numeric columns kept on each request under the given name (attribute name → column).'),
  speedup: field(num({ above: 0 }), 'Divides all times: `2` replays the trace in half the time (twice the load).', { default: 1 }),
  prefix: field(textOf('column'), 'A column holding each request\'s list of prefix block ids (Mooncake\'s `hash_ids`: equal ids share a 512-token block), for `prefix_cache` on [GPU pools](#gpu-pools). In a CSV, a field `[1, 2, 3]` or `1 2 3` or `1;2;3`.'),
} as const;

export const CLASS = described(record({
  arrivals: required(ref('arrivals'), 'When requests of this class arrive.'),
  entry: required(ref('name'), 'The agent they arrive at (not `exit`).', { shown: 'agent name' }),
  routes: field(mapOf(ref('next'), { keys: ref('name') }), 'Replaces that agent\'s `next` for this class only.', { shown: 'map: agent name → [next spec](#routing-next-specs)' }),
  attributes: field(mapOf(anyOf([
    num({ min: 0 }),
    ref('countDistribution'),
  ]), { keys: ref('name') }), 'Drawn for each arrival: token counts, a difficulty score, a key ([attributes](#request-attributes-and-token-counts)).', { shown: 'map: attribute name → number or [distribution](#distributions) of plain numbers' }),
  ...TRAFFIC_GROUP,
}), 'A class of requests.');

export const ARRIVALS = described(oneOf([
  described(record({
    process: required(constant('poisson')),
    rate: required(anyOf([
      ref('rate'),
      expression(),
    ]), 'Constant rate: Poisson arrivals. Expression: a non-homogeneous Poisson process, e.g. `10 + 5*sin(2*pi*t/86400)` (t in seconds, the rate per second).'),
    rate_max: field(ref('rate'), 'Only with an expression: the bound used for thinning. Must be ≥ the expression\'s largest value.', { defaultText: '1.05 × the largest value of the expression on the grid' }),
  }, { untyped: true }), 'Poisson arrivals at a constant rate, or a time-varying rate given as an expression of t.'),
  described(record({
    process: required(constant('deterministic')),
    rate: field(ref('rate'), 'Arrivals per unit of time.'),
    interval: field(ref('duration'), 'Time between arrivals (> 0); the rate is 1/interval.'),
  }, { untyped: true, exactlyOne: ['rate', 'interval'] }), 'Evenly spaced arrivals: give `rate` or `interval`.'),
  described(record({
    process: required(constant('gamma')),
    rate: required(ref('rate'), 'Mean arrivals per unit of time: the times between arrivals have mean 1 / rate.'),
    cv: required(num({ above: 0 }), 'Coefficient of variation of the time between arrivals, sd/mean (> 0): 1 is Poisson, above 1 burstier, below 1 more regular.'),
  }, { untyped: true }), 'A renewal process: independent gamma-distributed times between arrivals, of mean 1 / rate.'),
  described(record({
    process: required(constant('lognormal')),
    rate: required(ref('rate'), 'Mean arrivals per unit of time: the times between arrivals have mean 1 / rate.'),
    cv: required(num({ above: 0 }), 'Coefficient of variation of the time between arrivals, sd/mean (> 0): heavier-tailed than gamma at the same cv.'),
  }, { untyped: true }), 'A renewal process: independent lognormal times between arrivals, of mean 1 / rate.'),
  described(record({
    process: required(constant('weibull')),
    rate: required(ref('rate'), 'Mean arrivals per unit of time: the times between arrivals have mean 1 / rate.'),
    cv: required(num({ min: WEIBULL_CV_RANGE[0], max: WEIBULL_CV_RANGE[1] }), `Coefficient of variation of the time between arrivals, sd/mean (${WEIBULL_CV_RANGE[0]} to ${WEIBULL_CV_RANGE[1]}): 1 is Poisson (Weibull shape 1).`),
  }, { untyped: true }), 'A renewal process: independent Weibull times between arrivals, of mean 1 / rate.'),
  described(record({
    process: required(constant('trace')),
    ...TRACE_FILE_GROUP,
    resample: field(record({
      block: required(ref('duration'), 'Length of each block (> 0): longer keeps more of the trace\'s time structure (bursts, a daily shape), shorter makes replications differ more.', { examples: ['10min'] }),
    }), 'Block bootstrap: each replication replays the trace\'s time span as consecutive blocks, each a stretch of the trace of that length starting at a random time (wrapping around the end), its requests at their offsets within the block and with their columns. Replications then differ as other recordings of the workload would, and intervals say how much the figures depend on the particular trace. Without it every replication replays the trace as recorded.'),
  }, { untyped: true }), 'Replay of a recorded trace (CSV or JSONL).'),
  described(record({
    process: required(constant('sessions')),
    population: field(int({ min: 1, max: LIMITS.population.max }), 'Sessions always open: all start at 0, and one that has sent its last turn is replaced at once (a closed system).'),
    arrivals: field(ref('arrivals'), 'When sessions start: any arrival process with a rate (not `trace` or `sessions`); each session sends its first turn at once.'),
    turns: field(anyOf([
      int({ min: 1 }),
      ref('countDistribution'),
    ]), 'Turns per session, drawn per session (rounded, at least 1). A distribution\'s mean must be ≥ 1.', { defaultText: '**required** with `population` or `arrivals`' }),
    think: field(anyOf([
      ref('duration'),
      ref('distribution'),
    ]), 'From a turn\'s end to the next turn\'s start (reading, typing, a tool run on the user\'s side).', { default: '0s' }),
    trace: field(record({
      ...TRACE_FILE_GROUP,
      session: required(textOf('column'), 'The column (CSV header, JSON key) of each row\'s session id: an integer or any non-empty text (a conversation id). Rows of one session are its turns, in time order.'),
      replay: field(enumOf(REPLAY_MODES), '`closed`: a session\'s first turn starts at its recorded time, each next turn when the previous one has ended plus the recorded gap between their timestamps. `open`: every turn at its recorded time, whether or not the previous one has ended.', { default: 'closed' }),
    }), 'Sessions replayed from a trace with a session column (below).'),
  }, { untyped: true, exactlyOne: ['population', 'arrivals', 'trace'] }), 'Closed-loop sessions: each sends a turn, waits for it to end, thinks, sends the next. Give one of population, arrivals or trace.'),
], { by: 'process', object: true }), 'The arrival process of a class.');

export const DISTRIBUTION_FORMS = oneOf([
  described(record({
    dist: required(constant('exponential')),
    mean: required(ref('duration'), 'Mean (> 0).', { examples: ['1s'] }),
  }, { untyped: true, open: true }), 'Exponential service time.'),
  described(record({
    dist: required(constant('deterministic')),
    value: field(ref('duration'), 'The time (>= 0).', { examples: ['250ms'] }),
    mean: field(ref('duration'), 'The same as `value` (a constant is its own mean): give one of the two.', { examples: ['250ms'] }),
  }, { untyped: true, open: true, exactlyOne: ['value', 'mean'] }), 'A constant service time: `value` (or `mean`).'),
  described(record({
    dist: required(constant('uniform')),
    min: required(ref('duration'), 'Lower bound.', { examples: ['100ms'] }),
    max: required(ref('duration'), 'Upper bound.', { examples: ['500ms'] }),
  }, { untyped: true, open: true }), 'Uniform on [min, max], 0 <= min <= max.'),
  described(record({
    dist: required(constant('normal')),
    mean: required(ref('duration'), 'Mean (> 0).', { examples: ['3s'] }),
    sd: required(ref('duration'), 'Standard deviation (>= 0).', { examples: ['1s'] }),
  }, { untyped: true, open: true }), 'Normal(mean, sd) truncated at 0.'),
  described(record({
    dist: required(constant('lognormal')),
    mean: required(ref('duration'), 'Mean (> 0).', { examples: ['2s'] }),
    cv: required(num({ min: 0 }), 'Coefficient of variation sd/mean (>= 0).'),
  }, { untyped: true, open: true }), 'Lognormal with the given mean and coefficient of variation.'),
  described(record({
    dist: required(constant('gamma')),
    mean: required(ref('duration'), 'Mean (> 0).', { examples: ['2s'] }),
    cv: required(num({ min: 0 }), 'Coefficient of variation sd/mean (>= 0).'),
  }, { untyped: true, open: true }), 'Gamma with the given mean and coefficient of variation.'),
  described(record({
    dist: required(constant('weibull')),
    mean: required(ref('duration'), 'Mean (> 0).', { examples: ['2s'] }),
    cv: required(num({ min: 0, max: WEIBULL_CV_RANGE[1] }), `Coefficient of variation sd/mean: from ${WEIBULL_CV_RANGE[0]} to ${WEIBULL_CV_RANGE[1]}, or 0 for a constant; the shape is solved from it.`),
  }, { untyped: true, open: true }), 'Weibull with the given mean and coefficient of variation (shape 1 is the exponential).'),
  described(record({
    dist: required(constant('erlang')),
    k: required(int({ min: 1, max: LIMITS.erlangK.max }), 'Number of phases (integer >= 1).'),
    mean: required(ref('duration'), 'Mean of the sum (> 0).', { examples: ['400ms'] }),
  }, { untyped: true, open: true }), 'Erlang: the sum of k exponential phases.'),
  described(record({
    dist: required(constant('hyperexponential')),
    mean: required(ref('duration'), 'Mean (> 0).', { examples: ['600ms'] }),
    scv: required(num({ min: 1 }), 'Squared coefficient of variation (>= 1).'),
  }, { untyped: true, open: true }), 'Two-phase hyperexponential with balanced means.'),
  described(record({
    dist: required(constant('empirical')),
    samples: field(listOf(ref('duration'), { minItems: 1 }), 'Observed durations (>= 0).'),
    file: field(text(), 'A file of numbers in seconds: one per line, or a CSV column (see `column`). Relative to the scenario file.'),
    column: field(text(), 'CSV column holding the samples (with `file`).'),
  }, { untyped: true, open: true, exactlyOne: ['samples', 'file'] }), 'Resamples observed values: inline `samples`, or a `file` of numbers in seconds.'),
  described(record({
    dist: required(constant('mixture')),
    components: required(listOf(ref('mixtureComponent'), { minItems: 1 }), 'Components; weights > 0 summing to 1.'),
  }, { untyped: true, open: true }), 'A weighted mixture of distributions.'),
], { by: 'dist', object: true });

export const DISTRIBUTION = record({}, { extends: 'distParams' });

export const MIXTURE_COMPONENT = record({
  weight: required(num({ above: 0 }), 'Probability of this component (> 0; all sum to 1).'),
}, { extends: 'distParams' });

export const COUNT_DISTRIBUTION = described(ref('distribution'), 'A distribution whose parameters are plain numbers (counts), e.g. { dist: gamma, mean: 250, cv: 1 }.');

export const COUNT_SOURCE = described(anyOf([
  text(),
  int({ min: 1 }),
  ref('countDistribution'),
]), 'Tokens of a call: an attribute name, a whole number, or a distribution of counts.');
