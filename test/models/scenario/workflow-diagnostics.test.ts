// Malformed workflow and traffic-control fields: capacity (replicas, balancing, autoscaling,
// failures, spot, scale-to-zero), timeouts and retries, quorum forks and speculation, priorities,
// rate limits, quotas, max steps, sessions and budgets. Each mistake is reported once, at its
// dotted path and line, saying what was expected and what was found.

import { suite } from 'uvu';
import { editFlows, diagnosticCases, type DiagnosticCase } from './fixtures.js';

/** Extra lines of the worker station (from line 26). */
const worker = (...lines: string[]) => editFlows({ 25: ['    servers: 2', ...lines.map((l) => `    ${l}`)].join('\n') });
/** A reactive autoscaler on the worker (its map from line 27) with some fields replaced or added. */
const reactive = (fields: Readonly<Record<string, string>>, replicas = 2) => {
  const all: Record<string, string> = { kind: 'reactive', signal: 'utilization', upper: '0.8', lower: '0.3', window: '1min', cooldown: '2min', min: '1', max: '4', ...fields };
  return worker(`replicas: ${String(replicas)}`, 'autoscale:', ...Object.entries(all).filter(([, v]) => v !== '').map(([k, v]) => `  ${k}: ${v}`));
};
const pool = (text: string) => editFlows({ 6: `  pool: { model: small, ${text} }` });
const planNext = (next: string) => editFlows({ 22: `    next: ${next}` });
/** Extra lines of the gold class (from line 12). */
const gold = (...lines: string[]) => editFlows({ 11: ['    priority: 0', ...lines.map((l) => `    ${l}`)].join('\n') });
const goldArrivals = (text: string) => editFlows({ 9: `    arrivals: ${text}` });
/** A budgets section at the end: `budgets:` on line 31, the budget's map from line 32. */
const budget = (text: string) => editFlows({}, ['budgets:', `  hourly: { ${text} }`]);
const quotas = (...lines: string[]) => editFlows({}, ['quotas:', ...lines.map((l) => `  ${l}`)]);
const agentLlm = (...lines: string[]) => editFlows({ 21: ['    output_tokens: 100', ...lines.map((l) => `    ${l}`)].join('\n') });

const SESSION_CSV = 'time,conversation,tokens\n0,a,10\n1,b,20\n2,a,30\n';
const sessionTrace = { readFile: () => SESSION_CSV };
const sessionTraceArrivals = (trace: string) => goldArrivals(`{ process: sessions, trace: { ${trace} } }`);

const cases: readonly DiagnosticCase[] = [
  // The four mistakes the issue names
  {
    // The planner's fork waits for branches that never end, so it is reported too.
    name: 'a cycle with neither exit nor max steps', text: worker('next: worker'), path: 'agents.worker.next', line: 26,
    fragment: "or max_steps on the class (which ends a runaway loop), found requests of class 'gold' that reach agent 'worker' can never exit", count: 2,
  },
  { name: 'a budget without an action on exhaustion', text: budget('scope: task, limit: 0.5'), path: 'budgets.hourly.on_exhaustion', line: 32, fragment: "a field 'on_exhaustion': 'stop', 'defer', or { degrade: <llm agent> }, found nothing (the field is missing)", count: 1 },
  { name: 'a balancer over an empty pool', text: worker('replicas: 0', 'balance: least-loaded'), path: 'agents.worker.replicas', line: 26, fragment: 'replicas: 0 and nothing that adds one', count: 1 },
  { name: 'a cooldown shorter than zero', text: reactive({ cooldown: '-30s' }), path: 'agents.worker.autoscale.cooldown', line: 33, fragment: "found '-30s' (negative)", count: 1 },

  // Replicas and balancing
  { name: 'negative replicas', text: worker('replicas: -1'), path: 'agents.worker.replicas', line: 26, fragment: 'an integer of at least 0', count: 1 },
  { name: 'an empty pool whose autoscaler watches utilisation (no signal without replicas)', text: reactive({ min: '0' }, 0), path: 'agents.worker.replicas', line: 26, fragment: 'nothing that adds one', count: 1 },
  { name: 'an empty GPU pool whose schedule never adds a replica', text: pool('replicas: 0, autoscale: { kind: scheduled, schedule: [{ at: 10s, replicas: 0 }] }'), path: 'gpus.pool.replicas', line: 6, fragment: 'a GPU pool that can serve', count: 1 },
  { name: 'weighted balancing without weights', text: worker('replicas: 2', 'balance: weighted'), path: 'agents.worker.weights', line: 24, fragment: "a field 'weights'", count: 1 },
  { name: 'weights not matching the replicas', text: worker('replicas: 2', 'balance: weighted', 'weights: [3, 1, 1]'), path: 'agents.worker.weights', line: 28, fragment: 'one weight per replica (2), found 3 weights', count: 1 },
  { name: 'fewer weights than replicas', text: worker('replicas: 2', 'balance: weighted', 'weights: [3]', 'autoscale: { kind: scheduled, schedule: [{ at: 1min, replicas: 4 }] }'), path: 'agents.worker.weights', line: 28, fragment: 'one weight per replica at the start (2), up to one per replica the pool can have (4: on-demand up to the autoscaler\'s max, then spot), found 1 weight', count: 1 },
  { name: 'a failure time of mean 0', text: worker('failures: { time_to_failure: { dist: deterministic, value: 0s }, repair: { dist: exponential, mean: 1min } }'), path: 'agents.worker.failures.time_to_failure', line: 26, fragment: 'a mean above 0', count: 1 },
  { name: 'a reclaim time of mean 0', text: worker('spot: { replicas: 1, time_to_reclaim: { dist: uniform, min: 0s, max: 0s } }'), path: 'agents.worker.spot.time_to_reclaim', line: 26, fragment: 'found a mean of 0 s', count: 1 },
  { name: 'no positive weight', text: worker('replicas: 2', 'balance: weighted', 'weights: [0, 0]'), path: 'agents.worker.weights', line: 28, fragment: 'at least one weight greater than 0, found every weight 0', count: 1 },
  { name: 'a negative weight', text: worker('replicas: 2', 'balance: weighted', 'weights: [1, -1]'), path: 'agents.worker.weights[1]', line: 28, fragment: 'a weight of at least 0', count: 1 },
  { name: 'weights with another balancer', text: worker('replicas: 2', 'balance: round-robin', 'weights: [1, 1]'), path: 'agents.worker.weights', line: 28, fragment: "'weights' only with balance: weighted", count: 1 },
  { name: 'capacity balancing at a station', text: worker('replicas: 2', 'balance: capacity'), path: 'agents.worker.balance', line: 27, fragment: "'shared', 'round-robin', 'least-loaded', 'weighted' or 'affinity', found 'capacity'", count: 1 },
  { name: 'an unknown balancer at a GPU pool', text: pool('replicas: 2, balance: random'), path: 'gpus.pool.balance', line: 6, fragment: "'weighted', 'affinity' or 'capacity', found 'random'", count: 1 },
  { name: 'an unknown discipline', text: worker('discipline: lifo'), path: 'agents.worker.discipline', line: 26, fragment: "'fcfs', 'priority' or 'preemptive', found 'lifo'", count: 1 },
  { name: 'a capacity field on an llm agent', text: agentLlm('replicas: 2'), path: 'agents.plan.replicas', line: 22, fragment: "unknown field 'replicas'", count: 1 },

  // Autoscalers
  { name: 'an autoscaler without a kind', text: worker('autoscale: { max: 4 }'), path: 'agents.worker.autoscale.kind', line: 26, fragment: 'reactive, scheduled, predictive', count: 1 },
  { name: 'an unknown autoscaler kind', text: worker('autoscale: { kind: magic }'), path: 'agents.worker.autoscale.kind', line: 26, fragment: "'reactive', 'scheduled' or 'predictive', found 'magic'", count: 1 },
  { name: 'upper not above lower', text: reactive({ upper: '0.3', lower: '0.5' }), path: 'agents.worker.autoscale.upper', line: 30, fragment: 'upper greater than lower, found upper 0.3 <= lower 0.5', count: 1 },
  { name: 'a utilisation threshold above 1', text: reactive({ upper: '1.5' }), path: 'agents.worker.autoscale.upper', line: 30, fragment: 'a utilisation between 0 and 1', count: 1 },
  { name: 'a latency threshold written as a rate', text: reactive({ signal: 'latency', upper: '5/s', lower: '1s' }), path: 'agents.worker.autoscale.upper', line: 30, fragment: "whose unit '/s' is a rate", count: 1 },
  { name: 'an unknown signal', text: reactive({ signal: 'cpu' }), path: 'agents.worker.autoscale.signal', line: 29, fragment: "'queue', 'utilization' or 'latency'", count: 1 },
  { name: 'min above replicas', text: reactive({ min: '3' }), path: 'agents.worker.autoscale.min', line: 34, fragment: 'min <= replicas <= max, found min 3, replicas 2, max 4', count: 1 },
  { name: 'replicas above max', text: reactive({ max: '1' }), path: 'agents.worker.autoscale.max', line: 35, fragment: 'min <= replicas <= max, found min 1, replicas 2, max 1', count: 1 },
  { name: 'a reactive autoscaler without max', text: reactive({ max: '' }), path: 'agents.worker.autoscale.max', line: 28, fragment: "a field 'max'", count: 1 },
  { name: 'a window of 0', text: reactive({ window: '0s' }), path: 'agents.worker.autoscale.window', line: 32, fragment: 'greater than 0', count: 1 },
  { name: 'a step of 0', text: reactive({ step: '0' }), path: 'agents.worker.autoscale.step', line: 36, fragment: 'an integer of at least 1 (replicas added or removed per action)', count: 1 },
  { name: 'a misspelled autoscaler field', text: reactive({ cooldwn: '1min' }), path: 'agents.worker.autoscale.cooldwn', line: 36, fragment: "did you mean 'cooldown'", count: 1 },
  {
    name: 'a schedule out of order', text: worker('autoscale: { kind: scheduled, schedule: [{ at: 10min, replicas: 3 }, { at: 5min, replicas: 1 }] }'),
    path: 'agents.worker.autoscale.schedule[1].at', line: 26, fragment: "a time after the previous entry's (600 s): entries in ascending order, found 300 s", count: 1,
  },
  { name: 'a schedule beyond the horizon', text: worker('autoscale: { kind: scheduled, schedule: [{ at: 1h, replicas: 3 }] }'), path: 'agents.worker.autoscale.schedule[0].at', line: 26, fragment: 'within the horizon (before 1000 s), found 3600 s', count: 1 },
  { name: 'an empty schedule', text: worker('autoscale: { kind: scheduled, schedule: [] }'), path: 'agents.worker.autoscale.schedule', line: 26, fragment: 'at least one { at, replicas } entry', count: 1 },
  { name: 'a schedule entry without replicas', text: worker('autoscale: { kind: scheduled, schedule: [{ at: 1min }] }'), path: 'agents.worker.autoscale.schedule[0].replicas', line: 26, fragment: "a field 'replicas'", count: 1 },
  { name: 'a forecast that goes negative', text: worker('autoscale: { kind: predictive, forecast: "10 - t", per_replica: 2/s, interval: 1min, max: 5 }'), path: 'agents.worker.autoscale.forecast', line: 26, fragment: "'10 - t', which gives", count: 1 },
  { name: 'a forecast calling a forbidden function', text: worker('autoscale: { kind: predictive, forecast: "evaluate(t)", per_replica: 2/s, interval: 1min, max: 5 }'), path: 'agents.worker.autoscale.forecast', line: 26, fragment: "a call of 'evaluate'", count: 1 },
  { name: 'a predictive autoscaler without per_replica', text: worker('autoscale: { kind: predictive, forecast: 5/s, interval: 1min, max: 5 }'), path: 'agents.worker.autoscale.per_replica', line: 26, fragment: "a field 'per_replica'", count: 1 },
  { name: 'negative headroom', text: worker('autoscale: { kind: predictive, forecast: 5/s, per_replica: 2/s, headroom: -0.1, interval: 1min, max: 5 }'), path: 'agents.worker.autoscale.headroom', line: 26, fragment: 'a fraction of at least 0', count: 1 },

  // Failures, spot capacity, scale-to-zero
  { name: 'failures without a repair time', text: worker('failures: { time_to_failure: { dist: exponential, mean: 1h } }'), path: 'agents.worker.failures.repair', line: 26, fragment: "a field 'repair'", count: 1 },
  { name: 'no spot replicas', text: worker('spot: { replicas: 0, time_to_reclaim: { dist: exponential, mean: 1h } }'), path: 'agents.worker.spot.replicas', line: 26, fragment: 'an integer of at least 1', count: 1 },
  { name: 'a checkpoint that is no duration', text: worker('spot: { replicas: 1, time_to_reclaim: { dist: exponential, mean: 1h }, checkpoint: sometimes }'), path: 'agents.worker.spot.checkpoint', line: 26, fragment: "or 'never', found 'sometimes'", count: 1 },
  { name: 'spot without a reclaim time', text: worker('spot: { replicas: 1 }'), path: 'agents.worker.spot.time_to_reclaim', line: 26, fragment: "a field 'time_to_reclaim'", count: 1 },
  { name: 'scale-to-zero after no idle time', text: worker('scale_to_zero: { idle: 0s, cold_start: { dist: deterministic, value: 5s } }'), path: 'agents.worker.scale_to_zero.idle', line: 26, fragment: 'greater than 0', count: 1 },

  // Timeouts and retries
  { name: 'a timeout of 0', text: worker('timeout: 0s'), path: 'agents.worker.timeout', line: 26, fragment: 'a duration greater than 0, such as 30s', count: 1 },
  { name: 'a timeout on a router', text: editFlows({ 30: '    output_tokens: 100\n  gate:\n    kind: router\n    timeout: 1s' }), path: 'agents.gate.timeout', line: 33, fragment: "unknown field 'timeout'", count: 1 },
  { name: 'a retry without max', text: worker('retry: { backoff: 1s }'), path: 'agents.worker.retry.max', line: 26, fragment: "a field 'max'", count: 1 },
  { name: 'a retry max of 0', text: worker('retry: { max: 0 }'), path: 'agents.worker.retry.max', line: 26, fragment: 'an integer of at least 1 (retries after the first attempt)', count: 1 },
  { name: 'a multiplier below 1', text: worker('retry: { max: 2, multiplier: 0.5 }'), path: 'agents.worker.retry.multiplier', line: 26, fragment: 'a backoff multiplier of at least 1, found 0.5', count: 1 },
  { name: 'jitter above 1', text: worker('retry: { max: 2, jitter: 1.5 }'), path: 'agents.worker.retry.jitter', line: 26, fragment: 'a jitter fraction between 0 and 1, found 1.5', count: 1 },
  { name: 'a negative backoff', text: worker('retry: { max: 2, backoff: -1s }'), path: 'agents.worker.retry.backoff', line: 26, fragment: 'negative', count: 1 },
  { name: 'an unknown kind of retry', text: worker('retry: { max: 2, on: [crash] }'), path: 'agents.worker.retry.on[0]', line: 26, fragment: "'failure' or 'timeout', found 'crash'", count: 1 },
  { name: 'a kind of retry listed twice', text: worker('retry: { max: 2, on: [failure, failure] }'), path: 'agents.worker.retry.on[1]', line: 26, fragment: "'failure' listed again", count: 1 },
  { name: 'retries on timeouts without a timeout', text: worker('retry: { max: 2, on: timeout }'), path: 'agents.worker.retry.on', line: 26, fragment: "retry on 'timeout' without a timeout", count: 1 },

  // Quorum forks and speculation
  { name: 'a quorum above the branches', text: planNext('{ fork: [worker, worker], need: 3 }'), path: 'agents.plan.next.need', line: 22, fragment: 'need between 1 and the number of branches (2), found 3', count: 1 },
  { name: 'a quorum of 0', text: planNext('{ fork: [worker, worker], need: 0 }'), path: 'agents.plan.next.need', line: 22, fragment: 'an integer of at least 1 (branches that must finish)', count: 1 },
  { name: 'a quorum above a counted fork', text: planNext('{ fork: { to: worker, count: 3 }, need: 4 }'), path: 'agents.plan.next.need', line: 22, fragment: 'branches (3), found 4', count: 1 },
  { name: 'a branch count of 0', text: planNext('{ fork: { to: worker, count: 0 } }'), path: 'agents.plan.next.fork.count', line: 22, fragment: 'an integer of at least 1', count: 1 },
  { name: 'copies of an unknown agent', text: planNext('{ fork: { to: wrker, count: 2 } }'), path: 'agents.plan.next.fork.to', line: 22, fragment: "unknown agent 'wrker' (did you mean 'worker'?)", count: 1 },
  { name: 'copies of exit', text: planNext('{ fork: { to: exit, count: 2 } }'), path: 'agents.plan.next.fork.to', line: 22, fragment: 'a fork branch cannot be exit', count: 1 },
  { name: 'a speculation hit above 1', text: planNext('{ speculate: { main: worker, guess: cheap, hit: 1.5 }, then: exit }'), path: 'agents.plan.next.speculate.hit', line: 22, fragment: 'a probability between 0 and 1, found 1.5', count: 1 },
  { name: 'a speculation without a guess', text: planNext('{ speculate: { main: worker, hit: 0.8 } }'), path: 'agents.plan.next.speculate.guess', line: 22, fragment: "a field 'guess'", count: 1 },
  { name: 'a speculation whose main is exit', text: planNext('{ speculate: { main: exit, guess: worker, hit: 0.8 } }'), path: 'agents.plan.next.speculate.main', line: 22, fragment: 'cannot be exit', count: 1 },
  { name: 'a misspelled speculation field', text: planNext('{ speculate: { main: worker, gues: cheap, guess: cheap, hit: 0.8 } }'), path: 'agents.plan.next.speculate.gues', line: 22, fragment: "did you mean 'guess'", count: 1 },

  // Classes: priority, rate limits, max steps
  { name: 'a negative priority', text: editFlows({ 11: '    priority: -1' }), path: 'workload.gold.priority', line: 11, fragment: 'an integer of at least 0 (lower numbers are served first)', count: 1 },
  { name: 'max steps of 0', text: gold('max_steps: 0'), path: 'workload.gold.max_steps', line: 12, fragment: 'an integer of at least 1 (agent visits allowed per request)', count: 1 },
  { name: 'a rate limit of 0', text: gold('rate_limit: { rate: 0/s }'), path: 'workload.gold.rate_limit.rate', line: 12, fragment: 'must be greater than 0', count: 1 },
  { name: 'a burst below 1', text: gold('rate_limit: { rate: 5/s, burst: 0.5 }'), path: 'workload.gold.rate_limit.burst', line: 12, fragment: 'a number of tokens of at least 1', count: 1 },
  { name: 'an unknown rate-limit action', text: gold('rate_limit: { rate: 5/s, action: drop }'), path: 'workload.gold.rate_limit.action', line: 12, fragment: "'reject' or 'queue', found 'drop'", count: 1 },
  { name: 'a rate limit without a rate', text: gold('rate_limit: { burst: 5 }'), path: 'workload.gold.rate_limit.rate', line: 12, fragment: "a field 'rate'", count: 1 },

  // Sessions
  { name: 'a population of 0', text: goldArrivals('{ process: sessions, population: 0, turns: 3 }'), path: 'workload.gold.arrivals.population', line: 9, fragment: 'an integer of at least 1 (sessions always open)', count: 1 },
  { name: 'sessions with neither a population, arrivals nor a trace', text: goldArrivals('{ process: sessions, turns: 3 }'), path: 'workload.gold.arrivals.population', line: 9, fragment: "exactly one of 'population', 'arrivals' or 'trace', found none of them", count: 1 },
  { name: 'sessions with a population and arrivals', text: goldArrivals('{ process: sessions, population: 5, arrivals: { process: poisson, rate: 1/s }, turns: 3 }'), path: 'workload.gold.arrivals.arrivals', line: 9, fragment: "found both 'population' and 'arrivals'", count: 1 },
  { name: 'sessions without turns', text: goldArrivals('{ process: sessions, population: 5 }'), path: 'workload.gold.arrivals.turns', line: 9, fragment: "a field 'turns'", count: 1 },
  { name: 'turns of 0', text: goldArrivals('{ process: sessions, population: 5, turns: 0 }'), path: 'workload.gold.arrivals.turns', line: 9, fragment: 'a whole number of turns of at least 1', count: 1 },
  { name: 'a turn distribution averaging below 1', text: goldArrivals('{ process: sessions, population: 5, turns: { dist: uniform, min: 0, max: 1 } }'), path: 'workload.gold.arrivals.turns', line: 9, fragment: 'a mean of at least 1, found a mean of 0.5', count: 1 },
  { name: 'turns written as a duration', text: goldArrivals('{ process: sessions, population: 5, turns: { dist: gamma, mean: 5s, cv: 1 } }'), path: 'workload.gold.arrivals.turns.mean', line: 9, fragment: "without a unit, found '5s'", count: 1 },
  { name: 'a think time written as a rate', text: goldArrivals('{ process: sessions, population: 5, turns: 3, think: 5/s }'), path: 'workload.gold.arrivals.think', line: 9, fragment: "whose unit '/s' is a rate", count: 1 },
  { name: 'sessions arriving from a trace process', text: goldArrivals('{ process: sessions, arrivals: { process: trace, file: t.csv }, turns: 3 }'), path: 'workload.gold.arrivals.arrivals.process', line: 9, fragment: "arrivals of sessions with a rate (any process but trace or sessions), found process 'trace'", count: 1 },
  { name: 'a session trace without its session column', text: sessionTraceArrivals('file: t.csv, time: { column: time }'), options: sessionTrace, path: 'workload.gold.arrivals.trace.session', line: 9, fragment: "a field 'session'", count: 1 },
  { name: 'a session trace with turns', text: goldArrivals('{ process: sessions, trace: { file: t.csv, time: { column: time }, session: conversation }, turns: 3 }'), options: sessionTrace, path: 'workload.gold.arrivals.turns', line: 9, fragment: "'turns' only for generated sessions", count: 1 },
  { name: 'an unknown replay mode', text: sessionTraceArrivals('file: t.csv, time: { column: time }, session: conversation, replay: half'), options: sessionTrace, path: 'workload.gold.arrivals.trace.replay', line: 9, fragment: "'closed' or 'open', found 'half'", count: 1 },
  { name: 'a session column the trace lacks', text: sessionTraceArrivals('file: t.csv, time: { column: time }, session: user'), options: sessionTrace, path: 'workload.gold.arrivals.trace.session', line: 9, fragment: "a column named 'user'", count: 1 },
  {
    name: 'an empty session id in the trace', text: sessionTraceArrivals('file: t.csv, time: { column: time }, session: conversation'), options: { readFile: () => 'time,conversation\n0,a\n1,\n' },
    path: 'workload.gold.arrivals.trace.file', line: 9, fragment: "a session id: an integer or a non-empty string in column 'conversation', found an empty field (row 2 of 't.csv')", count: 1,
  },

  {
    name: 'KV memory below the largest call of a session trace', options: { readFile: () => 'time,conversation,tokens\n0,a,10\n1,b,9000000\n' },
    text: editFlows({ 9: '    arrivals: { process: sessions, trace: { file: t.csv, time: { column: time }, attributes: { prompt: tokens }, session: conversation } }', 20: '    input_tokens: prompt' }),
    path: 'gpus.pool.kv_memory', line: 6, fragment: '(9000000 prompt + 100 output tokens)', count: 1,
  },

  // Budgets
  { name: 'an action that is no action', text: budget('scope: task, limit: 0.5, on_exhaustion: degrade'), path: 'budgets.hourly.on_exhaustion', line: 32, fragment: "'stop', 'defer', or { degrade: <llm agent> }, found 'degrade'", count: 1 },
  { name: 'degrading to a station', text: budget('scope: task, limit: 0.5, on_exhaustion: { degrade: worker }'), path: 'budgets.hourly.on_exhaustion.degrade', line: 32, fragment: "an llm agent to send the calls to (a cheaper model), found agent 'worker', a station", count: 1 },
  { name: 'degrading to an unknown agent', text: budget('scope: task, limit: 0.5, on_exhaustion: { degrade: chep }'), path: 'budgets.hourly.on_exhaustion.degrade', line: 32, fragment: "unknown agent 'chep' (did you mean 'cheap'?)", count: 1 },
  { name: 'deferring a task budget', text: budget('scope: task, limit: 0.5, on_exhaustion: defer'), path: 'budgets.hourly.on_exhaustion', line: 32, fragment: "only a period budget refills, so only it can defer), found 'defer' with scope 'task'", count: 1 },
  { name: 'a period budget without a period', text: budget('scope: period, limit: 0.5, on_exhaustion: stop'), path: 'budgets.hourly.period', line: 32, fragment: "a field 'period'", count: 1 },
  { name: 'a period on a task budget', text: budget('scope: task, limit: 0.5, period: 1h, on_exhaustion: stop'), path: 'budgets.hourly.period', line: 32, fragment: "'period' only with scope: period", count: 1 },
  { name: 'a limit of 0', text: budget('scope: task, limit: 0, on_exhaustion: stop'), path: 'budgets.hourly.limit', line: 32, fragment: 'an amount greater than 0', count: 1 },
  { name: 'a negative burst', text: budget('scope: task, limit: 1, burst: -1, on_exhaustion: stop'), path: 'budgets.hourly.burst', line: 32, fragment: 'an amount of at least 0', count: 1 },
  { name: 'an unknown resource', text: budget('scope: task, resource: dollars, limit: 1, on_exhaustion: stop'), path: 'budgets.hourly.resource', line: 32, fragment: "'cost' or 'tokens', found 'dollars'", count: 1 },
  { name: 'a budget for an unknown class', text: budget('scope: task, limit: 1, classes: [gold, silver], on_exhaustion: stop'), path: 'budgets.hourly.classes[1]', line: 32, fragment: "unknown class 'silver'", count: 1 },
  { name: 'a class listed twice', text: budget('scope: task, limit: 1, classes: [gold, gold], on_exhaustion: stop'), path: 'budgets.hourly.classes[1]', line: 32, fragment: "'gold' listed again", count: 1 },
  { name: 'a budget for no class', text: budget('scope: task, limit: 1, classes: [], on_exhaustion: stop'), path: 'budgets.hourly.classes', line: 32, fragment: 'at least one class', count: 1 },
  { name: 'a session budget on classes without sessions', text: budget('scope: session, limit: 1, on_exhaustion: stop'), path: 'budgets.hourly.scope', line: 32, fragment: "found class 'gold', whose arrivals are not sessions", count: 1 },
  { name: 'a budget with a bad name', text: editFlows({}, ['budgets:', '  "per hour": { scope: task, limit: 1, on_exhaustion: stop }']), path: 'budgets.per hour', line: 32, fragment: 'a budget name made of letters', count: 1 },

  // Quotas
  { name: 'a quota over a class with its own rate limit', text: editFlows({ 11: '    priority: 0\n    rate_limit: { rate: 1/s }' }, ['quotas:', '  tenant: { rate: 5/s, classes: [gold, bronze] }']), path: 'quotas.tenant.classes[0]', line: 33, fragment: "found class 'gold', which has a rate_limit", count: 1 },
  { name: 'a class in two quotas', text: quotas('a: { rate: 5/s, classes: [gold] }', 'b: { rate: 5/s, classes: [bronze, gold] }'), path: 'quotas.b.classes[1]', line: 33, fragment: "found class 'gold', already in quota 'a'", count: 1 },
  { name: 'a quota without classes', text: quotas('a: { rate: 5/s }'), path: 'quotas.a.classes', line: 32, fragment: "a field 'classes'", count: 1 },
];

const table = suite('workflow diagnostics');

diagnosticCases(table, cases);

table.run();
