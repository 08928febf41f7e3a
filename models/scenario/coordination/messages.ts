// The catalogue's part for coordination: timelines, objectives, the coordination settings,
// participants and the action catalogue, as (expected, found) pairs, in the style of core/messages.ts.

import { quote } from '../core/messages.js';
import type { Message } from '../core/messages.js';

/** What a field accepts, for `expected` texts. */
export const EXPECTED_COORD = {
  timeline: 'a list of events such as { at: 20min, set_rate: { class: chat, factor: 2 } }',
  event: 'an event { at, <one of set_rate, set_rate_limit, set_objective, set_replicas, set_priority, join, set_price, set_cache_hit> }',
  setRate: 'a map { class, factor }',
  setRateLimit: 'a map { class, rate }',
  setObjective: 'a map { objective, threshold }',
  setReplicas: 'a map { pool or agent, replicas }',
  setPriority: 'a map { class, priority }',
  join: 'a map { class }',
  setPrice: 'a map { model, input, output } (dollars per 1k tokens; either may be left as it is)',
  setCacheHit: 'a map { agent, hit }',
  objectives: 'a list of objectives such as { name: chat-p95, agent: chat, metric: p95, class: chat, threshold: 2s, window: 60s }',
  objective: 'an objective { name, agent, metric, class, threshold, window, priority }',
  objectiveRef: 'the name of an objective of the objectives section',
  objectiveAgent: 'the name of the agent that owns the objective',
  coordination: 'a map { enabled, period, control_latency, message_latency, horizon, confidence, max_depth, validation }',
  validation: 'a map { horizon, warmup, replications }',
  enabled: 'true or false',
  maxDepth: 'an integer of at least 1 (nested rounds of negotiation)',
  participants: 'a list of participants such as { name: chat-agent, upstream: [gate], peers: [batch], downstream: [autoscaler] }',
  participant: 'a participant { name, upstream, downstream, peers }',
  participantList: 'a list of participant names',
  participantRef: 'the name of a participant',
  actions: 'a list of actions such as { name: throttle-batch, owner: gate, rate_limit: { class: batch, rate: 1/s }, duration: 10min }',
  action: 'an action { name, owner, <one of rate_limit, scale_rate, replicas, priority, cache_hit>, duration, needs }',
  actionList: 'a list of action names',
  actionRef: 'the name of an action',
  rateLimitEffect: 'a map { class, rate }',
  scaleRateEffect: 'a map { class, factor }',
  replicasEffect: 'a map { pool or agent, delta, max }',
  priorityEffect: 'a map { class, priority }',
  cacheHitEffect: 'a map { agent, hit }',
  name: 'a name made of letters, digits, _ and - that starts with a letter or _',
  factor: 'a factor greater than 0 (times the rate written in the workload), such as 0.5 or 2',
  replicaCount: 'an integer of at least 0 (on-demand replicas)',
  delta: 'a non-zero integer (replicas added, or removed when negative)',
  maxReplicas: 'an integer of at least 1 (the most on-demand replicas the action may reach)',
  priority: 'an integer (higher wins when objectives conflict)',
  latencyThreshold: 'a duration greater than 0, such as 2s (a plain number is seconds)',
  fraction: 'a fraction between 0 and 1 (a plain number), such as 0.05',
  stationRef: 'the name of a station agent with replicas',
  cacheRef: 'the name of a cache agent with a hit probability (policy probability)',
  hit: 'a hit probability between 0 and 1',
} as const;

const EVENT_LIST = "set_rate, set_rate_limit, set_objective, set_replicas, set_priority, join, set_price or set_cache_hit";
const EFFECT_LIST = "rate_limit, scale_rate, replicas, priority or cache_hit";

/** Every coordination diagnostic, by cause. `found` arguments are already described. */
export const coordMsg = {
  noEvent: (): Message => ({ expected: `exactly one event besides 'at': ${EVENT_LIST}`, found: 'none of them' }),
  twoEvents: (a: string, b: string): Message => ({ expected: `exactly one event besides 'at': ${EVENT_LIST}`, found: `both '${a}' and '${b}'` }),
  noEffect: (): Message => ({ expected: `exactly one effect: ${EFFECT_LIST}`, found: 'none of them' }),
  twoEffects: (a: string, b: string): Message => ({ expected: `exactly one effect: ${EFFECT_LIST}`, found: `both '${a}' and '${b}'` }),
  noTarget: (): Message => ({ expected: "exactly one of 'pool' (a GPU pool) or 'agent' (a station agent)", found: 'neither' }),
  twoTargets: (): Message => ({ expected: "exactly one of 'pool' (a GPU pool) or 'agent' (a station agent)", found: 'both' }),
  fixedArrivals: (className: string, process: string): Message => ({
    expected: 'a class whose arrivals have a rate (any process but trace or sessions): only a rate can be scaled',
    found: `class ${quote(className)}, whose arrivals are ${process === 'trace' ? 'replayed from a trace' : 'sessions'} (their times are given, not a rate)`,
  }),
  sharedQuota: (className: string, quota: string): Message => ({
    expected: 'a class outside every quota (a quota\'s token bucket is shared by all its classes, so one class\'s limit cannot change)',
    found: `class ${quote(className)}, in quota ${quote(quota)}`,
  }),
  fixedPool: (pool: string): Message => ({
    expected: 'a GPU pool with capacity settings, whose replicas can change (a pool with only replicas written has a fixed number: add balance: shared, or an autoscale)',
    found: `GPU pool ${quote(pool)}, whose replicas are fixed`,
  }),
  fixedStation: (agent: string): Message => ({
    expected: 'a station with capacity settings, whose replicas can change (write replicas: n on it)',
    found: `station ${quote(agent)}, which has no replicas`,
  }),
  noPriorityStation: (stations: readonly string[]): Message => ({
    expected: "a station with discipline 'priority' or 'preemptive' in the network (a class's priority matters only there)",
    found: stations.length === 0 ? 'no station agent' : `no such station (${stations.length === 1 ? 'station' : 'stations'} ${stations.map(quote).join(', ')} ${stations.length === 1 ? 'serves' : 'serve'} fcfs)`,
  }),
  notProbabilityCache: (agent: string, what: string): Message => ({
    expected: 'a cache agent with a hit probability (hit: written on it), whose hits a controller can make more or less likely',
    found: `agent ${quote(agent)}, ${what === 'keyed cache' ? 'a keyed cache (its hits come from its keys: it has no hit probability to set)' : what === 'llm' ? 'an llm agent' : `a ${what}`}`,
  }),
  notStation: (agent: string, kind: string, pool: string | undefined): Message => ({
    expected: 'a station agent with replicas (an llm agent scales through its GPU pool)',
    found: `agent ${quote(agent)}, ${kind === 'llm' ? 'an llm agent' : `a ${kind}`}${pool === undefined ? '' : ` served by GPU pool ${quote(pool)} (write pool: ${pool})`}`,
  }),
  unknownName: (kind: 'objective' | 'participant' | 'action', name: string, known: readonly string[], suggestion: string | undefined): Message => ({
    expected: known.length === 0
      ? `the name of ${kind === 'objective' ? 'an objective' : `a${kind === 'action' ? 'n' : ''} ${kind}`} (the ${kind}s section declares none)`
      : `one of the ${kind}s ${known.join(', ')}`,
    found: `unknown ${kind} ${quote(name)}${suggestion === undefined ? '' : ` (did you mean '${suggestion}'?)`}`,
  }),
  duplicateName: (kind: 'objective' | 'participant' | 'action', name: string, first: string): Message => ({
    expected: `a name no other ${kind} has`,
    found: `${quote(name)}, already the name of ${first}`,
  }),
  listedAgain: (name: string): Message => ({ expected: 'each name at most once', found: `${quote(name)} listed again` }),
  selfRelation: (name: string): Message => ({ expected: 'another participant (a participant is not related to itself)', found: `${quote(name)} itself` }),
  twoRelations: (name: string, relation: string): Message => ({
    expected: 'each participant in one relation at most (the relation decides the direction of a request)',
    found: `${quote(name)}, already in ${relation}`,
  }),
  noParticipants: (): Message => ({
    expected: 'a participants section declaring the owners of the actions (and whom each may ask)',
    found: 'actions without participants',
  }),
  selfNeed: (name: string): Message => ({ expected: 'another action (an action cannot need itself)', found: `${quote(name)} itself` }),
  unrelatedNeed: (action: string, owner: string, needOwner: string, related: readonly string[]): Message => ({
    expected: related.length === 0
      ? `an action owned by a participant related to ${quote(owner)} (it has no upstream, downstream or peers)`
      : `an action owned by a participant related to ${quote(owner)}: ${related.join(', ')} (its upstream, downstream and peers)`,
    found: `action ${quote(action)}, owned by ${quote(needOwner)}`,
  }),
  noObjective: (hasActions: boolean): Message => ({
    expected: 'at least one objective and one action when coordination is enabled (otherwise set enabled: false)',
    found: hasActions ? 'no objectives' : 'no objectives and no actions',
  }),
  noAction: (): Message => ({
    expected: 'at least one objective and one action when coordination is enabled (otherwise set enabled: false)',
    found: 'no actions',
  }),
  fraction: (found: string): Message => ({ expected: EXPECTED_COORD.fraction, found }),
  validationTooShort: (horizon: number, warmup: number): Message => ({
    expected: `a validation horizon longer than its warmup (${String(warmup)} s, the default)`,
    found: `${String(horizon)} s`,
  }),
} as const;
