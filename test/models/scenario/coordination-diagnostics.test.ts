// Malformed coordination sections: timeline events, objectives, the coordination settings,
// participants and actions. Each mistake is reported once, at its dotted path and line, saying what
// was expected and what was found (references name their candidates).

import { suite } from 'uvu';
import { editCoord, diagnosticCases, type DiagnosticCase } from './fixtures.js';

/** Lines from..to (1-based, inclusive) blanked, then `replace` applied. */
const blank = (from: number, to: number, replace: Readonly<Record<number, string>> = {}, append: readonly string[] = []) =>
  editCoord({ ...Object.fromEntries(Array.from({ length: to - from + 1 }, (_, i) => [from + i, '#'])), ...replace }, append);
/** The second timeline item (line 26, timeline[1]) replaced. */
const event = (text: string) => editCoord({ 26: `  - ${text}` });
/** The first timeline item (line 25, timeline[0], a set_replicas) with its body replaced. */
const replicas = (body: string) => editCoord({ 25: `  - { at: 45min, set_replicas: { ${body} } }` });
/** The set_objective item (line 28, timeline[3]) with its body replaced. */
const setObjective = (body: string) => editCoord({ 28: `  - { at: 40min, set_objective: { ${body} } }` });
/** The first objective (line 31, objectives[0]) with its fields replaced or added ('' removes one). */
const objective = (fields: Readonly<Record<string, string>>) => {
  const all: Record<string, string> = { name: 'chat-p95', agent: 'chat-answer', metric: 'p95', class: 'chat', threshold: '2s', window: '60s', priority: '2', ...fields };
  return editCoord({ 31: `  - { ${Object.entries(all).filter(([, v]) => v !== '').map(([k, v]) => `${k}: ${v}`).join(', ')} }` });
};
/** The batch-throughput objective (line 32, objectives[1]) with another threshold. */
const throughput = (threshold: string) => editCoord({ 32: `  - { name: batch-throughput, agent: batch-agent, metric: throughput, class: batch, threshold: ${threshold}, window: 1min }` });
/** The batch-rejections objective (line 33, objectives[2]) with another threshold. */
const rejected = (threshold: string) => editCoord({ 33: `  - { name: batch-rejections, agent: batch-gate, metric: rejected, class: batch, threshold: ${threshold}, window: 60s }` });
/** A coordination setting (lines 35-41) replaced. */
const setting = (line: number, text: string) => editCoord({ [line]: `  ${text}` });
const participant = (line: number, text: string) => editCoord({ [line]: `  - ${text}` });
/** An action (lines 49-52, actions[0..3]) replaced. */
const action = (line: number, text: string) => editCoord({ [line]: `  - ${text}` });
const throttle = (needs: string) => action(50, `{ name: throttle-batch, owner: batch-gate, rate_limit: { class: batch, rate: 1/s }, duration: 10min, needs: ${needs} }`);
const addReplica = (body: string) => action(52, `{ name: add-replica, owner: shared-autoscaler, replicas: { ${body} }, duration: 10min }`);
const SESSIONS = '{ process: sessions, population: 5, turns: 3 }';
/** A fifth action (line 53, actions[4]) with a priority effect; `tools` serves by priority unless `fcfs`. */
const priority = (body: string, fcfs = false) => editCoord(
  fcfs ? {} : { 22: '  tools: { servers: 2, replicas: 1, service: { dist: exponential, mean: 200ms }, discipline: priority }' },
  [`  - { name: chat-first, owner: batch-agent, priority: { ${body} }, duration: 10min }`],
);
/** Line 23 (`spare`) as a cache agent, `memo` (hit 0.3 unless `policy` is given). */
const MEMO = (policy = 'hit: 0.3') => ({ 23: `  memo: { kind: cache, ${policy}, quality: 0.5, next: tools }` });
/** The second timeline item (line 26) a set_cache_hit with `body`, `memo` a cache (or not, with `memo: false`). */
const setCacheHit = (body: string, policy?: string | false) => editCoord({ ...(policy === false ? {} : MEMO(policy)), 26: `  - { at: 20min, set_cache_hit: { ${body} } }` });
/** A fifth action (line 53, actions[4]) with a cache_hit effect, `memo` a cache (or not, with `memo: false`). */
const cacheHit = (body: string, policy?: string | false) => editCoord(
  policy === false ? {} : MEMO(policy),
  [`  - { name: loosen-memo, owner: batch-agent, cache_hit: { ${body} }, duration: 10min }`],
);
const KEYED = 'keys: { count: 100, zipf: 1.1 }, capacity: 10';

const cases: readonly DiagnosticCase[] = [
  // Timeline: the shape of an event
  { name: 'an event with no event', text: event('{ at: 20min }'), path: 'timeline[1]', line: 26, fragment: "exactly one event besides 'at': set_rate, set_rate_limit, set_objective, set_replicas, set_priority, join, set_price or set_cache_hit, found none of them", count: 1 },
  {
    name: 'two events in one item', text: event('{ at: 20min, set_rate_limit: { class: batch, rate: 1/s }, set_rate: { class: chat, factor: 2 } }'),
    path: 'timeline[1].set_rate', line: 26, fragment: "found both 'set_rate_limit' and 'set_rate'", count: 1,
  },
  { name: 'a misspelled event (reported once, with a suggestion)', text: event('{ at: 20min, set_rat: { class: chat, factor: 2 } }'), path: 'timeline[1].set_rat', line: 26, fragment: "unknown field 'set_rat' (did you mean 'set_rate'?)", count: 1 },
  { name: 'an event without a time', text: event('{ set_rate: { class: chat, factor: 2 } }'), path: 'timeline[1].at', line: 26, fragment: "a field 'at'", count: 1 },
  { name: 'an event at the horizon', text: event('{ at: 2h, set_rate: { class: chat, factor: 2 } }'), path: 'timeline[1].at', line: 26, fragment: 'a time within the horizon (before 7200 s), found 7200 s', count: 1 },
  { name: 'an event at a negative time', text: event('{ at: -5min, set_rate: { class: chat, factor: 2 } }'), path: 'timeline[1].at', line: 26, fragment: "found '-5min' (negative)", count: 1 },
  { name: 'a time written as a rate', text: event('{ at: 2/s, set_rate: { class: chat, factor: 2 } }'), path: 'timeline[1].at', line: 26, fragment: "whose unit '/s' is a rate", count: 1 },
  { name: 'a timeline that is not a list', text: blank(25, 29, { 24: 'timeline: { at: 20min }' }), path: 'timeline', line: 24, fragment: 'a list of events', count: 1 },

  // set_rate and set_rate_limit
  { name: 'a rate change of an unknown class', text: event('{ at: 20min, set_rate: { class: caht, factor: 2 } }'), path: 'timeline[1].set_rate.class', line: 26, fragment: "one of the classes chat, batch, found unknown class 'caht' (did you mean 'chat'?)", count: 1 },
  { name: 'a factor of 0', text: event('{ at: 20min, set_rate: { class: chat, factor: 0 } }'), path: 'timeline[1].set_rate.factor', line: 26, fragment: 'a factor greater than 0', count: 1 },
  { name: 'a rate change without a factor', text: event('{ at: 20min, set_rate: { class: chat } }'), path: 'timeline[1].set_rate.factor', line: 26, fragment: "a field 'factor'", count: 1 },
  {
    name: 'a rate change of a class of sessions', text: editCoord({ 13: `    arrivals: ${SESSIONS}` }),
    path: 'timeline[1].set_rate.class', line: 26, fragment: "found class 'chat', whose arrivals are sessions (their times are given, not a rate)", count: 1,
  },
  {
    name: 'a rate change of a class replayed from a trace', text: editCoord({ 13: '    arrivals: { process: trace, file: t.csv }' }), options: { readFile: () => 'timestamp\n1\n2\n' },
    path: 'timeline[1].set_rate.class', line: 26, fragment: "found class 'chat', whose arrivals are replayed from a trace", count: 1,
  },
  {
    name: 'a rate limit change of a class in a shared quota', text: editCoord({ 27: '  - { at: 30min, set_rate_limit: { class: chat, rate: 2/s } }' }, ['quotas:', '  tenant: { rate: 5/s, classes: [chat] }']),
    path: 'timeline[2].set_rate_limit.class', line: 27, fragment: "a class outside every quota (a quota's token bucket is shared by all its classes, so one class's limit cannot change), found class 'chat', in quota 'tenant'", count: 1,
  },
  { name: 'a rate limit of 0', text: editCoord({ 27: '  - { at: 30min, set_rate_limit: { class: batch, rate: 0/s } }' }), path: 'timeline[2].set_rate_limit.rate', line: 27, fragment: 'must be greater than 0', count: 1 },
  { name: 'a rate limit written as a duration', text: editCoord({ 27: '  - { at: 30min, set_rate_limit: { class: batch, rate: 5s } }' }), path: 'timeline[2].set_rate_limit.rate', line: 27, fragment: "whose unit 's' is a duration; write a rate per unit of time, such as 5/s", count: 1 },

  // join, set_price
  {
    name: 'a class joining that is replayed from a trace', text: editCoord({ 13: '    arrivals: { process: trace, file: t.csv }', 26: '  - { at: 20min, join: { class: chat } }' }), options: { readFile: () => 'timestamp\n1\n2\n' },
    path: 'timeline[1].join.class', line: 26, fragment: "found class 'chat', whose arrivals are replayed from a trace", count: 1,
  },
  { name: 'a class joining that does not exist', text: event('{ at: 20min, join: { class: bach } }'), path: 'timeline[1].join.class', line: 26, fragment: "unknown class 'bach' (did you mean 'batch'?)", count: 1 },
  { name: 'a price change of an unknown model', text: event('{ at: 20min, set_price: { model: gpt9, input: 0.001 } }'), path: 'timeline[1].set_price.model', line: 26, fragment: "'gpt9'", count: 1 },
  { name: 'a negative price', text: event('{ at: 20min, set_price: { model: small, output: -0.001 } }'), path: 'timeline[1].set_price.output', line: 26, fragment: 'an amount of dollars of at least 0', count: 1 },
  { name: 'a price change without a model', text: event('{ at: 20min, set_price: { input: 0.001 } }'), path: 'timeline[1].set_price.model', line: 26, fragment: "a field 'model'", count: 1 },
  // set_cache_hit
  {
    name: 'a hit change of an agent that is not a cache', text: setCacheHit('agent: tools, hit: 0.5'), path: 'timeline[1].set_cache_hit.agent', line: 26,
    fragment: "a cache agent with a hit probability (hit: written on it), whose hits a controller can make more or less likely, found agent 'tools', a station", count: 1,
  },
  {
    name: 'a hit change of a keyed cache', text: setCacheHit('agent: memo, hit: 0.5', KEYED), path: 'timeline[1].set_cache_hit.agent', line: 26,
    fragment: "found agent 'memo', a keyed cache (its hits come from its keys: it has no hit probability to set)", count: 1,
  },
  { name: 'a hit change of an unknown agent', text: setCacheHit('agent: mem, hit: 0.5'), path: 'timeline[1].set_cache_hit.agent', line: 26, fragment: "unknown agent 'mem' (did you mean 'memo'?)", count: 1 },
  { name: 'a hit above 1 in a hit change', text: setCacheHit('agent: memo, hit: 1.2'), path: 'timeline[1].set_cache_hit.hit', line: 26, fragment: 'a hit probability between 0 and 1, found 1.2', count: 1 },
  { name: 'a hit change without a hit', text: setCacheHit('agent: memo'), path: 'timeline[1].set_cache_hit.hit', line: 26, fragment: "a field 'hit'", count: 1 },
  { name: 'a hit change without an agent', text: setCacheHit('hit: 0.5'), path: 'timeline[1].set_cache_hit.agent', line: 26, fragment: "a field 'agent'", count: 1 },
  { name: 'an unknown field of a hit change', text: setCacheHit('agent: memo, hit: 0.5, threshold: 0.8'), path: 'timeline[1].set_cache_hit.threshold', line: 26, fragment: "one of the fields agent, hit, found unknown field 'threshold'", count: 1 },

  // set_priority
  {
    name: 'a priority change without a station serving by priority', text: event('{ at: 20min, set_priority: { class: chat, priority: 0 } }'), path: 'timeline[1].set_priority', line: 26,
    fragment: "a station with discipline 'priority' or 'preemptive' in the network (a class's priority matters only there), found no such station (stations 'batch-gate', 'tools' serve fcfs)", count: 1,
  },
  {
    name: 'a fractional priority in a priority change', text: editCoord({ 22: '  tools: { servers: 2, replicas: 1, service: { dist: exponential, mean: 200ms }, discipline: preemptive }', 26: '  - { at: 20min, set_priority: { class: chat, priority: 1.5 } }' }),
    path: 'timeline[1].set_priority.priority', line: 26, fragment: 'an integer of at least 0 (lower numbers are served first), found 1.5', count: 1,
  },
  {
    name: 'a priority change of an unknown class', text: editCoord({ 22: '  tools: { servers: 2, replicas: 1, service: { dist: exponential, mean: 200ms }, discipline: priority }', 26: '  - { at: 20min, set_priority: { class: bach, priority: 0 } }' }),
    path: 'timeline[1].set_priority.class', line: 26, fragment: "unknown class 'bach' (did you mean 'batch'?)", count: 1,
  },

  // set_objective
  { name: 'a change of an unknown objective', text: setObjective('objective: chat-p59, threshold: 3s'), path: 'timeline[3].set_objective.objective', line: 28, fragment: "one of the objectives chat-p95, batch-throughput, batch-rejections, found unknown objective 'chat-p59' (did you mean 'chat-p95'?)", count: 1 },
  { name: 'a throughput threshold written as a duration', text: setObjective('objective: batch-throughput, threshold: 3s'), path: 'timeline[3].set_objective.threshold', line: 28, fragment: "'3s', whose unit 's' is a duration", count: 1 },
  { name: 'a latency threshold written as a rate', text: setObjective('objective: chat-p95, threshold: 3/s'), path: 'timeline[3].set_objective.threshold', line: 28, fragment: "whose unit '/s' is a rate", count: 1 },
  { name: 'a rejected threshold as a percentage', text: setObjective('objective: batch-rejections, threshold: 5%'), path: 'timeline[3].set_objective.threshold', line: 28, fragment: "a fraction between 0 and 1 (a plain number), such as 0.05, found '5%'", count: 1 },

  // set_replicas
  { name: 'a replica change without a target', text: replicas('replicas: 1'), path: 'timeline[0].set_replicas.pool', line: 25, fragment: "exactly one of 'pool' (a GPU pool) or 'agent' (a station agent), found neither", count: 1 },
  { name: 'a replica change of a pool and an agent', text: replicas('pool: shared, agent: tools, replicas: 1'), path: 'timeline[0].set_replicas.agent', line: 25, fragment: 'found both', count: 1 },
  { name: 'a replica change of an unknown pool', text: replicas('pool: shard, replicas: 1'), path: 'timeline[0].set_replicas.pool', line: 25, fragment: "one of the GPU pools shared, fixed, found unknown GPU pool 'shard' (did you mean 'shared'?)", count: 1 },
  { name: 'a replica change of a pool with fixed replicas', text: replicas('pool: fixed, replicas: 2'), path: 'timeline[0].set_replicas.pool', line: 25, fragment: "found GPU pool 'fixed', whose replicas are fixed", count: 1 },
  { name: 'a replica change of an llm agent', text: replicas('agent: chat-answer, replicas: 2'), path: 'timeline[0].set_replicas.agent', line: 25, fragment: "found agent 'chat-answer', an llm agent served by GPU pool 'shared' (write pool: shared)", count: 1 },
  { name: 'a replica change of a station without replicas', text: replicas('agent: batch-gate, replicas: 2'), path: 'timeline[0].set_replicas.agent', line: 25, fragment: "(write replicas: n on it), found station 'batch-gate', which has no replicas", count: 1 },
  { name: 'a replica change of an unknown agent', text: replicas('agent: tool, replicas: 2'), path: 'timeline[0].set_replicas.agent', line: 25, fragment: "unknown agent 'tool' (did you mean 'tools'?)", count: 1 },
  { name: 'negative replicas', text: replicas('pool: shared, replicas: -1'), path: 'timeline[0].set_replicas.replicas', line: 25, fragment: 'an integer of at least 0 (on-demand replicas), found -1', count: 1 },
  { name: 'a fraction of a replica', text: replicas('pool: shared, replicas: 1.5'), path: 'timeline[0].set_replicas.replicas', line: 25, fragment: 'an integer of at least 0', count: 1 },
  { name: 'an unknown field of an event', text: replicas('pool: shared, replicas: 1, delay: 1min'), path: 'timeline[0].set_replicas.delay', line: 25, fragment: "one of the fields pool, agent, replicas, found unknown field 'delay'", count: 1 },

  // Objectives
  { name: 'two objectives of one name', text: throughput('1.8/s').replace('name: batch-throughput', 'name: chat-p95'), path: 'objectives[1].name', line: 32, fragment: "a name no other objective has, found 'chat-p95', already the name of objectives[0]", count: 1 },
  { name: 'an objective name with a space', text: objective({ name: '"chat p95"' }), path: 'objectives[0].name', line: 31, fragment: "letters, digits, _ and -", count: 1 },
  { name: 'an objective without a name', text: objective({ name: '' }), path: 'objectives[0].name', line: 31, fragment: "a field 'name'", count: 1 },
  { name: 'an unknown metric', text: objective({ metric: 'p90' }), path: 'objectives[0].metric', line: 31, fragment: "'p95', 'p99', 'mean', 'throughput' or 'rejected', found 'p90'", count: 1 },
  { name: 'an objective on an unknown class', text: objective({ class: 'chats' }), path: 'objectives[0].class', line: 31, fragment: "unknown class 'chats' (did you mean 'chat'?)", count: 1 },
  { name: 'a latency objective with a rate threshold', text: objective({ threshold: '2/s' }), path: 'objectives[0].threshold', line: 31, fragment: "'2/s', whose unit '/s' is a rate", count: 1 },
  { name: 'a latency threshold of 0', text: objective({ threshold: '0s' }), path: 'objectives[0].threshold', line: 31, fragment: "a duration greater than 0, such as 2s (a plain number is seconds), found '0s' (must be greater than 0)", count: 1 },
  { name: 'a throughput objective with a duration threshold', text: throughput('2s'), path: 'objectives[1].threshold', line: 32, fragment: 'write a rate per unit of time, such as 2/s', count: 1 },
  { name: 'a rejected fraction above 1', text: rejected('1.5'), path: 'objectives[2].threshold', line: 33, fragment: 'a fraction between 0 and 1 (a plain number), such as 0.05, found 1.5', count: 1 },
  { name: 'a rejected fraction with a unit', text: rejected('5/s'), path: 'objectives[2].threshold', line: 33, fragment: "found '5/s'", count: 1 },
  { name: 'a window of 0', text: objective({ window: '0s' }), path: 'objectives[0].window', line: 31, fragment: 'must be greater than 0', count: 1 },
  { name: 'an objective without a window', text: objective({ window: '' }), path: 'objectives[0].window', line: 31, fragment: "a field 'window'", count: 1 },
  { name: 'a priority that is not an integer', text: objective({ priority: '1.5' }), path: 'objectives[0].priority', line: 31, fragment: 'an integer (higher wins when objectives conflict), found 1.5', count: 1 },
  {
    name: 'an objective owned by an agent that is not a participant', text: objective({ agent: 'chat-agent' }), path: 'objectives[0].agent', line: 31,
    fragment: "one of the participants chat-answer, batch-gate, batch-agent, batch-scheduler, shared-autoscaler, found unknown participant 'chat-agent'", count: 1,
  },
  // The misspelled field is reported, and so is the missing one it was meant to be.
  { name: 'a misspelled objective field', text: objective({ threshold: '', threshhold: '2s' }), path: 'objectives[0].threshhold', line: 31, fragment: "did you mean 'threshold'?", count: 1 },
  { name: 'objectives that are not a list', text: blank(31, 33, { 30: 'objectives: { name: chat-p95 }' }), path: 'objectives', line: 30, fragment: 'a list of objectives', count: 1 },

  // The coordination block
  { name: 'a coordination block that is not a map', text: blank(35, 41, { 34: 'coordination: on' }), path: 'coordination', line: 34, fragment: "a map { enabled, period, control_latency, message_latency, horizon, confidence, max_depth, validation }, found 'on'", count: 1 },
  { name: 'enabled: yes (a string in YAML 1.2)', text: setting(35, 'enabled: yes'), path: 'coordination.enabled', line: 35, fragment: "true or false, found 'yes'", count: 1 },
  { name: 'a period of 0', text: setting(36, 'period: 0s'), path: 'coordination.period', line: 36, fragment: 'must be greater than 0', count: 1 },
  { name: 'a negative control latency', text: setting(37, 'control_latency: -1s'), path: 'coordination.control_latency', line: 37, fragment: "found '-1s' (negative)", count: 1 },
  { name: 'a message latency written as a rate', text: setting(38, 'message_latency: 10/s'), path: 'coordination.message_latency', line: 38, fragment: "whose unit '/s' is a rate", count: 1 },
  { name: 'a negative prediction horizon', text: setting(40, 'max_depth: 2\n  horizon: -1min'), path: 'coordination.horizon', line: 41, fragment: "found '-1min' (negative)", count: 1 },
  { name: 'a confidence of 1', text: setting(39, 'confidence: 1'), path: 'coordination.confidence', line: 39, fragment: 'a number strictly between 0 and 1', count: 1 },
  { name: 'a depth of 0', text: setting(40, 'max_depth: 0'), path: 'coordination.max_depth', line: 40, fragment: 'an integer of at least 1 (nested rounds of negotiation), found 0', count: 1 },
  { name: 'a validation warm-up as long as its horizon', text: setting(41, 'validation: { horizon: 1min, warmup: 2min }'), path: 'coordination.validation.warmup', line: 41, fragment: 'a warmup shorter than the horizon (60 s), found 120 s', count: 1 },
  { name: 'a validation horizon within the default warm-up', text: setting(41, 'validation: { horizon: 30s }'), path: 'coordination.validation.horizon', line: 41, fragment: 'a validation horizon longer than its warmup (60 s, the default), found 30 s', count: 1 },
  { name: 'one validation replication', text: setting(41, 'validation: { replications: 1 }'), path: 'coordination.validation.replications', line: 41, fragment: 'an integer of at least 2', count: 1 },
  { name: 'a misspelled validation field', text: setting(41, 'validation: { replication: 3 }'), path: 'coordination.validation.replication', line: 41, fragment: "did you mean 'replications'?", count: 1 },
  { name: 'a misspelled coordination field', text: setting(36, 'perod: 30s'), path: 'coordination.perod', line: 36, fragment: "did you mean 'period'?", count: 1 },
  { name: 'coordination enabled without objectives', text: blank(30, 33, { 28: '#' }), path: 'coordination.enabled', line: 35, fragment: 'at least one objective and one action when coordination is enabled (otherwise set enabled: false), found no objectives', count: 1 },
  { name: 'coordination enabled without actions', text: blank(48, 52), path: 'coordination.enabled', line: 35, fragment: 'found no actions', count: 1 },
  { name: 'coordination on by default without objectives or actions', text: blank(48, 52, { 28: '#', 30: '#', 31: '#', 32: '#', 33: '#', 35: '#' }), path: 'coordination', line: 36, fragment: 'found no objectives and no actions', count: 1 },

  // Participants
  {
    name: 'two participants of one name', text: participant(47, '{ name: shared-autoscaler }\n  - { name: batch-agent }'),
    path: 'participants[5].name', line: 48, fragment: "a name no other participant has, found 'batch-agent', already the name of participants[2]", count: 1,
  },
  { name: 'a relation to an unknown participant', text: participant(44, '{ name: batch-gate, upstream: [batch-schedular] }'), path: 'participants[1].upstream[0]', line: 44, fragment: "unknown participant 'batch-schedular' (did you mean 'batch-scheduler'?)", count: 1 },
  { name: 'a participant related to itself', text: participant(44, '{ name: batch-gate, upstream: [batch-scheduler, batch-gate] }'), path: 'participants[1].upstream[1]', line: 44, fragment: "another participant (a participant is not related to itself), found 'batch-gate' itself", count: 1 },
  { name: 'a participant in two relations', text: participant(43, '{ name: chat-answer, upstream: [batch-gate], peers: [batch-agent, batch-gate], downstream: [shared-autoscaler] }'), path: 'participants[0].peers[1]', line: 43, fragment: "found 'batch-gate', already in upstream", count: 1 },
  { name: 'a participant listed twice in a relation', text: participant(44, '{ name: batch-gate, upstream: [batch-scheduler, batch-scheduler] }'), path: 'participants[1].upstream[1]', line: 44, fragment: "'batch-scheduler' listed again", count: 1 },
  { name: 'a relation that is not a list', text: participant(44, '{ name: batch-gate, upstream: batch-scheduler }'), path: 'participants[1].upstream', line: 44, fragment: "a list of participant names, found 'batch-scheduler'", count: 1 },
  { name: 'a participant without a name', text: participant(47, '{ upstream: [batch-agent] }'), path: 'participants[4].name', line: 47, fragment: "a field 'name'", count: 1 },
  { name: 'a misspelled relation', text: participant(45, '{ name: batch-agent, peer: [chat-answer] }'), path: 'participants[2].peer', line: 45, fragment: "did you mean 'peers'?", count: 1 },
  { name: 'participants that are not a list', text: blank(43, 47, { 42: 'participants: chat-answer' }), path: 'participants', line: 42, fragment: 'a list of participants', count: 1 },

  // Actions
  { name: 'two actions of one name', text: action(51, '{ name: yield-batch, owner: batch-scheduler, scale_rate: { class: batch, factor: 0.5 }, duration: 10min }'), path: 'actions[2].name', line: 51, fragment: "a name no other action has, found 'yield-batch', already the name of actions[0]", count: 1 },
  { name: 'an action owned by no participant', text: action(49, '{ name: yield-batch, owner: batch-agnt, scale_rate: { class: batch, factor: 0.5 }, duration: 10min }'), path: 'actions[0].owner', line: 49, fragment: "unknown participant 'batch-agnt' (did you mean 'batch-agent'?)", count: 1 },
  { name: 'an action without an effect', text: action(49, '{ name: yield-batch, owner: batch-agent, duration: 10min }'), path: 'actions[0]', line: 49, fragment: 'exactly one effect: rate_limit, scale_rate, replicas, priority or cache_hit, found none of them', count: 1 },
  {
    name: 'an action with two effects', text: action(49, '{ name: yield-batch, owner: batch-agent, scale_rate: { class: batch, factor: 0.5 }, rate_limit: { class: batch, rate: 1/s }, duration: 10min }'),
    path: 'actions[0].rate_limit', line: 49, fragment: "found both 'scale_rate' and 'rate_limit'", count: 1,
  },
  { name: 'a misspelled effect (reported once, with a suggestion)', text: action(49, '{ name: yield-batch, owner: batch-agent, scale_rte: { class: batch, factor: 0.5 }, duration: 10min }'), path: 'actions[0].scale_rte', line: 49, fragment: "did you mean 'scale_rate'?", count: 1 },
  { name: 'a replica delta of 0', text: addReplica('pool: shared, delta: 0, max: 3'), path: 'actions[3].replicas.delta', line: 52, fragment: 'a non-zero integer (replicas added, or removed when negative), found 0', count: 1 },
  { name: 'a fractional replica delta', text: addReplica('pool: shared, delta: 0.5, max: 3'), path: 'actions[3].replicas.delta', line: 52, fragment: 'a non-zero integer', count: 1 },
  { name: 'a replica budget of 0', text: addReplica('pool: shared, delta: 1, max: 0'), path: 'actions[3].replicas.max', line: 52, fragment: 'an integer of at least 1 (the most on-demand replicas the action may reach), found 0', count: 1 },
  { name: 'replicas of a pool with fixed replicas', text: addReplica('pool: fixed, delta: 1, max: 3'), path: 'actions[3].replicas.pool', line: 52, fragment: "found GPU pool 'fixed', whose replicas are fixed", count: 1 },
  { name: 'replicas without a target', text: addReplica('delta: 1, max: 3'), path: 'actions[3].replicas.pool', line: 52, fragment: 'found neither', count: 1 },
  { name: 'an action of no duration', text: action(49, '{ name: yield-batch, owner: batch-agent, scale_rate: { class: batch, factor: 0.5 }, duration: 0s }'), path: 'actions[0].duration', line: 49, fragment: 'must be greater than 0', count: 1 },
  { name: 'an action without a duration', text: action(49, '{ name: yield-batch, owner: batch-agent, scale_rate: { class: batch, factor: 0.5 } }'), path: 'actions[0].duration', line: 49, fragment: "a field 'duration'", count: 1 },
  {
    name: 'a rate limit action on a class in a shared quota', text: editCoord({ 27: '  - { at: 30min, set_rate_limit: { class: chat, rate: 2/s } }' }, ['quotas:', '  tenant: { rate: 5/s, classes: [batch] }']),
    path: 'actions[1].rate_limit.class', line: 50, fragment: "found class 'batch', in quota 'tenant'", count: 1,
  },
  {
    name: 'a priority action without a station serving by priority', text: priority('class: chat, priority: 0', true), path: 'actions[4].priority', line: 53,
    fragment: "a station with discipline 'priority' or 'preemptive' in the network (a class's priority matters only there), found no such station (stations 'batch-gate', 'tools' serve fcfs)", count: 1,
  },
  { name: 'a priority action on an unknown class', text: priority('class: chta, priority: 0'), path: 'actions[4].priority.class', line: 53, fragment: "one of the classes chat, batch, found unknown class 'chta' (did you mean 'chat'?)", count: 1 },
  { name: 'a fractional priority', text: priority('class: chat, priority: 0.5'), path: 'actions[4].priority.priority', line: 53, fragment: 'an integer of at least 0 (lower numbers are served first), found 0.5', count: 1 },
  { name: 'a negative priority', text: priority('class: chat, priority: -1'), path: 'actions[4].priority.priority', line: 53, fragment: 'an integer of at least 0 (lower numbers are served first), found -1', count: 1 },
  { name: 'a priority written as a word', text: priority('class: chat, priority: high'), path: 'actions[4].priority.priority', line: 53, fragment: "found 'high'", count: 1 },
  { name: 'a priority action without its priority', text: priority('class: chat'), path: 'actions[4].priority.priority', line: 53, fragment: "a field 'priority'", count: 1 },
  { name: 'an unknown field of a priority action', text: priority('class: chat, priority: 0, level: 1'), path: 'actions[4].priority.level', line: 53, fragment: "one of the fields class, priority, found unknown field 'level'", count: 1 },
  // cache_hit
  {
    name: 'a cache_hit action on an llm agent', text: cacheHit('agent: chat-answer, hit: 0.5', false), path: 'actions[4].cache_hit.agent', line: 53,
    fragment: "found agent 'chat-answer', an llm agent", count: 1,
  },
  { name: 'a cache_hit action on a keyed cache', text: cacheHit('agent: memo, hit: 0.5', KEYED), path: 'actions[4].cache_hit.agent', line: 53, fragment: "found agent 'memo', a keyed cache (its hits come from its keys: it has no hit probability to set)", count: 1 },
  { name: 'a cache_hit action on an unknown agent', text: cacheHit('agent: meme, hit: 0.5'), path: 'actions[4].cache_hit.agent', line: 53, fragment: "unknown agent 'meme' (did you mean 'memo'?)", count: 1 },
  { name: 'a negative hit', text: cacheHit('agent: memo, hit: -0.1'), path: 'actions[4].cache_hit.hit', line: 53, fragment: 'a hit probability between 0 and 1, found -0.1', count: 1 },
  { name: 'a hit written as a percentage', text: cacheHit('agent: memo, hit: 60%'), path: 'actions[4].cache_hit.hit', line: 53, fragment: "a hit probability between 0 and 1, found '60%'", count: 1 },
  { name: 'a cache_hit action without its hit', text: cacheHit('agent: memo'), path: 'actions[4].cache_hit.hit', line: 53, fragment: "a field 'hit'", count: 1 },
  { name: 'a cache_hit action that is not a map', text: editCoord(MEMO(), ['  - { name: loosen-memo, owner: batch-agent, cache_hit: 0.6, duration: 10min }']), path: 'actions[4].cache_hit', line: 53, fragment: 'a map { agent, hit }', count: 1 },
  // Both scale_rate actions on batch are refused: two mistakes.
  { name: 'a rate action on a class of sessions', text: editCoord({ 16: `    arrivals: ${SESSIONS}` }), path: 'actions[0].scale_rate.class', line: 49, fragment: "found class 'batch', whose arrivals are sessions", count: 2 },
  { name: 'needing an unknown action', text: throttle('[defer-bach]'), path: 'actions[1].needs[0]', line: 50, fragment: "one of the actions yield-batch, throttle-batch, defer-batch, add-replica, found unknown action 'defer-bach' (did you mean 'defer-batch'?)", count: 1 },
  { name: 'an action needing itself', text: throttle('[throttle-batch]'), path: 'actions[1].needs[0]', line: 50, fragment: "another action (an action cannot need itself), found 'throttle-batch' itself", count: 1 },
  {
    name: 'needing the action of an unrelated participant', text: throttle('[defer-batch, yield-batch]'), path: 'actions[1].needs[1]', line: 50,
    fragment: "an action owned by a participant related to 'batch-gate': batch-scheduler (its upstream, downstream and peers), found action 'yield-batch', owned by 'batch-agent'", count: 1,
  },
  {
    name: 'needs of an owner without relations', text: action(49, '{ name: yield-batch, owner: batch-agent, scale_rate: { class: batch, factor: 0.5 }, duration: 10min, needs: [defer-batch] }'),
    path: 'actions[0].needs[0]', line: 49, fragment: "related to 'batch-agent' (it has no upstream, downstream or peers)", count: 1,
  },
  { name: 'an action needed twice', text: throttle('[defer-batch, defer-batch]'), path: 'actions[1].needs[1]', line: 50, fragment: "'defer-batch' listed again", count: 1 },
  { name: 'needs that are not a list', text: throttle('defer-batch'), path: 'actions[1].needs', line: 50, fragment: "a list of action names, found 'defer-batch'", count: 1 },
  // Without participants, objectives name any agent, but actions need owners: reported once, not per action.
  { name: 'actions without participants', text: blank(42, 47), path: 'actions', line: 49, fragment: 'a participants section declaring the owners of the actions (and whom each may ask), found actions without participants', count: 1 },

  // Across sections
  // The misspelled section is missing too, which the actions report (once).
  { name: 'a misspelled section', text: editCoord({ 42: 'participant:' }), path: 'participant', line: 42, fragment: "did you mean 'participants'?", count: 2 },
  { name: 'a broken class is not reported again by its references', text: editCoord({ 13: '    arrivals: { process: poisson, rate: 0/s }' }), path: 'workload.chat.arrivals.rate', line: 13, fragment: 'must be greater than 0', count: 1 },
  {
    name: 'a bad value from --set is located and marked', text: editCoord({}), options: { overrides: ['coordination.period=0s'] },
    path: 'coordination.period', line: 36, fragment: "(must be greater than 0) (from the override coordination.period=0s)", count: 1,
  },
];

const table = suite('coordination diagnostics');

diagnosticCases(table, cases);

table.run();
