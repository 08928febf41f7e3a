// The catalogue's part for agent workflows and traffic control: capacity (replicas, balancing,
// autoscaling, failures, spot, scale-to-zero), timeouts and retries, quorum forks and speculation,
// sessions, priorities, rate limits, quotas, step limits and budgets, as (expected, found) pairs.

import { quote } from '../core/messages.js';
import type { Message } from '../core/messages.js';

/** What a field accepts, for `expected` texts. */
export const EXPECTED_FLOW = {
  replicas: 'an integer of at least 0 (replicas at the start)',
  discipline: "'fcfs', 'priority' or 'preemptive'",
  weights: 'a list of weights of at least 0, one per replica, such as [3, 1]',
  weight: 'a weight of at least 0',
  autoscale: 'an autoscaler { kind: reactive | scheduled | predictive, ... }',
  failures: 'a map { time_to_failure, repair } of distributions',
  spot: 'a map { replicas, time_to_reclaim, notice, checkpoint, replacement, price_per_hour }',
  scaleToZero: 'a map { idle, cold_start }',
  checkpoint: "a duration between checkpoints (0: continuously), or 'never'",
  atLeastOneReplica: 'an integer of at least 1',
  step: 'an integer of at least 1 (replicas added or removed per action)',
  queueThreshold: 'a number of waiting requests, at least 0 (a plain number)',
  utilizationThreshold: 'a utilisation between 0 and 1',
  headroom: 'a fraction of at least 0, such as 0.2',
  schedule: 'a list of { at, replicas }, such as [{ at: 9h, replicas: 6 }]',
  scheduleEntry: 'a map { at: <duration>, replicas: <integer of at least 0> }',
  forecast: 'a rate such as 20/s, or an expression of t giving the forecast rate per second',
  timeout: 'a duration greater than 0, such as 30s',
  retry: 'a map { max, backoff, multiplier, jitter, on }',
  retryMax: 'an integer of at least 1 (retries after the first attempt)',
  multiplier: 'a backoff multiplier of at least 1',
  jitter: 'a jitter fraction between 0 and 1',
  retryOn: "'failure', 'timeout', or a list of them",
  forkCount: 'a map { to: <agent>, count: <integer of at least 1> }',
  need: 'an integer of at least 1 (branches that must finish)',
  speculate: 'a map { main: <agent>, guess: <agent>, hit: <probability> }',
  priority: 'an integer of at least 0 (lower numbers are served first)',
  maxSteps: 'an integer of at least 1 (agent visits allowed per request)',
  rateLimit: 'a token bucket { rate, burst, action: reject | queue }',
  burst: 'a number of tokens of at least 1',
  population: 'an integer of at least 1 (sessions always open)',
  turns: 'a whole number of turns of at least 1, or a distribution of counts such as { dist: gamma, mean: 5, cv: 1 }',
  think: 'a duration, or a distribution of durations such as { dist: exponential, mean: 10s }',
  sessionArrivals: 'arrivals of sessions such as { process: poisson, rate: 1/min }',
  sessionTrace: 'a map { file, format, time, attributes, speedup, prefix, session, replay }',
  budgetsMap: 'a map of budget name -> { scope, resource, limit, burst, period, classes, on_exhaustion }',
  budget: 'a budget { scope, resource, limit, burst, period, classes, on_exhaustion }',
  budgetLimit: 'an amount greater than 0 (dollars, or tokens: a plain number)',
  budgetBurst: 'an amount of at least 0 (dollars, or tokens: a plain number)',
  onExhaustion: "'stop', 'defer', or { degrade: <llm agent> }",
  classList: 'a list of class names',
  classRef: 'the name of a class of the workload',
  quotasMap: 'a map of quota name -> { rate, burst, action, classes }',
  quota: 'a quota { rate, burst, action, classes }',
} as const;

/** Every workflow diagnostic, by cause. `found` arguments are already described. */
export const flowMsg = {
  onlyWith: (field: string, other: string): Message => ({ expected: `'${field}' only with ${other}`, found: `'${field}' without it` }),
  weightsLength: (replicas: number, slots: number, count: number): Message => ({
    expected: replicas === slots
      ? `one weight per replica (${String(replicas)})`
      : `one weight per replica at the start (${String(replicas)}), up to one per replica the pool can have (${String(slots)}: on-demand up to the autoscaler's max, then spot)`,
    found: `${String(count)} weight${count === 1 ? '' : 's'}`,
  }),
  zeroLifetime: (mean: number): Message => ({
    expected: 'a distribution with a mean above 0 (a replica failing or reclaimed at once would be again and again)',
    found: `a mean of ${String(mean)} s`,
  }),
  noPositiveWeight: (): Message => ({ expected: 'at least one weight greater than 0', found: 'every weight 0' }),
  emptyPool: (owner: string): Message => ({
    expected: `${owner} that can serve: at least 1 replica, spot replicas, scale_to_zero, or an autoscaler that can add a replica (a scheduled target above 0, a reactive one on the queue signal or with min of at least 1, a predictive one with max of at least 1)`,
    found: 'replicas: 0 and nothing that adds one (the balancer would have no replica to choose)',
  }),
  bounds: (min: number, replicas: number, max: number): Message => ({
    expected: 'min <= replicas <= max',
    found: `min ${String(min)}, replicas ${String(replicas)}, max ${String(max)}`,
  }),
  thresholds: (lower: number, upper: number): Message => ({ expected: 'upper greater than lower', found: `upper ${String(upper)} <= lower ${String(lower)}` }),
  scheduleOrder: (previous: number, at: number): Message => ({ expected: `a time after the previous entry's (${String(previous)} s): entries in ascending order`, found: `${String(at)} s` }),
  scheduleHorizon: (at: number, horizon: number): Message => ({ expected: `a time within the horizon (before ${String(horizon)} s)`, found: `${String(at)} s` }),
  sessionStart: (): Message => ({ expected: "exactly one of 'population', 'arrivals' or 'trace'", found: 'none of them' }),
  sessionStarts: (a: string, b: string): Message => ({ expected: "exactly one of 'population', 'arrivals' or 'trace'", found: `both '${a}' and '${b}'` }),
  notWithTrace: (field: string): Message => ({ expected: `'${field}' only for generated sessions (population or arrivals): a trace gives turns and gaps`, found: `'${field}' with 'trace'` }),
  turnsMean: (mean: number): Message => ({ expected: 'a distribution of turns with a mean of at least 1', found: `a mean of ${String(mean)}` }),
  sessionArrivalProcess: (process: string): Message => ({ expected: 'arrivals of sessions with a rate (any process but trace or sessions)', found: `process ${quote(process)}` }),
  needRange: (need: number, branches: number): Message => ({ expected: `need between 1 and the number of branches (${String(branches)})`, found: String(need) }),
  duplicateRetryOn: (kind: string): Message => ({ expected: 'each kind at most once', found: `${quote(kind)} listed again` }),
  unknownClass: (name: string, classes: readonly string[], suggestion: string | undefined): Message => ({
    expected: `one of the classes ${classes.join(', ')}`,
    found: `unknown class ${quote(name)}${suggestion === undefined ? '' : ` (did you mean '${suggestion}'?)`}`,
  }),
  duplicateClass: (name: string): Message => ({ expected: 'each class at most once', found: `${quote(name)} listed again` }),
  badBudgetName: (kind: 'budget' | 'quota', name: string): Message => ({ expected: `a ${kind} name made of letters, digits, _ and - that starts with a letter or _`, found: quote(name) }),
  periodOnly: (scope: string): Message => ({ expected: "'period' only with scope: period", found: `'period' with scope ${quote(scope)}` }),
  deferNeedsPeriod: (scope: string): Message => ({
    expected: "'stop' or { degrade: <agent> } (only a period budget refills, so only it can defer)",
    found: `'defer' with scope ${quote(scope)}`,
  }),
  degradeNotLlm: (agent: string, kind: string): Message => ({ expected: 'an llm agent to send the calls to (a cheaper model)', found: `agent ${quote(agent)}, a ${kind}` }),
  sessionBudget: (className: string): Message => ({
    expected: 'classes whose arrivals are sessions (a per-session budget)',
    found: `class ${quote(className)}, whose arrivals are not sessions`,
  }),
  quotaAndLimit: (className: string): Message => ({
    expected: 'classes without a rate_limit of their own (a class has its own rate limit or one quota, not both)',
    found: `class ${quote(className)}, which has a rate_limit`,
  }),
  twoQuotas: (className: string, other: string): Message => ({
    expected: 'classes in no other quota (a class has one quota at most)',
    found: `class ${quote(className)}, already in quota ${quote(other)}`,
  }),
  retryNeedsTimeout: (): Message => ({ expected: "a 'timeout' on the agent when retries are on timeout", found: "retry on 'timeout' without a timeout" }),
} as const;
